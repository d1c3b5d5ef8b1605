import { utf8Lossy } from '../bytes.js';
import type { DnsMessage, DnsRecord } from './dns-message.js';
import { dnsOpcode, dnsRcode } from './dns-message.js';
import { rcodeName, rrTypeName } from './dns-record-types.js';

/**
 * EVE `dns` objects in Suricata 7's version 2 format with its default `formats: [detailed, grouped]`: one
 * "query" object per question of a request, and one "answer" object per response.
 */
export function dnsQueryEve(msg: DnsMessage, index: number, txId: number): Record<string, unknown> | null {
  const q = msg.questions[index];
  if (q === undefined) return null;
  const out: Record<string, unknown> = {
    type: 'query',
    id: msg.id,
    rrname: utf8Lossy(q.name),
    rrtype: rrTypeName(q.type),
    tx_id: txId,
  };
  if ((msg.flags & 0x0040) !== 0) out['z'] = true;
  out['opcode'] = dnsOpcode(msg.flags);
  return out;
}

export function dnsAnswerEve(msg: DnsMessage): Record<string, unknown> {
  const f = msg.flags;
  const out: Record<string, unknown> = { version: 2, type: 'answer', id: msg.id, flags: f.toString(16) };
  if (f & 0x8000) out['qr'] = true;
  if (f & 0x0400) out['aa'] = true;
  if (f & 0x0200) out['tc'] = true;
  if (f & 0x0100) out['rd'] = true;
  if (f & 0x0080) out['ra'] = true;
  if (f & 0x0040) out['z'] = true;
  out['opcode'] = dnsOpcode(f);
  const q = msg.questions[0];
  if (q !== undefined) {
    out['rrname'] = utf8Lossy(q.name);
    out['rrtype'] = rrTypeName(q.type);
  }
  out['rcode'] = rcodeName(dnsRcode(f));
  if (msg.answers.length > 0) {
    out['answers'] = msg.answers.map(recordEve);
    const grouped: Record<string, unknown[]> = {};
    for (const a of msg.answers) {
      const v = groupedValue(a);
      if (v === undefined) continue;
      (grouped[rrTypeName(a.type)] ??= []).push(v);
    }
    out['grouped'] = grouped;
  }
  if (msg.authorities.length > 0) out['authorities'] = msg.authorities.map(recordEve);
  return out;
}

function recordEve(r: DnsRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { rrname: utf8Lossy(r.name), rrtype: rrTypeName(r.type), ttl: r.ttl };
  const d = r.data;
  if (d === null) return out;
  switch (d.kind) {
    case 'address':
      out['rdata'] = printAddress(d.bytes);
      break;
    case 'bytes':
      out['rdata'] = utf8Lossy(d.bytes);
      break;
    case 'soa':
      out['soa'] = soaEve(d.soa);
      break;
    case 'srv':
      out['srv'] = { priority: d.srv.priority, weight: d.srv.weight, port: d.srv.port, name: utf8Lossy(d.srv.name) };
      break;
  }
  return out;
}

function groupedValue(r: DnsRecord): unknown {
  const d = r.data;
  if (d === null) return undefined;
  switch (d.kind) {
    case 'address':
      return printAddress(d.bytes);
    case 'bytes':
      return utf8Lossy(d.bytes);
    case 'soa':
      return soaEve(d.soa);
    case 'srv':
      return { priority: d.srv.priority, weight: d.srv.weight, port: d.srv.port, name: utf8Lossy(d.srv.name) };
  }
}

function soaEve(s: { mname: Uint8Array; rname: Uint8Array; serial: number; refresh: number; retry: number; expire: number; minimum: number }): Record<string, unknown> {
  return { mname: utf8Lossy(s.mname), rname: utf8Lossy(s.rname), serial: s.serial, refresh: s.refresh, retry: s.retry, expire: s.expire, minimum: s.minimum };
}

/** IPv4 dotted quad; IPv6 as Suricata prints it: eight 4-digit hex groups, no zero compression. */
export function printAddress(b: Uint8Array): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const groups: string[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16).padStart(4, '0'));
  return groups.join(':');
}
