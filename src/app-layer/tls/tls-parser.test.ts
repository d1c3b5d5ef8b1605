import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FlowDirection } from '../../flow/flow-direction.js';
import { CollectingSink } from '../collecting-sink.js';
import { parseClientHello } from './client-hello.js';
import { ja3String, md5Hex } from './ja3.js';
import { ja4 } from './ja4.js';
import { TlsEvent } from './tls-events.js';
import { TlsParser } from './tls-parser.js';
import type { TlsTransaction } from './tls-transaction.js';

const S = FlowDirection.ToServer;
const C = FlowDirection.ToClient;
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const txt = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder().decode(b));

function handshake(version: '12' | '13', chunk = 0): { tx: TlsTransaction; sink: CollectingSink } {
  const sink = new CollectingSink();
  const parser = new TlsParser(sink);
  const cs = fixture(`tls${version}-to-server.bin`);
  const sc = fixture(`tls${version}-to-client.bin`);
  const feed = (dir: FlowDirection, b: Uint8Array): void => {
    const step = chunk > 0 ? chunk : b.length;
    for (let i = 0; i < b.length; i += step) parser.onData(dir, b, i, Math.min(step, b.length - i), 1);
  };
  feed(S, cs);
  feed(C, sc);
  parser.onClose(2);
  expect(sink.completed).toHaveLength(1);
  return { tx: sink.completed[0] as TlsTransaction, sink };
}

describe('TlsParser on a captured TLS 1.2 handshake', () => {
  const { tx, sink } = handshake('12');

  it('reports both sides and completes once', () => {
    expect(sink.sides.map((s) => s.direction)).toEqual([S, C]);
  });

  it('matches tshark for JA3 and JA3S', () => {
    expect(txt(tx.getBuffer('ja3.string', S))).toBe(
      '771,49196-49200-159-52393-52392-52394-49195-49199-158-49188-49192-107-49187-49191-103-49162-49172-57-49161-49171-51-157-156-61-60-53-47-255,0-11-10-35-16-22-23-13,29-23-30-25-24,0-1-2',
    );
    expect(txt(tx.getBuffer('ja3.hash', S))).toBe('22558766122974704364c9c75c5cce0a');
    expect(txt(tx.getBuffer('ja3s.string', C))).toBe('771,49200,65281-11-35-23');
    expect(txt(tx.getBuffer('ja3s.hash', C))).toBe('ec74a5c51106f0419184d0dd08fb05bc');
  });

  it('reads SNI and the certificate as openssl shows it', () => {
    expect(txt(tx.getBuffer('tls.sni', S))).toBe('test.example.com');
    expect(txt(tx.getBuffer('tls.cert_subject', C))).toBe('C=US, ST=California, O=Mirrorscope Test, CN=test.example.com');
    expect(txt(tx.getBuffer('tls.cert_issuer', C))).toBe('C=US, ST=California, O=Mirrorscope Test, CN=test.example.com');
    expect(txt(tx.getBuffer('tls.cert_serial', C))).toBe('00:8A:01:02:03:04:05');
    expect(txt(tx.getBuffer('tls.cert_fingerprint', C))).toBe('e1:54:87:b2:74:6b:b3:39:ef:cf:be:6f:cc:49:e2:2d:f5:7c:e3:b3');
    expect(tx.getMultiBuffer('tls.certs', C)).toHaveLength(1);
    expect(tx.getMultiBuffer('tls.certs', C)[0]![0]).toBe(0x30);
    expect(tx.getBuffer('tls.sni', C)).toBeNull();
  });

  it('writes the EVE tls object', () => {
    expect(tx.toEve()).toEqual({
      subject: 'C=US, ST=California, O=Mirrorscope Test, CN=test.example.com',
      issuerdn: 'C=US, ST=California, O=Mirrorscope Test, CN=test.example.com',
      serial: '00:8A:01:02:03:04:05',
      fingerprint: 'e1:54:87:b2:74:6b:b3:39:ef:cf:be:6f:cc:49:e2:2d:f5:7c:e3:b3',
      sni: 'test.example.com',
      version: 'TLS 1.2',
      notbefore: '2026-11-27T13:02:10',
      notafter: '2036-11-24T13:02:10',
      ja3: {
        hash: '22558766122974704364c9c75c5cce0a',
        string:
          '771,49196-49200-159-52393-52392-52394-49195-49199-158-49188-49192-107-49187-49191-103-49162-49172-57-49161-49171-51-157-156-61-60-53-47-255,0-11-10-35-16-22-23-13,29-23-30-25-24,0-1-2',
      },
      ja3s: { hash: 'ec74a5c51106f0419184d0dd08fb05bc', string: '771,49200,65281-11-35-23' },
    });
  });

  it('gives the same result fed one byte at a time', () => {
    const small = handshake('12', 1).tx;
    expect(small.toEve()).toEqual(tx.toEve());
    expect(small.getMultiBuffer('tls.certs', C)).toEqual(tx.getMultiBuffer('tls.certs', C));
  });
});

