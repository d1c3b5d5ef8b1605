/**
 * A PacketFields made from values rather than decoded bytes: pseudo packets for stream flushes, and tests.
 */
import type { PacketFields } from './inspection-context.js';

export interface SyntheticPacketInit {
  proto?: 'tcp' | 'udp' | 'icmp' | number;
  src?: string;
  dst?: string;
  srcPort?: number;
  dstPort?: number;
  payload?: Uint8Array | string;
  ttl?: number;
  tcpFlags?: number;
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  icmpSeq?: number;
  events?: number[];
  flags?: number;
  /** Header bytes for the header buffers (ipv4.hdr ... icmpv6.hdr): absent unless given. */
  ipHeader?: Uint8Array;
  l4Header?: Uint8Array;
}

function v4(text: string): number {
  const p = text.split('.').map(Number);
  return (((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0);
}

function v6Bytes(text: string): Uint8Array {
  const out = new Uint8Array(16);
  const [head, tail = ''] = text.includes('::') ? text.split('::') : [text, ''];
  const h = head === '' ? [] : head!.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const words = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((w) => parseInt(w, 16));
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

export class SyntheticPacket implements PacketFields {
  bytes: Uint8Array;
  ipVersion: number;
  srcV4 = 0;
  dstV4 = 0;
  srcAddrOffset = 0;
  dstAddrOffset = 0;
  ipProto: number;
  ttl: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  icmpSeq: number;
  payloadOffset: number;
  payloadLength: number;
  ipOffset = 0;
  ipHeaderLength = 0;
  l4Offset = 0;
  l4HeaderLength = 0;
  eventCount: number;
  events: number[];
  flags: number;

  constructor(init: SyntheticPacketInit = {}) {
    const proto = init.proto ?? 'tcp';
    this.ipProto = proto === 'tcp' ? 6 : proto === 'udp' ? 17 : proto === 'icmp' ? 1 : proto;
    const src = init.src ?? '10.0.0.1';
    const dst = init.dst ?? '192.0.2.1';
    const payload = typeof init.payload === 'string' ? Buffer.from(init.payload, 'latin1') : (init.payload ?? new Uint8Array(0));
    const six = src.includes(':');
    this.ipVersion = six ? 6 : 4;
    // layout: [src 16][dst 16][IP header][L4 header][payload]
    const ipHeader = init.ipHeader ?? new Uint8Array(0);
    const l4Header = init.l4Header ?? new Uint8Array(0);
    const headers = ipHeader.length + l4Header.length;
    this.bytes = new Uint8Array(32 + headers + payload.length);
    this.bytes.set(ipHeader, 32);
    this.bytes.set(l4Header, 32 + ipHeader.length);
    this.ipOffset = 32;
    this.ipHeaderLength = ipHeader.length;
    this.l4Offset = l4Header.length > 0 ? 32 + ipHeader.length : 0;
    this.l4HeaderLength = l4Header.length;
    if (six) {
      this.bytes.set(v6Bytes(src), 0);
      this.bytes.set(v6Bytes(dst), 16);
    } else {
      this.srcV4 = v4(src);
      this.dstV4 = v4(dst);
    }
    this.srcAddrOffset = 0;
    this.dstAddrOffset = 16;
    this.bytes.set(payload, 32 + headers);
    this.payloadOffset = 32 + headers;
    this.payloadLength = payload.length;
    this.ttl = init.ttl ?? 64;
    this.srcPort = init.srcPort ?? 40000;
    this.dstPort = init.dstPort ?? 80;
    this.tcpFlags = init.tcpFlags ?? (this.ipProto === 6 ? 0x18 : 0);
    const icmp = this.ipProto === 1 || this.ipProto === 58;
    this.icmpType = icmp ? (init.icmpType ?? 8) : -1;
    this.icmpCode = icmp ? (init.icmpCode ?? 0) : -1;
    this.icmpId = init.icmpId ?? 0;
    this.icmpSeq = init.icmpSeq ?? 0;
    this.events = init.events ?? [];
    this.eventCount = this.events.length;
    this.flags = init.flags ?? 0;
  }

  /**
   * Re-points this packet, payload-less, at a flow's endpoints stored as key words (four per address, IPv4 in the
   * first): stream flushes at flow end reuse one packet instead of formatting and parsing address text.
   */
  setFlowEndpoints(ipProto: number, ipVersion: number, words: Uint32Array, srcAt: number, dstAt: number, srcPort: number, dstPort: number): void {
    this.ipProto = ipProto;
    this.ipVersion = ipVersion === 6 ? 6 : 4;
    if (this.ipVersion === 6) {
      for (let i = 0; i < 4; i++) {
        writeWord(this.bytes, 4 * i, words[srcAt + i]!);
        writeWord(this.bytes, 16 + 4 * i, words[dstAt + i]!);
      }
    } else {
      this.srcV4 = words[srcAt]!;
      this.dstV4 = words[dstAt]!;
    }
    this.payloadOffset = 32;
    this.payloadLength = 0;
    this.ipHeaderLength = 0;
    this.l4Offset = 0;
    this.l4HeaderLength = 0;
    this.ttl = 64;
    this.srcPort = srcPort;
    this.dstPort = dstPort;
    this.tcpFlags = ipProto === 6 ? 0x18 : 0;
    const icmp = ipProto === 1 || ipProto === 58;
    this.icmpType = icmp ? 8 : -1;
    this.icmpCode = icmp ? 0 : -1;
    this.icmpId = 0;
    this.icmpSeq = 0;
    this.eventCount = 0;
    this.flags = 0;
  }
}

function writeWord(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}
