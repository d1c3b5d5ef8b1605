import { closeSync, openSync, writeSync } from 'node:fs';
import { FrameWriter, type Endpoint } from './frame-writer.js';
import { mulberry32 } from './prng.js';
import { dnsSession, tcpSession, type SessionContext, type SessionPacket } from './sessions.js';

export interface MirrorTrafficOptions {
  path: string;
  packets: number;
  seed?: number;
  /** Sessions open at once (flows the target tracks concurrently). */
  concurrency?: number;
  /** Fraction of HTTP requests that carry a known-bad URI or agent. */
  suspiciousRate?: number;
  /** Fraction of deliveries wrapped in GENEVE by a Gateway Load Balancer. */
  gwlbRate?: number;
  /** Mean gap between packets, microseconds. */
  meanGapUs?: number;
  startSeconds?: number;
  /** Largest TCP payload per segment (default 1448). */
  maxSegment?: number;
}

export interface MirrorTrafficResult {
  packets: number;
  bytes: number;
  sessions: number;
}

/** 2026-11-27T10:00:00Z */
export const DEFAULT_START_SECONDS = Date.UTC(2026, 10, 27, 10, 0, 0) / 1000;

interface Session {
  client: Endpoint;
  server: Endpoint;
  vni: number;
  gwlb: boolean;
  outerPort: number;
  steps: Generator<SessionPacket>;
}

/**
 * A classic pcap of AWS Traffic Mirroring deliveries: servers in 10.0.1.0/24 are the mirror sources (one VNI per
 * source ENI), clients on the internet, HTTP/TLS/DNS sessions interleaved, realistic sizes (handshake and ACK
 * packets of 90-130 bytes, full 1,500-byte data segments), streamed to disk in constant memory.
 */
export function generateMirrorTraffic(o: MirrorTrafficOptions): MirrorTrafficResult {
  const rand = mulberry32(o.seed ?? 1);
  const ctx: SessionContext = { rand, suspiciousRate: o.suspiciousRate ?? 0.02, maxSegment: o.maxSegment ?? 1448 };
  const concurrency = o.concurrency ?? 2000;
  const gwlbRate = o.gwlbRate ?? 0.1;
  const meanGap = o.meanGapUs ?? 200;
  const target = 0x0a000909;
  const fd = openSync(o.path, 'w');
  const out = new Uint8Array(4 << 20);
  let fill = 0;
  const flush = () => {
    writeSync(fd, out, 0, fill);
    fill = 0;
  };
  // pcap header, little-endian microsecond magic, Ethernet.
  const hdr = new DataView(out.buffer);
  hdr.setUint32(0, 0xa1b2c3d4, true);
  hdr.setUint16(4, 2, true);
  hdr.setUint16(6, 4, true);
  hdr.setUint32(16, 262144, true);
  hdr.setUint32(20, 1, true);
  fill = 24;
  const fw = new FrameWriter();
  const sessions: Session[] = [];
  let sessionCount = 0;
  const newSession = (): Session => {
    sessionCount++;
    const serverHost = 1 + Math.floor(rand() * 16);
    const kind = rand();
    const port = kind < 0.55 ? 80 : kind < 0.85 ? 443 : 53;
    const client = { ip: ((198 << 24) | (51 << 16) | (100 << 8) | Math.floor(rand() * 254 + 1)) >>> 0, port: 1024 + Math.floor(rand() * 60000) };
    const server = { ip: (0x0a000100 | serverHost) >>> 0, port };
    return {
      client,
      server,
      vni: 7000 + serverHost,
      gwlb: rand() < gwlbRate,
      outerPort: 49152 + Math.floor(rand() * 16384),
      steps: port === 53 ? dnsSession(ctx) : tcpSession(ctx, port),
    };
  };
  for (let i = 0; i < concurrency; i++) sessions.push(newSession());
  let us = 0;
  const start = o.startSeconds ?? DEFAULT_START_SECONDS;
  let bytes = 0;
  let id = 1;
  for (let n = 0; n < o.packets; ) {
    const idx = Math.floor(rand() * sessions.length);
    const s = sessions[idx]!;
    const step = s.steps.next();
    if (step.done) {
      sessions[idx] = newSession();
      continue;
    }
    const p = step.value;
    const src = p.fromClient ? s.client : s.server;
    const dst = p.fromClient ? s.server : s.client;
    const innerLength = p.kind === 'tcp' ? 40 + (p.flags & 0x02 ? 12 : 0) + p.payloadLength : 28 + p.payloadLength;
    id = (id + 1) & 0xffff;
    const len = fw.mirrored(s.server.ip, target, s.vni, s.outerPort, s.gwlb, innerLength, (off) => {
      if (p.kind === 'tcp') fw.tcp(off, src, dst, p.seq, p.ack, p.flags, p.payload, p.payloadLength, id);
      else fw.udpDatagram(off, src, dst, p.payload!, id);
    });
    if (fill + 16 + len > out.length) flush();
    us += Math.max(1, Math.round(-Math.log(1 - rand()) * meanGap));
    const sec = start + Math.floor(us / 1e6);
    hdr.setUint32(fill, sec, true);
    hdr.setUint32(fill + 4, us % 1e6, true);
    hdr.setUint32(fill + 8, len, true);
    hdr.setUint32(fill + 12, len, true);
    out.set(fw.buf.subarray(0, len), fill + 16);
    fill += 16 + len;
    bytes += len;
    n++;
  }
  flush();
  closeSync(fd);
  return { packets: o.packets, bytes, sessions: sessionCount };
}
