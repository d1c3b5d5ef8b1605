import type { Endpoint } from './frame-writer.js';

/** One packet a session wants to send next: direction and TCP/UDP specifics. */
export interface SessionPacket {
  fromClient: boolean;
  kind: 'tcp' | 'udp';
  flags: number;
  seq: number;
  ack: number;
  payload: Uint8Array | null;
  payloadLength: number;
}

const enc = new TextEncoder();

const URIS = [
  '/', '/index.html', '/api/v1/items?page=2', '/static/app.js', '/images/logo.png', '/login', '/search?q=vpc+flow+logs',
  '/health', '/cart/checkout', '/docs/guide.pdf',
];
// A few requests real rulesets flag, so the detection benchmark has alerts to find.
const SUSPICIOUS_URIS = [
  '/cgi-bin/../../../../etc/passwd', '/wp-login.php?action=register', '/shell.php?cmd=id', '/.env', '/phpmyadmin/index.php',
  '/index.php?page=../../../../etc/passwd', '/admin/config.php?union+select+1,2,3',
];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1'];
const SUSPICIOUS_AGENTS = ['sqlmap/1.7.2#stable (https://sqlmap.org)', 'Nikto/2.5.0', 'masscan/1.3'];
const HOSTS = ['shop.example.com', 'api.example.net', 'intranet.example.org', 'cdn.example.com'];

export interface SessionContext {
  rand: () => number;
  suspiciousRate: number;
  /** Largest TCP segment payload (1448 for a 1500-byte MTU; small values make a small-packet capture). */
  maxSegment: number;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function filler(rand: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = 32 + Math.floor(rand() * 90);
  return out;
}

/** A TCP conversation: handshake, request, segmented response with delayed ACKs, FIN close. */
export function* tcpSession(ctx: SessionContext, port: number): Generator<SessionPacket> {
  const r = ctx.rand;
  let cs = Math.floor(r() * 0xffffffff) >>> 0;
  let ss = Math.floor(r() * 0xffffffff) >>> 0;
  const seg = (fromClient: boolean, flags: number, payload: Uint8Array | null, len: number): SessionPacket => {
    const p: SessionPacket = { fromClient, kind: 'tcp', flags, seq: fromClient ? cs : ss, ack: fromClient ? ss : cs, payload, payloadLength: len };
    if (fromClient) cs = (cs + len + (flags & 0x03 ? 1 : 0)) >>> 0;
    else ss = (ss + len + (flags & 0x03 ? 1 : 0)) >>> 0;
    return p;
  };
  yield seg(true, 0x02, null, 0);
  yield seg(false, 0x12, null, 0);
  yield seg(true, 0x10, null, 0);
  let request: Uint8Array;
  let responseHead: Uint8Array;
  let bodyLength: number;
  if (port === 443) {
    request = filler(r, Math.min(ctx.maxSegment, 250 + Math.floor(r() * 250)));
    responseHead = filler(r, Math.min(ctx.maxSegment, 1200 + Math.floor(r() * 3000)));
    bodyLength = Math.floor(r() ** 3 * 60000);
  } else {
    const bad = r() < ctx.suspiciousRate;
    const uri = bad ? pick(r, SUSPICIOUS_URIS) : pick(r, URIS);
    const agent = bad && r() < 0.5 ? pick(r, SUSPICIOUS_AGENTS) : pick(r, AGENTS);
    request = enc.encode(
      `GET ${uri} HTTP/1.1\r\nHost: ${pick(r, HOSTS)}\r\nUser-Agent: ${agent}\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
    );
    bodyLength = Math.floor(r() ** 3 * 60000);
    responseHead = enc.encode(
      `HTTP/1.1 200 OK\r\nServer: nginx/1.24.0\r\nContent-Type: text/html\r\nContent-Length: ${bodyLength}\r\n\r\n`,
    );
  }
  yield seg(true, 0x18, request, Math.min(request.length, ctx.maxSegment));
  yield seg(false, 0x10, null, 0);
  const body = filler(r, Math.min(bodyLength, ctx.maxSegment));
  let remaining = responseHead.length + bodyLength;
  let first = true;
  let n = 0;
  while (remaining > 0) {
    const len = Math.min(ctx.maxSegment, remaining);
    const payload = first ? responseHead : body;
    yield seg(false, 0x18, payload, Math.min(len, payload.length));
    remaining -= Math.min(len, payload.length);
    first = false;
    if (++n % 2 === 0) yield seg(true, 0x10, null, 0);
  }
  yield seg(false, 0x11, null, 0);
  yield seg(true, 0x11, null, 0);
  yield seg(false, 0x10, null, 0);
}

/** A DNS query and its answer. */
export function* dnsSession(ctx: SessionContext): Generator<SessionPacket> {
  const r = ctx.rand;
  const id = Math.floor(r() * 65536);
  const name = pick(ctx.rand, HOSTS);
  const qname = name.split('.').flatMap((l) => [l.length, ...enc.encode(l)]);
  const query = new Uint8Array([id >> 8, id & 0xff, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...qname, 0, 0, 1, 0, 1]);
  const answer = new Uint8Array([
    ...query.subarray(0, 2), 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, ...query.subarray(12),
    0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 203, 0, 113, Math.floor(r() * 250),
  ]);
  yield { fromClient: true, kind: 'udp', flags: 0, seq: 0, ack: 0, payload: query, payloadLength: query.length };
  yield { fromClient: false, kind: 'udp', flags: 0, seq: 0, ack: 0, payload: answer, payloadLength: answer.length };
}

export interface SessionEndpoints {
  client: Endpoint;
  server: Endpoint;
}
