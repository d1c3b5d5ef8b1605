import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowDirection } from '../flow/flow-direction.js';
import { AppLayerFlow } from './app-layer-flow.js';
import type { AppLayerFlowOptions } from './app-layer-flow.js';
import { NEED_MORE, NO_MATCH, probeTcp } from './app-proto-detect.js';
import { CollectingSink } from './collecting-sink.js';

const S = FlowDirection.ToServer;
const C = FlowDirection.ToClient;
const enc = new TextEncoder();
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

function flow(opts: Partial<AppLayerFlowOptions> = {}): { f: AppLayerFlow; sink: CollectingSink } {
  const sink = new CollectingSink();
  const f = new AppLayerFlow({ transport: 'tcp', serverPort: 8080, clientPort: 40000, sink, ...opts });
  return { f, sink };
}

const send = (f: AppLayerFlow, dir: FlowDirection, s: string | Uint8Array): void => {
  const b = typeof s === 'string' ? enc.encode(s) : s;
  f.onData(dir, b, 0, b.length, 1);
};

describe('probeTcp', () => {
  it.each([
    [S, 'GET / HTTP/1.1\r\n', 'http'],
    [S, 'GE', NEED_MORE],
    [S, 'GEX', NO_MATCH],
    [S, '\r\nPOST /x', 'http'],
    [C, 'HTTP/1.1 200', 'http'],
    [C, 'HTTP/', NEED_MORE],
    [C, 'SSH-2.0-OpenSSH', NO_MATCH],
  ] as const)('%s %j -> %s', (dir, text, want) => {
    const b = enc.encode(text);
    expect(probeTcp(dir, b, 0, b.length, 8080, 40000)).toBe(want);
  });

  it('recognises TLS handshakes by record and handshake type', () => {
    const ch = fixture('tls12-to-server.bin');
    expect(probeTcp(S, ch, 0, 3, 443, 5000)).toBe(NEED_MORE);
    expect(probeTcp(S, ch, 0, ch.length, 443, 5000)).toBe('tls');
    expect(probeTcp(C, ch, 0, ch.length, 443, 5000)).toBe(NO_MATCH);
  });
});