describe('TlsParser on a captured TLS 1.3 handshake', () => {
  const { tx } = handshake('13', 7);

  it('matches tshark for JA3/JA3S and the independent JA4', () => {
    expect(txt(tx.getBuffer('ja3.hash', S))).toBe('9dffdb8b608a430b774a2ff7d36c1a0c');
    expect(txt(tx.getBuffer('ja3s.string', C))).toBe('771,4866,43-51');
    expect(txt(tx.getBuffer('ja3s.hash', C))).toBe('15af977ce25de452b96affa2addb1036');
    expect(txt(tx.getBuffer('ja4.hash', S))).toBe('t13d0411h1_16476d049b0b_78f1d400d464');
  });

  it('sees no certificate (encrypted) and reports TLS 1.3', () => {
    expect(tx.getMultiBuffer('tls.certs', C)).toHaveLength(0);
    expect(tx.getBuffer('tls.cert_subject', C)).toBeNull();
    expect(tx.toEve()['version']).toBe('TLS 1.3');
    expect(tx.toEve()['sni']).toBe('test.example.com');
  });
});

/** Build a ClientHello handshake body from parts. */
function clientHello(o: { ciphers: number[]; exts: Array<[number, number[]]> }): Uint8Array {
  const out: number[] = [0x03, 0x03, ...new Array<number>(32).fill(7), 0];
  out.push((o.ciphers.length * 2) >> 8, (o.ciphers.length * 2) & 255);
  for (const c of o.ciphers) out.push(c >> 8, c & 255);
  out.push(1, 0);
  const ext: number[] = [];
  for (const [t, d] of o.exts) ext.push(t >> 8, t & 255, d.length >> 8, d.length & 255, ...d);
  out.push(ext.length >> 8, ext.length & 255, ...ext);
  return Uint8Array.from(out);
}

const u16list = (vals: number[]): number[] => [(vals.length * 2) >> 8, (vals.length * 2) & 255, ...vals.flatMap((v) => [v >> 8, v & 255])];

describe('fingerprints with GREASE', () => {
  const body = clientHello({
    ciphers: [0x2a2a, 0x1301, 0xc02b],
    exts: [
      [0x0a0a, []],
      [0, [0, 6, 0, 0, 3, 0x61, 0x2e, 0x62]],
      [10, u16list([0x3a3a, 29, 23])],
      [11, [1, 0]],
      [13, u16list([0x0403, 0x0804])],
      [16, [0, 3, 2, 0x68, 0x32]],
      [43, [4, 0x7a, 0x7a, 0x03, 0x04]],
      [0x1a1a, [0]],
    ],
  });
  const ch = parseClientHello(body)!;

  it('drops GREASE from JA3 ciphers, extensions and curves', () => {
    expect(ch.sni).toEqual(Uint8Array.from([0x61, 0x2e, 0x62]));
    expect(ja3String(ch)).toBe('771,4865-49195,0-10-11-13-16-43,29-23,0');
    expect(md5Hex(ja3String(ch))).toMatch(/^[0-9a-f]{32}$/);
  });

  it('builds JA4 with counts, ALPN and sorted hashes', () => {
    const fp = ja4(ch);
    expect(fp.slice(0, 10)).toBe('t13d0206h2');
    expect(fp).toMatch(/^t13d0206h2_[0-9a-f]{12}_[0-9a-f]{12}$/);
  });

  it('reproduces the JA4 spec example hashes from its raw lists', async () => {
    const { createHash } = await import('node:crypto');
    const h = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);
    // FoxIO's documented Chrome example: t13d1516h2_8daaf6152771_e5627efa2ab1
    const ciphers = [0x002f, 0x0035, 0x009c, 0x009d, 0x1301, 0x1302, 0x1303, 0xc013, 0xc014, 0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9];
    const exts = [0x0005, 0x000a, 0x000b, 0x000d, 0x0012, 0x0015, 0x0017, 0x001b, 0x0023, 0x002b, 0x002d, 0x0033, 0x4469, 0xff01];
    const sigs = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
    const body2 = clientHello({
      ciphers: [0x0a0a, ...ciphers.slice().reverse()],
      exts: [
        [0, [0, 4, 0, 0, 1, 0x78]],
        [16, [0, 3, 2, 0x68, 0x32]],
        [13, u16list(sigs)],
        [43, [2, 0x03, 0x04]],
        ...exts.filter((e) => e !== 13 && e !== 43).map((e): [number, number[]] => [e, []]),
      ],
    });
    const fp = ja4(parseClientHello(body2)!);
    expect(fp).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(h('002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9')).toBe('8daaf6152771');
  });
});

