import { DECODE_STATUS_NAMES, decodeEventName, layerName } from '../../native-free-decoders/index.js';
import type { DecodeSummary } from './decode-summary.js';

/** One input file as replay saw it. */
export interface ReplayFileReport {
  path: string;
  format: string;
  records: number;
  bytes: number;
  link_types: string[];
  /** The last record was cut short: how many bytes were left and how many complete records came before. */
  cut_short: { bytes_left: number; complete_records: number } | null;
}

export interface DecodeSummaryJson {
  packets: number;
  bytes: number;
  captured_bytes: number;
  ip_bytes: number;
  first_seen: string | null;
  last_seen: string | null;
  status: Record<string, number>;
  layers: Record<string, number>;
  tunnels: {
    tunneled_packets: number;
    invalid: number;
    gwlb_packets: number;
    vxlan: { vni: number; packets: number; bytes: number }[];
    geneve: { vni: number; packets: number; bytes: number }[];
  };
  mirror_sources: { vni: number; source: string; packets: number; bytes: number }[];
  truncated: { packets: number; by_capture: number; by_mirror: number };
  ip: { v4: number; v6: number; fragments: number };
  arp: number;
  decode_events: Record<string, number>;
}

export function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function decodeSummaryJson(s: DecodeSummary): DecodeSummaryJson {
  const status: Record<string, number> = {};
  DECODE_STATUS_NAMES.forEach((name, i) => {
    status[name] = s.statusCounts[i]!;
  });
  const layers: Record<string, number> = {};
  s.layerCounts.forEach((n, kind) => {
    if (n > 0) layers[layerName(kind)] = n;
  });
  const events: Record<string, number> = {};
  s.eventCounts.forEach((n, id) => {
    if (n > 0) events[decodeEventName(id)] = n;
  });
  const tunnelList = (m: Map<number, { packets: number; bytes: number }>) =>
    [...m.entries()].sort((a, b) => a[0] - b[0]).map(([vni, c]) => ({ vni, packets: c.packets, bytes: c.bytes }));
  return {
    packets: s.packets,
    bytes: s.wireBytes,
    captured_bytes: s.capturedBytes,
    ip_bytes: s.ipBytes,
    first_seen: s.packets > 0 ? isoSeconds(s.firstSeconds) : null,
    last_seen: s.packets > 0 ? isoSeconds(s.lastSeconds) : null,
    status,
    layers,
    tunnels: {
      tunneled_packets: s.tunneled,
      invalid: s.invalidTunnels,
      gwlb_packets: s.gwlb,
      vxlan: tunnelList(s.vxlan),
      geneve: tunnelList(s.geneve),
    },
    mirror_sources: s.mirrorSources().map(({ vni, source, packets, bytes }) => ({ vni, source, packets, bytes })),
    truncated: { packets: s.truncated, by_capture: s.captureTruncated, by_mirror: s.mirrorTruncated },
    ip: { v4: s.ipv4, v6: s.ipv6, fragments: s.fragments },
    arp: s.arp,
    decode_events: events,
  };
}

/**
 * A count with thousands separators, as toLocaleString('en-US') writes it. Counts are grouped by hand: the first
 * toLocaleString call of a process loads ICU's number formatting, some 20 ms of every replay's start.
 */
export function groupDigits(v: number): string {
  if (!Number.isSafeInteger(v) || Object.is(v, -0)) return v.toLocaleString('en-US');
  const digits = String(Math.abs(v));
  let out = digits.length % 3 === 0 ? '' : digits.slice(0, digits.length % 3);
  for (let i = digits.length % 3; i < digits.length; i += 3) out += (out === '' ? '' : ',') + digits.slice(i, i + 3);
  return v < 0 ? `-${out}` : out;
}

const n = groupDigits;

/** The human summary: aligned, one idea per line, the mirror-specific facts first. */
export function formatDecodeSummary(files: ReplayFileReport[], j: DecodeSummaryJson): string {
  const lines: string[] = [];
  lines.push('mirrorscope replay: decode summary');
  for (const f of files) {
    const cut = f.cut_short ? `, last record cut short (${f.cut_short.bytes_left} bytes left)` : '';
    lines.push(`  ${f.path}: ${f.format}, ${n(f.records)} packets, link ${f.link_types.join('/') || '-'}${cut}`);
  }
  lines.push('');
  lines.push(`packets      ${n(j.packets)}  (${n(j.bytes)} bytes on the wire, ${n(j.captured_bytes)} captured)`);
  if (j.first_seen) lines.push(`time         ${j.first_seen} .. ${j.last_seen}`);
  lines.push(
    `decoded      ok ${n(j.status.ok ?? 0)}, truncated ${n(j.status.truncated ?? 0)}, malformed ${n(j.status.malformed ?? 0)}, ` +
      `unsupported ${n(j.status.unsupported ?? 0)}`,
  );
  lines.push(`inner IP     IPv4 ${n(j.ip.v4)}, IPv6 ${n(j.ip.v6)}, fragments ${n(j.ip.fragments)}, ${n(j.ip_bytes)} IP bytes (Flow Log bytes)`);
  const t = j.tunnels;
  lines.push(`tunnels      ${n(t.tunneled_packets)} mirrored packets, ${n(t.gwlb_packets)} via Gateway Load Balancer, ${n(t.invalid)} invalid tunnel headers`);
  for (const v of t.vxlan) lines.push(`  vxlan vni ${String(v.vni).padEnd(9)} ${n(v.packets)} packets, ${n(v.bytes)} bytes`);
  for (const g of t.geneve) lines.push(`  geneve vni ${String(g.vni).padEnd(8)} ${n(g.packets)} packets, ${n(g.bytes)} bytes`);
  if (j.mirror_sources.length > 0) {
    lines.push('mirror sources (VNI, source ENI primary IP)');
    for (const m of j.mirror_sources) lines.push(`  ${String(m.vni).padEnd(9)} ${m.source.padEnd(16)} ${n(m.packets)} packets`);
  }
  lines.push(`truncated    ${n(j.truncated.packets)} packets (${n(j.truncated.by_mirror)} by the mirror session's packet length or MTU, ${n(j.truncated.by_capture)} by the capture snaplen)`);
  if (j.arp > 0) lines.push(`arp          ${n(j.arp)} (AWS never mirrors ARP: these came from a plain capture)`);
  lines.push('layers       ' + Object.entries(j.layers).map(([k, v]) => `${k} ${n(v)}`).join(', '));
  const events = Object.entries(j.decode_events).sort((a, b) => b[1] - a[1]);
  if (events.length === 0) lines.push('decode events: none');
  else {
    lines.push('decode events');
    for (const [name, count] of events) lines.push(`  ${name.padEnd(40)} ${n(count)}`);
  }
  return lines.join('\n');
}
