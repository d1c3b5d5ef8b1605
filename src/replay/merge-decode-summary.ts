import { DECODE_EVENT_COUNT, LAYER_KIND_COUNT, decodeEventName, layerName } from '../../native-free-decoders/index.js';
import type { DecodeSummaryJson } from './decode-summary-report.js';

type Counted = { packets: number; bytes: number };

// The key order a single thread reports in (layer kind, decode event id): merged summaries must not depend on which
// worker's summary arrived first, and the text report lists equal counts in this order.
const LAYER_ORDER = Array.from({ length: LAYER_KIND_COUNT }, (_, k) => layerName(k));
const EVENT_ORDER = Array.from({ length: DECODE_EVENT_COUNT }, (_, id) => decodeEventName(id));

function sumRecord(a: Record<string, number>, b: Record<string, number>, order?: readonly string[]): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) sum[k] = (sum[k] ?? 0) + v;
  if (order === undefined) return sum;
  const out: Record<string, number> = {};
  for (const k of order) if (k in sum) out[k] = sum[k]!;
  // Names outside the canonical list (none today) keep their place after it rather than being dropped.
  for (const [k, v] of Object.entries(sum)) if (!(k in out)) out[k] = v;
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
    layers: sumRecord(a.layers, b.layers, LAYER_ORDER),
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
    decode_events: sumRecord(a.decode_events, b.decode_events, EVENT_ORDER),
  };
}
