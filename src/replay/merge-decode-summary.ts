import type { DecodeSummaryJson } from './decode-summary-report.js';

type Counted = { packets: number; bytes: number };

function sumRecord(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function mergeBy<T extends Counted>(a: T[], b: T[], key: (t: T) => string, order: (x: T, y: T) => number): T[] {
  const m = new Map<string, T>();
  for (const t of [...a, ...b]) {
    const k = key(t);
    const prev = m.get(k);
    if (prev) m.set(k, { ...prev, packets: prev.packets + t.packets, bytes: prev.bytes + t.bytes });
    else m.set(k, { ...t });
  }
  return [...m.values()].sort(order);
}

/** Summaries from several workers (each saw a share of the flows) as one, as a single thread would report. */
export function mergeDecodeSummaryJson(a: DecodeSummaryJson, b: DecodeSummaryJson): DecodeSummaryJson {
  const minTime = (x: string | null, y: string | null) => (x === null ? y : y === null ? x : x < y ? x : y);
  const maxTime = (x: string | null, y: string | null) => (x === null ? y : y === null ? x : x > y ? x : y);
  return {
    packets: a.packets + b.packets,
    bytes: a.bytes + b.bytes,
    captured_bytes: a.captured_bytes + b.captured_bytes,
    ip_bytes: a.ip_bytes + b.ip_bytes,
    first_seen: minTime(a.first_seen, b.first_seen),
    last_seen: maxTime(a.last_seen, b.last_seen),
    status: sumRecord(a.status, b.status),
    layers: sumRecord(a.layers, b.layers),
    tunnels: {
      tunneled_packets: a.tunnels.tunneled_packets + b.tunnels.tunneled_packets,
      invalid: a.tunnels.invalid + b.tunnels.invalid,
      gwlb_packets: a.tunnels.gwlb_packets + b.tunnels.gwlb_packets,
      vxlan: mergeBy(a.tunnels.vxlan, b.tunnels.vxlan, (t) => String(t.vni), (x, y) => x.vni - y.vni),
      geneve: mergeBy(a.tunnels.geneve, b.tunnels.geneve, (t) => String(t.vni), (x, y) => x.vni - y.vni),
    },
    mirror_sources: mergeBy(a.mirror_sources, b.mirror_sources, (t) => `${t.vni} ${t.source}`, (x, y) => x.vni - y.vni || x.source.localeCompare(y.source)),
    truncated: {
      packets: a.truncated.packets + b.truncated.packets,
      by_capture: a.truncated.by_capture + b.truncated.by_capture,
      by_mirror: a.truncated.by_mirror + b.truncated.by_mirror,
    },
    ip: { v4: a.ip.v4 + b.ip.v4, v6: a.ip.v6 + b.ip.v6, fragments: a.ip.fragments + b.ip.fragments },
    arp: a.arp + b.arp,
    decode_events: sumRecord(a.decode_events, b.decode_events),
  };
}
