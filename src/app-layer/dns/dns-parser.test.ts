import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowDirection } from '../../flow/flow-direction.js';
import { CollectingSink } from '../collecting-sink.js';
import { DnsEvent } from './dns-events.js';
import { parseDnsMessage } from './dns-message.js';
import { readDnsName } from './dns-name.js';
import { DnsParser } from './dns-parser.js';
import type { DnsTransaction } from './dns-transaction.js';

const S = FlowDirection.ToServer;
const C = FlowDirection.ToClient;
const txt = (b: Uint8Array | null | undefined): string | null => (b == null ? null : new TextDecoder().decode(b));

function name(n: string): number[] {
  const out: number[] = [];
  for (const label of n.split('.')) {
    if (label === '') continue;
    out.push(label.length, ...Buffer.from(label, 'latin1'));
  }
  out.push(0);
  return out;
}
const u16 = (v: number): number[] => [v >> 8, v & 255];
const u32 = (v: number): number[] => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

/** www.example.com A query, id 0x1234, RD. */
const QUERY = Uint8Array.from([...u16(0x1234), ...u16(0x0100), ...u16(1), 0, 0, 0, 0, 0, 0, ...name('www.example.com'), ...u16(1), ...u16(1)]);

/** The response: CNAME www -> web.example.com (compressed), A 93.184.216.34, AAAA 2001:db8::1, MX, TXT. */
const RESPONSE = Uint8Array.from([
  ...u16(0x1234), ...u16(0x8180), ...u16(1), ...u16(5), 0, 0, 0, 0,
  ...name('www.example.com'), ...u16(1), ...u16(1),
  // CNAME: name = pointer to offset 12; rdata = "web" + pointer to "example.com" at offset 16
  0xc0, 12, ...u16(5), ...u16(1), ...u32(300), ...u16(6), 3, 0x77, 0x65, 0x62, 0xc0, 16,
  // A for web.example.com: pointer to the CNAME rdata (offset 45)
  0xc0, 45, ...u16(1), ...u16(1), ...u32(60), ...u16(4), 93, 184, 216, 34,
  0xc0, 45, ...u16(28), ...u16(1), ...u32(60), ...u16(16), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
  0xc0, 16, ...u16(15), ...u16(1), ...u32(60), ...u16(4), 0, 10, 0xc0, 12,
  0xc0, 16, ...u16(16), ...u16(1), ...u32(60), ...u16(6), 5, 0x76, 0x3d, 0x73, 0x70, 0x66,
]);

