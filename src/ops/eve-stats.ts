import { formatEveTimestamp, nowMicros } from './eve-timestamp.js';
import type { MetricsSnapshot } from './metrics.js';
import { METRIC, snapshotValue } from './mirrorscope-metrics.js';

/**
 * EVE `event_type: "stats"` in Suricata's shape, filled from a metrics snapshot. Suricata's names are used for
 * what we count the same way (decoder.*, flow.*, tcp.*, detect.*); what only a mirror target has lives under
 * `mirror`. Counters are totals since start, as Suricata writes them.
 */

export interface EveStatsEvent {
  readonly timestamp: string;
  readonly event_type: 'stats';
  readonly stats: EveStats;
}

export type EveStatsValue = number | string | EveStatsObject | EveStatsValue[];
export interface EveStatsObject {
  [key: string]: EveStatsValue;
}

export interface EveStats extends EveStatsObject {
  uptime: number;
  capture: { kernel_packets: number; kernel_drops: number };
  decoder: EveStatsObject;
  flow: EveStatsObject;
  tcp: EveStatsObject;
  detect: EveStatsObject;
  mirror: EveStatsObject;
}

export interface EveStatsOptions {
  /** Event time, microseconds since the epoch; default now. */
  readonly timestampMicros?: number;
  /** EVE timestamp of the last rule (re)load, for `detect.engines[0].last_reload`. */
  readonly lastReload?: string;
}

/** Our layer label -> Suricata's decoder counter name. */
const DECODER_LAYERS: ReadonlyArray<readonly [string, string]> = [
  ['ethernet', 'ethernet'],
  ['ipv4', 'ipv4'],
  ['ipv6', 'ipv6'],
  ['tcp', 'tcp'],
  ['udp', 'udp'],
  ['icmpv4', 'icmpv4'],
  ['icmpv6', 'icmpv6'],
  ['vlan', 'vlan'],
  ['qinq', 'vlan_qinq'],
  ['vxlan', 'vxlan'],
  ['geneve', 'geneve'],
];

export function buildEveStats(snapshot: MetricsSnapshot, options: EveStatsOptions = {}): EveStatsEvent {
  const v = (name: string, label?: string): number => snapshotValue(snapshot, name, label);
  const pkts = v(METRIC.packetsDecoded);
  const bytes = v(METRIC.bytesDecoded);

  const decoder: EveStatsObject = { pkts, bytes, invalid: v(METRIC.datagramsInvalid) };
  for (const [ours, suricata] of DECODER_LAYERS) decoder[suricata] = v(METRIC.decoderLayers, ours);
  decoder.avg_pkt_size = pkts === 0 ? 0 : Math.round(bytes / pkts);
  decoder.event = nestEvents(labels(snapshot, METRIC.decodeEvents));

  const created = labels(snapshot, METRIC.flowsCreated);
  const flow: EveStatsObject = {};
  let total = 0;
  for (const proto of ['tcp', 'udp', 'icmpv4', 'icmpv6']) flow[proto] = created[proto] ?? 0;
  for (const n of Object.values(created)) total += n;
  flow.total = total;
  flow.active = v(METRIC.flowsActive);

  const engine: EveStatsObject = { id: 0 };
  if (options.lastReload !== undefined) engine.last_reload = options.lastReload;
  engine.rules_loaded = v(METRIC.rulesLoaded);
  engine.rules_failed = v(METRIC.rulesFailed);

  return {
    timestamp: formatEveTimestamp(options.timestampMicros ?? nowMicros()),
    event_type: 'stats',
    stats: {
      uptime: Math.floor(v(METRIC.uptime)),
      capture: { kernel_packets: v(METRIC.datagramsReceived), kernel_drops: v(METRIC.packetsDropped) },
      decoder,
      flow,
      tcp: {
        sessions: v(METRIC.tcpSessions),
        syn: v(METRIC.tcpFlags, 'syn'),
        synack: v(METRIC.tcpFlags, 'synack'),
        rst: v(METRIC.tcpFlags, 'rst'),
        reassembly_gap: v(METRIC.reassemblyGaps),
      },
      detect: { engines: [engine], alert: v(METRIC.alerts) },
      mirror: {
        datagrams: v(METRIC.datagramsReceived),
        bytes: v(METRIC.bytesReceived),
        invalid: labels(snapshot, METRIC.datagramsInvalid),
        dropped: labels(snapshot, METRIC.packetsDropped),
        worker_restarts: v(METRIC.workerRestarts),
        rule_reloads: labels(snapshot, METRIC.ruleReloads),
        flow_log_records: v(METRIC.flowLogRecords),
      },
    },
  };
}

/** Dotted names of every numeric leaf (`decoder.pkts`, `detect.engines.0.rules_loaded`): the stats.log view. */
export function flattenEveStats(stats: EveStatsObject): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (value: EveStatsValue, prefix: string): void => {
    if (typeof value === 'number') out[prefix] = value;
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${prefix}.${i}`));
    else if (typeof value === 'object') for (const key of Object.keys(value)) walk(value[key]!, prefix === '' ? key : `${prefix}.${key}`);
  };
  walk(stats, '');
  return out;
}

/**
 * The inverse of `flattenEveStats` for numeric leaves; objects keyed 0..n-1 become arrays again. Empty objects and
 * string leaves had no dotted name, so they do not come back.
 */
export function nestEveStats(flat: Readonly<Record<string, number>>): EveStatsObject {
  const root: EveStatsObject = {};
  for (const name of Object.keys(flat)) setPath(root, name.split('.'), flat[name]!);
  return arraysFromIndexedObjects(root) as EveStatsObject;
}

function labels(snapshot: MetricsSnapshot, name: string): Record<string, number> {
  const sample = snapshot[name];
  return sample !== undefined && typeof sample === 'object' ? { ...sample } : {};
}

/** `ipv4.trunc_pkt` -> { ipv4: { trunc_pkt } }, Suricata's decoder.event layout. */
function nestEvents(byEvent: Record<string, number>): EveStatsObject {
  const root: EveStatsObject = {};
  for (const name of Object.keys(byEvent)) {
    const path = name.startsWith('decoder.') ? name.slice('decoder.'.length) : name;
    setPath(root, path.split('.'), byEvent[name]!);
  }
  return root;
}

function setPath(root: EveStatsObject, path: string[], value: number): void {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (next === undefined || typeof next !== 'object' || Array.isArray(next)) {
      // A name that is both a leaf and a prefix keeps the deeper one; such clashes do not occur in Suricata's names.
      const created: EveStatsObject = {};
      node[key] = created;
      node = created;
    } else node = next;
  }
  const leaf = path[path.length - 1]!;
  const existing = node[leaf];
  node[leaf] = typeof existing === 'number' ? existing + value : value;
}

function arraysFromIndexedObjects(value: EveStatsValue): EveStatsValue {
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = arraysFromIndexedObjects(value[key]!);
  if (keys.length > 0 && keys.every((key, i) => key === String(i))) return keys.map((key) => value[key]!);
  return value;
}
