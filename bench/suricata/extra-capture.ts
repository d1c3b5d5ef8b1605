import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from '../bench-util.js';
import { FrameWriter, type Endpoint } from '../generate/frame-writer.js';
import { DEFAULT_START_SECONDS } from '../generate/mirror-traffic.js';

/**
 * A small mirrored capture with what the benchmark generator does not make: real TLS 1.2 and 1.3 handshakes
 * (the app-layer fixtures, so tls.sni and ja3.hash have something to match) and payloads split across TCP
 * segments (a TLS ClientHello cut inside its SNI, an HTTP request cut inside its URI), so only reassembled-stream
 * and app-layer inspection can see them.
 */

const FIXTURES = join(BENCH_DIR, '..', 'src', 'app-layer', 'fixtures');
const TARGET = 0x0a000909;
const enc = new TextEncoder();

interface Packet {
  fromClient: boolean;
  flags: number;
  payload: Uint8Array | null;
}

interface Session {
  client: Endpoint;
  server: Endpoint;
  vni: number;
  gwlb: boolean;
  packets: Packet[];
}

function ip(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Handshake, the client's chunks, an ACK, the server's chunks, an ACK, FIN/FIN/ACK. */
function conversation(toServer: Uint8Array[], toClient: Uint8Array[]): Packet[] {
  const out: Packet[] = [
    { fromClient: true, flags: 0x02, payload: null },
    { fromClient: false, flags: 0x12, payload: null },
    { fromClient: true, flags: 0x10, payload: null },
  ];
  for (const c of toServer) out.push({ fromClient: true, flags: 0x18, payload: c });
  out.push({ fromClient: false, flags: 0x10, payload: null });
  for (const c of toClient) out.push({ fromClient: false, flags: 0x18, payload: c });
  out.push({ fromClient: true, flags: 0x10, payload: null });
  out.push({ fromClient: true, flags: 0x11, payload: null });
  out.push({ fromClient: false, flags: 0x11, payload: null });
  out.push({ fromClient: true, flags: 0x10, payload: null });
  return out;
}

function chunks(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

/** Cuts `data` in two inside the first occurrence of `needle`, `at` bytes into it. */
function splitInside(data: Uint8Array, needle: string, at: number): Uint8Array[] {
  const n = enc.encode(needle);
  for (let i = 0; i + n.length <= data.length; i++) {
    let ok = true;
    for (let j = 0; j < n.length && ok; j++) ok = data[i + j] === n[j];
    if (ok) return [data.subarray(0, i + at), data.subarray(i + at)];
  }
  throw new Error(`"${needle}" not found in the payload to split`);
}

function sessions(): Session[] {
  const tls12c = new Uint8Array(readFileSync(join(FIXTURES, 'tls12-to-server.bin')));
  const tls12s = new Uint8Array(readFileSync(join(FIXTURES, 'tls12-to-client.bin')));
  const tls13c = new Uint8Array(readFileSync(join(FIXTURES, 'tls13-to-server.bin')));
  const tls13s = new Uint8Array(readFileSync(join(FIXTURES, 'tls13-to-client.bin')));
  const splitRequest = enc.encode(
    'GET /split-test/evil.php?id=42 HTTP/1.1\r\nHost: split.example.com\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: */*\r\n\r\n',
  );
  const notFound = enc.encode('HTTP/1.1 404 Not Found\r\nServer: nginx/1.24.0\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found');
  return [
    {
      // TLS 1.2, ClientHello cut in the middle of the SNI "test.example.com".
      client: { ip: ip(198, 51, 100, 200), port: 50200 },
      server: { ip: ip(10, 0, 1, 20), port: 443 },
      vni: 7020,
      gwlb: false,
      packets: conversation(splitInside(tls12c, 'test.example.com', 8), chunks(tls12s, 1448)),
    },
    {
      // TLS 1.3 behind a Gateway Load Balancer, unsplit.
      client: { ip: ip(198, 51, 100, 201), port: 50201 },
      server: { ip: ip(10, 0, 1, 20), port: 443 },
      vni: 7020,
      gwlb: true,
      packets: conversation([tls13c], chunks(tls13s, 1448)),
    },
    {
      // HTTP request cut inside its URI, answered 404.
      client: { ip: ip(198, 51, 100, 202), port: 50202 },
      server: { ip: ip(10, 0, 1, 21), port: 80 },
      vni: 7021,
      gwlb: false,
      packets: conversation(splitInside(splitRequest, '/split-test/evil.php', 12), [notFound]),
    },
    // One request per Authorization scheme: libhtp knows Basic, Digest and Bearer (as a prefix, in any case); any
    // other scheme raises http.request_auth_unrecognized, and no header raises nothing.
    ...['Basic dXNlcjpwYXNz', 'digest username="u", realm="r"', 'Bearer eyJhbGciOi', 'NTLM TlRMTVNTUAABAAAA', 'Negotiate YIIGhgYGKwYB', 'BasicX y', null].map(
      (auth, i): Session => ({
        client: { ip: ip(198, 51, 100, 210), port: 50210 + i },
        server: { ip: ip(10, 0, 1, 22), port: 80 },
        vni: 7022,
        gwlb: false,
        packets: conversation(
          [enc.encode(`GET /auth/${i} HTTP/1.1\r\nHost: auth.example.com\r\n${auth === null ? '' : `Authorization: ${auth}\r\n`}\r\n`)],
          [notFound],
        ),
      }),
    ),
  ];
}

/** Writes the capture to `path` (classic pcap, little-endian, microseconds); returns the packet count. */
export function writeExtraCapture(path: string): number {
  const fw = new FrameWriter();
  const records: Uint8Array[] = [];
  const header = new Uint8Array(24);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 262144, true);
  hv.setUint32(20, 1, true);
  records.push(header);
  let us = 0;
  let id = 100;
  let outerPort = 50000;
  for (const s of sessions()) {
    let cs = (0x1000_0000 + s.client.port * 7919) >>> 0;
    let ss = (0x2000_0000 + s.client.port * 104729) >>> 0;
    // One outer source port per direction, as AWS hashes each direction separately.
    const ports = [outerPort++, outerPort++];
    for (const p of s.packets) {
      const len = p.payload?.length ?? 0;
      const src = p.fromClient ? s.client : s.server;
      const dst = p.fromClient ? s.server : s.client;
      const seq = p.fromClient ? cs : ss;
      const ack = p.flags === 0x02 ? 0 : p.fromClient ? ss : cs;
      const advance = len + (p.flags & 0x03 ? 1 : 0);
      if (p.fromClient) cs = (cs + advance) >>> 0;
      else ss = (ss + advance) >>> 0;
      const innerLength = 40 + (p.flags & 0x02 ? 12 : 0) + len;
      id = (id + 1) & 0xffff;
      const frameLength = fw.mirrored(s.server.ip, TARGET, s.vni, ports[p.fromClient ? 0 : 1]!, s.gwlb, innerLength, (off) => {
        fw.tcp(off, src, dst, seq, ack, p.flags, p.payload, len, id);
      });
      us += 1500;
      const rec = new Uint8Array(16 + frameLength);
      const rv = new DataView(rec.buffer);
      rv.setUint32(0, DEFAULT_START_SECONDS + 3600 + Math.floor(us / 1e6), true);
      rv.setUint32(4, us % 1e6, true);
      rv.setUint32(8, frameLength, true);
      rv.setUint32(12, frameLength, true);
      rec.set(fw.buf.subarray(0, frameLength), 16);
      records.push(rec);
    }
  }
  const total = records.reduce((n, r) => n + r.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const r of records) {
    out.set(r, o);
    o += r.length;
  }
  writeFileSync(path, out);
  return records.length - 1;
}