describe('DNS message parsing', () => {
  it('decompresses names and decodes answers', () => {
    const m = parseDnsMessage(RESPONSE, 0, RESPONSE.length)!;
    expect(m.malformed).toBe(false);
    expect(m.answers.map((a) => [txt(a.name), a.type])).toEqual([
      ['www.example.com', 5], ['web.example.com', 1], ['web.example.com', 28], ['example.com', 15], ['example.com', 16],
    ]);
  });

  it('rejects compression loops and forward pointers', () => {
    const selfLoop = Uint8Array.from([...new Array<number>(12).fill(0), 0xc0, 12]);
    expect(readDnsName(selfLoop, 12, selfLoop.length)).toBeNull();
    const twoStep = Uint8Array.from([...new Array<number>(12).fill(0), 1, 0x61, 0xc0, 16, 1, 0x62, 0xc0, 12]);
    expect(readDnsName(twoStep, 16, twoStep.length)).toBeNull();
    expect(readDnsName(twoStep, 12, twoStep.length)).toBeNull();
  });

  it('flags truncated messages but keeps what parsed', () => {
    const cut = RESPONSE.subarray(0, 60);
    const m = parseDnsMessage(cut, 0, cut.length)!;
    expect(m.malformed).toBe(true);
    expect(m.questions).toHaveLength(1);
    expect(m.answers).toHaveLength(1);
    expect(parseDnsMessage(cut, 0, 11)).toBeNull();
  });

  it('names the root "<root>"', () => {
    const b = Uint8Array.from([0]);
    expect(txt(readDnsName(b, 0, 1)!.name)).toBe('<root>');
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        parseDnsMessage(b, 0, b.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('DnsParser over UDP', () => {
  it('matches the response to the query and logs Suricata v2 shapes', () => {
    const sink = new CollectingSink();
    const p = new DnsParser(sink);
    p.onDatagram(S, QUERY, 0, QUERY.length, 1);
    expect(sink.sides).toHaveLength(1);
    p.onDatagram(C, RESPONSE, 0, RESPONSE.length, 2);
    expect(sink.completed).toHaveLength(1);
    const tx = sink.completed[0] as DnsTransaction;
    expect(txt(tx.getBuffer('dns.query', S))).toBe('www.example.com');
    expect(tx.getMultiBuffer('dns.query', S).map(txt)).toEqual(['www.example.com']);
    expect(tx.getBuffer('dns.query', C)).toBeNull();
    const [query, answer] = tx.eveRecords();
    expect(query).toEqual({ type: 'query', id: 0x1234, rrname: 'www.example.com', rrtype: 'A', tx_id: 0, opcode: 0 });
    expect(answer).toEqual({
      version: 2,
      type: 'answer',
      id: 0x1234,
      flags: '8180',
      qr: true,
      rd: true,
      ra: true,
      opcode: 0,
      rrname: 'www.example.com',
      rrtype: 'A',
      rcode: 'NOERROR',
      answers: [
        { rrname: 'www.example.com', rrtype: 'CNAME', ttl: 300, rdata: 'web.example.com' },
        { rrname: 'web.example.com', rrtype: 'A', ttl: 60, rdata: '93.184.216.34' },
        { rrname: 'web.example.com', rrtype: 'AAAA', ttl: 60, rdata: '2001:0db8:0000:0000:0000:0000:0000:0001' },
        { rrname: 'example.com', rrtype: 'MX', ttl: 60, rdata: 'www.example.com' },
        { rrname: 'example.com', rrtype: 'TXT', ttl: 60, rdata: 'v=spf' },
      ],
      grouped: {
        CNAME: ['web.example.com'],
        A: ['93.184.216.34'],
        AAAA: ['2001:0db8:0000:0000:0000:0000:0000:0001'],
        MX: ['www.example.com'],
        TXT: ['v=spf'],
      },
    });
    expect(tx.toEve()).toEqual({ query: [query], answer });
  });

  it('reports NXDOMAIN, unsolicited responses and unanswered queries', () => {
    const sink = new CollectingSink();
    const p = new DnsParser(sink);
    const nx = Uint8Array.from(RESPONSE.subarray(0, 33));
    nx[3] = 0x83;
    nx[7] = 0; // no answers
    p.onDatagram(C, nx, 0, nx.length, 1);
    p.onDatagram(S, QUERY, 0, QUERY.length, 2);
    p.onClose(3);
    const [unsolicited, unanswered] = sink.completed as DnsTransaction[];
    expect(unsolicited!.events).toContain(DnsEvent.UnsolicitedResponse);
    expect(unsolicited!.eveRecords()[0]!['rcode']).toBe('NXDOMAIN');
    expect(unanswered!.response).toBeNull();
    expect(unanswered!.eveRecords()).toHaveLength(1);
  });
});

describe('DnsParser over TCP', () => {
  const framed = (m: Uint8Array): Uint8Array => Uint8Array.from([...u16(m.length), ...m]);
  const stream = Uint8Array.from([...framed(QUERY), ...framed(QUERY.map((b, i) => (i === 1 ? 0x35 : b)))]);

  it('reassembles length-prefixed messages across any chunking', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: stream.length }), (step) => {
        const sink = new CollectingSink();
        const p = new DnsParser(sink);
        for (let i = 0; i < stream.length; i += step) p.onData(S, stream, i, Math.min(step, stream.length - i), 1);
        const r = framed(RESPONSE);
        for (let i = 0; i < r.length; i += step) p.onData(C, r, i, Math.min(step, r.length - i), 2);
        p.onClose(3);
        const txs = sink.completed as DnsTransaction[];
        expect(txs.map((t) => [t.request?.id, t.response?.id ?? null])).toEqual([[0x1234, 0x1234], [0x1235, null]]);
      }),
    );
  });

  it('stops a direction after a gap', () => {
    const sink = new CollectingSink();
    const p = new DnsParser(sink);
    p.onGap(S, 10);
    p.onData(S, stream, 0, stream.length, 1);
    expect(sink.sides).toHaveLength(0);
    expect(sink.flowEvents.map((e) => e.name)).toEqual([DnsEvent.Gap]);
  });
});
