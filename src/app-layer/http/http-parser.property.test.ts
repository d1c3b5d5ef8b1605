import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowDirection } from '../../flow/flow-direction.js';
import { CollectingSink } from '../collecting-sink.js';
import { HttpParser, type HttpParserOptions } from './http-parser.js';
import type { HttpTransaction } from './http-transaction.js';

const S = FlowDirection.ToServer;
const C = FlowDirection.ToClient;
const enc = new TextEncoder();
const hex = (b: Uint8Array | null): string => (b === null ? '-' : Buffer.from(b).toString('hex'));

const BUFFERS = [
  'http.uri', 'http.uri.raw', 'http.method', 'http.protocol', 'http.request_line', 'http.response_line', 'http.host',
  'http.host.raw', 'http.user_agent', 'http.cookie', 'http.content_type', 'http.content_len', 'http.header',
  'http.header.raw', 'http.header_names', 'http.start', 'http.request_body', 'http.response_body', 'http.stat_code',
  'http.stat_msg', 'http.location', 'http.server', 'file.data',
];

/** Everything observable about a transaction, as a comparable value. */
function snapshot(tx: HttpTransaction): unknown {
  const buffers = BUFFERS.flatMap((n) => [hex(tx.getBuffer(n, S)), hex(tx.getBuffer(n, C))]);
  return {
    id: tx.txId,
    buffers,
    headers: tx.getMultiBuffer('http.request_header', S).map(hex),
    events: [...tx.events].sort(),
    flags: [tx.requestComplete, tx.responseComplete, tx.requestTruncated, tx.responseTruncated, tx.interimResponses],
    eve: tx.toEve(),
  };
}

/**
 * Feed each direction's stream cut at the given points, interleaving directions as a real exchange would. With
 * `skipUnread`, a piece that fits in the body bytes the parser says it need not read is passed over with skipUnread
 * (and counted there), as the detection stage does, and reported before the next piece of its direction.
 */
function feed(
  streams: readonly [Uint8Array, Uint8Array],
  cuts: readonly [number[], number[]],
  options: HttpParserOptions = {},
  skipUnread: { skipped: number } | null = null,
): unknown[] {
  const sink = new CollectingSink();
  const parser = new HttpParser(sink, options);
  const unread = [0, 0];
  const pieces: Array<[FlowDirection, Uint8Array]> = [];
  for (const dir of [S, C] as const) {
    const bytes = streams[dir];
    const points = [...new Set(cuts[dir].map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    let prev = 0;
    for (const p of [...points, bytes.length]) {
      if (p > prev) pieces.push([dir, bytes.subarray(prev, p)]);
      prev = Math.max(prev, p);
    }
  }
  // All requests first, then responses: responses must never depend on chunking of the other side either.
  for (const [dir, piece] of pieces) {
    if (skipUnread !== null && piece.length <= parser.unreadAhead(dir) - unread[dir]!) {
      unread[dir]! += piece.length;
      skipUnread.skipped++;
      continue;
    }
    if (unread[dir]! > 0) parser.skipUnread(dir, unread[dir]!);
    unread[dir] = 0;
    // Copy into a larger buffer at an offset, so offset handling is exercised too.
    const host = new Uint8Array(piece.length + 7);
    host.set(piece, 3);
    parser.onData(dir, host, 3, piece.length, 1);
  }
  for (const dir of [S, C] as const) if (unread[dir]! > 0) parser.skipUnread(dir, unread[dir]!);
  parser.onClose(2);
  return sink.completed.map((t) => snapshot(t as HttpTransaction));
}

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}$/);
const value = fc.stringMatching(/^[ -~]{0,20}$/).map((v) => v.trim());
const body = fc.uint8Array({ maxLength: 40 });

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'HEAD'),
  path: fc.stringMatching(/^\/[A-Za-z0-9%./\\?=&+-]{0,30}$/),
  headers: fc.array(fc.tuple(token, value), { maxLength: 4 }),
  body,
  chunked: fc.boolean(),
  folded: fc.boolean(),
});
const responseArb = fc.record({
  status: fc.constantFrom(200, 204, 301, 404, 500),
  interim: fc.boolean(),
  headers: fc.array(fc.tuple(token, value), { maxLength: 4 }),
  body,
  chunked: fc.boolean(),
});

function chunkedBody(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < b.length; i += 7) {
    const piece = b.subarray(i, i + 7);
    parts.push(enc.encode(`${piece.length.toString(16)}\r\n`), piece, enc.encode('\r\n'));
  }
  parts.push(enc.encode('0\r\n\r\n'));
  return Buffer.concat(parts);
}