describe('AppLayerFlow', () => {
  it('detects HTTP split across chunks and replays everything to the parser', () => {
    const { f, sink } = flow();
    send(f, S, 'PO');
    expect(f.appProto).toBe('unknown');
    send(f, S, 'ST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok');
    expect(f.appProto).toBe('http');
    send(f, C, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    expect(sink.completed).toHaveLength(1);
    expect(new TextDecoder().decode(sink.completed[0]!.getBuffer('http.request_body', S)!)).toBe('ok');
  });

  it('detects HTTP from the server side first and still matches the later request', () => {
    const { f, sink } = flow();
    send(f, C, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    expect(f.appProto).toBe('http');
    expect(sink.completed).toHaveLength(1);
  });

  it('detects TLS on any port and parses the replayed handshake', () => {
    const { f, sink } = flow({ serverPort: 9999 });
    const cs = fixture('tls12-to-server.bin');
    for (let i = 0; i < cs.length; i += 2) f.onData(S, cs, i, Math.min(2, cs.length - i), 1);
    const sc = fixture('tls12-to-client.bin');
    f.onData(C, sc, 0, sc.length, 2);
    expect(f.appProto).toBe('tls');
    expect(sink.completed).toHaveLength(1);
    expect(sink.completed[0]!.toEve()['sni']).toBe('test.example.com');
  });

  it('marks the flow failed when both directions match nothing', () => {
    const { f, sink } = flow();
    send(f, S, 'SSH-2.0-client\r\n');
    expect(f.appProto).toBe('unknown');
    send(f, C, 'SSH-2.0-server\r\n');
    expect(f.appProto).toBe('failed');
    send(f, S, 'GET / HTTP/1.1\r\n\r\n');
    f.onClose(3);
    expect(sink.completed).toHaveLength(0);
  });

  it('gives up on a direction after the detection limit', () => {
    const { f } = flow({ detectionLimit: 16 });
    send(f, S, 'x'.repeat(10));
    send(f, S, 'y'.repeat(10));
    send(f, C, '\r\n\r\n'.repeat(5));
    expect(f.appProto).toBe('failed');
  });

  it('detects DNS over UDP on port 53 and by strict parse elsewhere', () => {
    const q = Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1]);
    for (const port of [53, 5353]) {
      const { f, sink } = flow({ transport: 'udp', serverPort: port });
      f.onDatagram(S, q, 0, q.length, 1);
      expect(f.appProto).toBe('dns');
      expect(sink.sides).toHaveLength(1);
    }
    const { f } = flow({ transport: 'udp', serverPort: 5353 });
    const noise = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    f.onDatagram(S, noise, 0, noise.length, 1);
    f.onDatagram(C, noise, 0, noise.length, 1);
    expect(f.appProto).toBe('failed');
  });

  it('detects DNS over TCP only on port 53', () => {
    const q = [0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1];
    const framed = Uint8Array.from([0, q.length, ...q]);
    const on53 = flow({ serverPort: 53 });
    on53.f.onData(S, framed, 0, framed.length, 1);
    expect(on53.f.appProto).toBe('dns');
    expect(on53.sink.sides).toHaveLength(1);
    const elsewhere = flow({ serverPort: 54 });
    elsewhere.f.onData(S, framed, 0, framed.length, 1);
    expect(elsewhere.f.appProto).toBe('unknown');
  });

  it('passes a gap seen before detection on to the parser', () => {
    const { f, sink } = flow();
    f.onGap(S, 50);
    send(f, S, 'GET /after HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(f.appProto).toBe('http');
    expect(f.gaps).toBe(1);
    f.onClose(2);
    expect(sink.completed).toHaveLength(1);
  });

  it('reused for another flow (HTTP parser included), behaves exactly as a fresh one', () => {
    // What a flow's sink saw, in a comparable form: transactions as EVE, sides and flow events in order.
    const script = (f: AppLayerFlow): void => {
      send(f, S, 'GET /a?x=%41 HTTP/1.1\r\nHost: b\r\nUser-Agent: u');
      send(f, S, '\r\n\r\nGET /second HTTP/1.1\r\nHost: b\r\n\r\n');
      send(f, C, 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 404 No\r\nContent-Length: 0\r\n\r\n');
      f.onClose(5);
    };
    const observe = (sink: CollectingSink, f: AppLayerFlow) => ({
      proto: f.appProto,
      completed: sink.completed.map((tx) => JSON.stringify(tx.toEve())),
      sides: sink.sides.map((x) => `${x.tx.txId}:${x.direction}`),
      events: sink.flowEvents.map((e) => `${e.name}:${e.direction}`),
    });
    const fresh = flow();
    script(fresh.f);
    const want = observe(fresh.sink, fresh.f);
    expect(want.completed).toHaveLength(2);

    // The reused object first serves a flow left mid-head with a request still unanswered, then a TLS flow (its
    // spare HTTP parser unused), then the scripted HTTP flow again.
    const old = flow();
    send(old.f, S, 'POST /up HTTP/1.1\r\nContent-Length: 100\r\n\r\npartial');
    send(old.f, S, 'GET /cut HTTP/1.1\r\nHo');
    old.f.onClose(3);
    const tlsSink = new CollectingSink();
    old.f.reuse({ transport: 'tcp', serverPort: 443, clientPort: 5000, sink: tlsSink });
    const ch = fixture('tls12-to-server.bin');
    old.f.onData(S, ch, 0, ch.length, 4);
    expect(old.f.appProto).toBe('tls');
    old.f.onClose(4);
    const sink = new CollectingSink();
    old.f.reuse({ transport: 'tcp', serverPort: 8080, clientPort: 40000, sink });
    expect(old.f.appProto).toBe('unknown');
    script(old.f);
    expect(observe(sink, old.f)).toEqual(want);
  });
});
