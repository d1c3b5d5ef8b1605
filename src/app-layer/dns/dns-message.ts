import { readDnsName } from './dns-name.js';
import { RrType } from './dns-record-types.js';

export interface DnsQuestion {
  readonly name: Uint8Array;
  readonly type: number;
  readonly class: number;
}

export interface DnsSoa {
  readonly mname: Uint8Array;
  readonly rname: Uint8Array;
  readonly serial: number;
  readonly refresh: number;
  readonly retry: number;
  readonly expire: number;
  readonly minimum: number;
}

export interface DnsSrv {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly name: Uint8Array;
}

/** Decoded rdata: an address, a name or text (bytes), SOA/SRV fields, or null for types not decoded. */
export type DnsRdata =
  | { readonly kind: 'address'; readonly bytes: Uint8Array }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'soa'; readonly soa: DnsSoa }
  | { readonly kind: 'srv'; readonly srv: DnsSrv }
  | null;

export interface DnsRecord {
  readonly name: Uint8Array;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly data: DnsRdata;
}

export interface DnsMessage {
  readonly id: number;
  readonly flags: number;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  /** The counts promised more than the message held, or a name/record was malformed. */
  readonly malformed: boolean;
}

export const DNS_HEADER_LENGTH = 12;

/** Sections parsed beyond this many records are ignored (a message cannot hold more in 64 KiB anyway). */
const MAX_RECORDS_PER_SECTION = 512;

export function dnsIsResponse(flags: number): boolean {
  return (flags & 0x8000) !== 0;
}

export function dnsOpcode(flags: number): number {
  return (flags >> 11) & 0xf;
}

export function dnsRcode(flags: number): number {
  return flags & 0xf;
}

/**
 * Parse one DNS message from msg[start..end). Names are decompressed against the message itself (offsets relative
 * to `start`). Returns null only when there is no header; otherwise whatever parsed cleanly is returned and
 * `malformed` says whether the rest was missing or broken. Additional records are not decoded.
 */
export function parseDnsMessage(bytes: Uint8Array, start: number, end: number): DnsMessage | null {
  if (end - start < DNS_HEADER_LENGTH) return null;
  const msg = bytes.subarray(start, end);
  const len = msg.length;
  const u16 = (p: number): number => (msg[p]! << 8) | msg[p + 1]!;
  const id = u16(0);
  const flags = u16(2);
  const qd = u16(4);
  const an = u16(6);
  const ns = u16(8);
  let p = DNS_HEADER_LENGTH;
  let malformed = false;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < qd; i++) {
    if (i >= MAX_RECORDS_PER_SECTION) break;
    const name = readDnsName(msg, p, len);
    if (name === null || name.next + 4 > len) {
      malformed = true;
      break;
    }
    questions.push({ name: name.name, type: u16(name.next), class: u16(name.next + 2) });
    p = name.next + 4;
  }
  const readSection = (count: number, out: DnsRecord[]): void => {
    for (let i = 0; i < count && !malformed; i++) {
      if (i >= MAX_RECORDS_PER_SECTION) return;
      const name = readDnsName(msg, p, len);
      if (name === null || name.next + 10 > len) {
        malformed = true;
        return;
      }
      const q = name.next;
      const type = u16(q);
      const klass = u16(q + 2);
      const ttl = ((msg[q + 4]! << 24) | (msg[q + 5]! << 16) | (msg[q + 6]! << 8) | msg[q + 7]!) >>> 0;
      const rdlen = u16(q + 8);
      const rs = q + 10;
      if (rs + rdlen > len) {
        malformed = true;
        return;
      }
      out.push({ name: name.name, type, class: klass, ttl, data: readRdata(msg, type, rs, rs + rdlen) });
      p = rs + rdlen;
    }
  };
  const answers: DnsRecord[] = [];
  const authorities: DnsRecord[] = [];
  if (!malformed) readSection(an, answers);
  if (!malformed) readSection(ns, authorities);
  return { id, flags, questions, answers, authorities, malformed };
}

function readRdata(msg: Uint8Array, type: number, s: number, e: number): DnsRdata {
  switch (type) {
    case RrType.A:
      return e - s === 4 ? { kind: 'address', bytes: msg.slice(s, e) } : null;
    case RrType.AAAA:
      return e - s === 16 ? { kind: 'address', bytes: msg.slice(s, e) } : null;
    case RrType.CNAME:
    case RrType.NS:
    case RrType.PTR: {
      const n = readDnsName(msg, s, msg.length);
      return n === null ? null : { kind: 'bytes', bytes: n.name };
    }
    case RrType.MX: {
      if (e - s < 3) return null;
      const n = readDnsName(msg, s + 2, msg.length);
      return n === null ? null : { kind: 'bytes', bytes: n.name };
    }
    case RrType.TXT: {
      // Character-strings are concatenated; a single-string record (the common case) is its text exactly.
      const parts: number[] = [];
      let p = s;
      while (p < e) {
        const l = msg[p]!;
        if (p + 1 + l > e) return null;
        for (let i = 0; i < l; i++) parts.push(msg[p + 1 + i]!);
        p += 1 + l;
      }
      return { kind: 'bytes', bytes: Uint8Array.from(parts) };
    }
    case RrType.SOA: {
      const m = readDnsName(msg, s, msg.length);
      if (m === null) return null;
      const r = readDnsName(msg, m.next, msg.length);
      if (r === null || r.next + 20 > e) return null;
      const u32 = (p: number): number => ((msg[p]! << 24) | (msg[p + 1]! << 16) | (msg[p + 2]! << 8) | msg[p + 3]!) >>> 0;
      const q = r.next;
      return {
        kind: 'soa',
        soa: { mname: m.name, rname: r.name, serial: u32(q), refresh: u32(q + 4), retry: u32(q + 8), expire: u32(q + 12), minimum: u32(q + 16) },
      };
    }
    case RrType.SRV: {
      if (e - s < 7) return null;
      const n = readDnsName(msg, s + 6, msg.length);
      if (n === null) return null;
      return {
        kind: 'srv',
        srv: { priority: (msg[s]! << 8) | msg[s + 1]!, weight: (msg[s + 2]! << 8) | msg[s + 3]!, port: (msg[s + 4]! << 8) | msg[s + 5]!, name: n.name },
      };
    }
    default:
      return null;
  }
}