function message(head: string, headers: Array<[string, string]>, b: Uint8Array, chunked: boolean, folded: boolean, bodyAllowed: boolean): Uint8Array {
  let h = head + '\r\n';
  for (const [n, v] of headers) {
    if (/^(content-length|transfer-encoding)$/i.test(n)) continue;
    h += `${n}: ${v}\r\n`;
    if (folded) h += ` more-${n}\r\n`;
  }
  if (!bodyAllowed) return enc.encode(h + '\r\n');
  h += chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${b.length}\r\n`;
  return Buffer.concat([enc.encode(h + '\r\n'), chunked ? chunkedBody(b) : b]);
}

const exchangeArb = fc.array(fc.tuple(requestArb, responseArb), { minLength: 1, maxLength: 4 }).map((pairs) => {
  const req: Uint8Array[] = [];
  const res: Uint8Array[] = [];
  for (const [q, r] of pairs) {
    req.push(message(`${q.method} ${q.path} HTTP/1.1`, [['Host', 'example.com'], ...q.headers], q.body, q.chunked, q.folded, true));
    if (r.interim) res.push(enc.encode('HTTP/1.1 100 Continue\r\n\r\n'));
    const noBody = q.method === 'HEAD' || r.status === 204;
    res.push(message(`HTTP/1.1 ${r.status} X`, r.headers, r.body, r.chunked, false, !noBody));
  }
  return [Buffer.concat(req), Buffer.concat(res)] as [Uint8Array, Uint8Array];
});

describe('HttpParser properties', () => {
  it('never throws on arbitrary bytes in arbitrary chunks, with gaps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(S, C), fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.nat(100))), { maxLength: 30 }),
        (steps) => {
          const parser = new HttpParser(new CollectingSink());
          for (const [dir, x] of steps) {
            if (typeof x === 'number') parser.onGap(dir, x);
            else parser.onData(dir, x, 0, x.length, 1);
          }
          parser.onClose(2);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on HTTP-shaped garbage (mutated valid exchanges)', () => {
    fc.assert(
      fc.property(exchangeArb, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 8 }), ([req, res], edits) => {
        const r = Uint8Array.from(req);
        const s = Uint8Array.from(res);
        for (const [at, v] of edits) {
          if (r.length > 0) r[at % r.length] = v;
          if (s.length > 0) s[(at * 7) % s.length] = v;
        }
        feed([r, s], [[5, 17, 40], [3, 9]]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives identical transactions for any chunking of the same streams', () => {
    fc.assert(
      fc.property(exchangeArb, fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (streams, a, b) => {
        const whole = feed(streams, [[], []]);
        expect(whole.length).toBeGreaterThan(0);
        expect(feed(streams, [a, b])).toEqual(whole);
      }),
      { numRuns: 150 },
    );
  });

  it('gives identical transactions when body bytes it need not read are passed over unread', () => {
    // Bodies long enough to span many pieces, cut every `step` bytes: most pieces fall inside a body.
    const longBody = fc.uint8Array({ minLength: 20, maxLength: 300 });
    const exchange = fc
      .array(fc.tuple(longBody, longBody, fc.boolean()), { minLength: 1, maxLength: 3 })
      .map((pairs) => {
        const req: Uint8Array[] = [];
        const res: Uint8Array[] = [];
        for (const [qb, rb, chunked] of pairs) {
          req.push(message('POST /up HTTP/1.1', [['Host', 'example.com']], qb, false, false, true));
          res.push(message('HTTP/1.1 200 OK', [['Server', 'x']], rb, chunked, false, true));
        }
        return [Buffer.concat(req), Buffer.concat(res)] as [Uint8Array, Uint8Array];
      });
    let skipped = 0;
    fc.assert(
      fc.property(exchange, fc.integer({ min: 1, max: 40 }), fc.constantFrom(0, 5), (streams, step, limit) => {
        const options = { requestBodyLimit: limit, responseBodyLimit: limit };
        const cuts = streams.map((x) => Array.from({ length: Math.ceil(x.length / step) }, (_, i) => i * step)) as [number[], number[]];
        const counted = { skipped: 0 };
        expect(feed(streams, cuts, options, counted)).toEqual(feed(streams, [[], []], options));
        skipped += counted.skipped;
      }),
      { numRuns: 150 },
    );
    expect(skipped).toBeGreaterThan(1000);
  });

  it('gives identical transactions when split at every single byte boundary', () => {
    const req = enc.encode(
      'POST /a/./b%2Fc?x=1 HTTP/1.1\r\nHost: h:81\r\nX-F: a\r\n b\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n0\r\n\r\n' +
        'GET /next HTTP/1.1\r\nHost: h\r\nCookie: c=1\r\n\r\n',
    );
    const res = enc.encode(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 404 NF\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n',
    );
    const whole = feed([req, res], [[], []]);
    expect(whole).toHaveLength(2);
    const every = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    expect(feed([req, res], [every(req.length), every(res.length)])).toEqual(whole);
    for (let i = 1; i < req.length; i += 3) expect(feed([req, res], [[i], [i % res.length]])).toEqual(whole);
  });
});