describe('TlsParser robustness', () => {
  it('gives up on a direction after a gap, with an event', () => {
    const sink = new CollectingSink();
    const parser = new TlsParser(sink);
    const cs = fixture('tls12-to-server.bin');
    parser.onData(S, cs, 0, cs.length, 1);
    parser.onGap(C, 100);
    parser.onClose(2);
    const tx = sink.completed[0] as TlsTransaction;
    expect(tx.events).toContain(TlsEvent.Gap);
    expect(txt(tx.getBuffer('tls.sni', S))).toBe('test.example.com');
  });

  it('rejects a non-TLS record type', () => {
    const sink = new CollectingSink();
    const parser = new TlsParser(sink);
    const junk = Uint8Array.from([0x42, 3, 3, 0, 1, 0]);
    parser.onData(S, junk, 0, junk.length, 1);
    expect(sink.flowEvents.map((e) => e.name)).toEqual([TlsEvent.InvalidRecordType]);
  });

  it('never throws on arbitrary or mutated input in arbitrary chunks', () => {
    const base = [fixture('tls12-to-server.bin'), fixture('tls12-to-client.bin')] as const;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(4000), fc.nat(255)), { maxLength: 6 }),
        fc.integer({ min: 1, max: 300 }),
        fc.uint8Array({ maxLength: 200 }),
        (edits, step, junk) => {
          const parser = new TlsParser(new CollectingSink());
          for (const dir of [S, C] as const) {
            const b = Uint8Array.from(base[dir]);
            for (const [at, v] of edits) b[at % b.length] = v;
            for (let i = 0; i < b.length; i += step) parser.onData(dir, b, i, Math.min(step, b.length - i), 1);
          }
          parser.onData(S, junk, 0, junk.length, 1);
          parser.onClose(2);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('TlsParser passing over records it steps over', () => {
  /** A TLS 1.2 record of `type` with `length` payload bytes. */
  const record = (type: number, length: number, fill: number): Uint8Array => {
    const r = new Uint8Array(5 + length).fill(fill);
    r.set([type, 3, 3, length >> 8, length & 0xff]);
    return r;
  };

  /** Feeds each direction in `step`-byte pieces; with `skip`, pieces within unreadAhead go to skipUnread instead. */
  function run(streams: readonly [Uint8Array, Uint8Array], step: number, skip: boolean): { eve: unknown; events: unknown; skipped: number } {
    const sink = new CollectingSink();
    const parser = new TlsParser(sink);
    let skipped = 0;
    for (const dir of [S, C] as const) {
      const b = streams[dir];
      let unread = 0;
      for (let i = 0; i < b.length; i += step) {
        const n = Math.min(step, b.length - i);
        if (skip && n <= parser.unreadAhead(dir) - unread) {
          unread += n;
          skipped++;
          continue;
        }
        if (unread > 0) parser.skipUnread(dir, unread);
        unread = 0;
        parser.onData(dir, b, i, n, 1);
      }
      if (unread > 0) parser.skipUnread(dir, unread);
    }
    parser.onClose(2);
    const tx = sink.completed[0] as TlsTransaction | undefined;
    return { eve: tx?.toEve() ?? null, events: [...(tx?.events ?? [])], skipped };
  }

  it('gives the same transaction for any piece size after the handshake, application data and alerts', () => {
    const tail = (seed: number): Uint8Array =>
      Buffer.concat([record(23, 3000 + seed, 0x17), record(23, 16384, 0x42), record(21, 2, 0x01), record(23, 700, 0x99)]);
    const streams = [
      Buffer.concat([fixture('tls12-to-server.bin'), tail(1)]),
      Buffer.concat([fixture('tls12-to-client.bin'), tail(7)]),
    ] as const;
    let skipped = 0;
    for (const step of [1, 5, 64, 1448, 5000]) {
      const whole = run(streams, streams[1].length, false);
      const stepped = run(streams, step, true);
      expect(stepped.eve).toEqual(whole.eve);
      expect(stepped.events).toEqual(whole.events);
      skipped += stepped.skipped;
    }
    expect(skipped).toBeGreaterThan(100);
  });
});
