import { MetricsRegistry } from './metrics.js';
import type { CounterMetric, GaugeMetric, LabelledCounter, LabelledGauge } from './metrics.js';

/** Exposed names, for readers of snapshots (EVE stats, EMF) and tests. */
export const METRIC = {
  datagramsReceived: 'mirrorscope_datagrams_received_total',
  bytesReceived: 'mirrorscope_bytes_received_total',
  datagramsInvalid: 'mirrorscope_datagrams_invalid_total',
  packetsDecoded: 'mirrorscope_packets_decoded_total',
  bytesDecoded: 'mirrorscope_decoded_bytes_total',
  decoderLayers: 'mirrorscope_decoder_layers_total',
  decodeEvents: 'mirrorscope_decode_events_total',
  packetsDropped: 'mirrorscope_packets_dropped_total',
  flowsActive: 'mirrorscope_flows_active',
  flowsCreated: 'mirrorscope_flows_created_total',
  tcpSessions: 'mirrorscope_tcp_sessions_total',
  tcpFlags: 'mirrorscope_tcp_packets_total',
  reassemblyGaps: 'mirrorscope_tcp_reassembly_gaps_total',
  alerts: 'mirrorscope_alerts_total',
  alertsByClasstype: 'mirrorscope_alerts_by_classtype_total',
  alertsBySeverity: 'mirrorscope_alerts_by_severity_total',
  flowLogRecords: 'mirrorscope_flow_log_records_written_total',
  workerQueueDepth: 'mirrorscope_worker_queue_depth',
  workerRestarts: 'mirrorscope_worker_restarts_total',
  rulesLoaded: 'mirrorscope_rules_loaded',
  rulesFailed: 'mirrorscope_rules_failed',
  ruleReloads: 'mirrorscope_rule_reloads_total',
  startTime: 'mirrorscope_start_time_seconds',
  uptime: 'mirrorscope_uptime_seconds',
} as const;

/** Label values exposed as 0 from the start, so dashboards and alarms see the series before the first event. */
export const METRIC_PRESETS = {
  invalidReasons: ['too_short', 'not_vxlan', 'not_geneve', 'truncated', 'malformed', 'unsupported'],
  dropReasons: ['overload', 'worker_unavailable'],
  decoderLayers: ['ethernet', 'vlan', 'qinq', 'ipv4', 'ipv6', 'tcp', 'udp', 'icmpv4', 'icmpv6', 'vxlan', 'geneve'],
  flowProtocols: ['tcp', 'udp', 'icmpv4', 'icmpv6', 'other'],
  tcpFlags: ['syn', 'synack', 'rst'],
  severities: ['1', '2', '3', '4'],
  reloadResults: ['success', 'failure'],
} as const;

/** The metrics of one mirrorscope process or worker: typed handles on one registry. */
export interface MirrorscopeMetrics {
  readonly registry: MetricsRegistry;
  readonly datagramsReceived: CounterMetric;
  /** UDP payload bytes of every received datagram, valid or not. */
  readonly bytesReceived: CounterMetric;
  /** reason: why a datagram was not a usable mirror delivery (label values are the receiver's to choose). */
  readonly datagramsInvalid: LabelledCounter;
  readonly packetsDecoded: CounterMetric;
  /** Inner (inspected) packet bytes as captured. */
  readonly bytesDecoded: CounterMetric;
  /** layer: every decoded layer of every packet (ethernet, vlan, ipv4, tcp, vxlan, geneve, ...). */
  readonly decoderLayers: LabelledCounter;
  /** event: decode-event names without the `decoder.` prefix (`ipv4.trunc_pkt`), Suricata's spelling. */
  readonly decodeEvents: LabelledCounter;
  /** reason: packets received but never inspected. `overload` must be counted: loss is never silent. */
  readonly packetsDropped: LabelledCounter;
  readonly flowsActive: GaugeMetric;
  /** proto: flows created, by transport. */
  readonly flowsCreated: LabelledCounter;
  readonly tcpSessions: CounterMetric;
  /** flag: TCP packets carrying SYN (no ACK), SYN+ACK, RST: Suricata's tcp.syn / synack / rst. */
  readonly tcpFlags: LabelledCounter;
  readonly reassemblyGaps: CounterMetric;
  readonly alerts: CounterMetric;
  readonly alertsByClasstype: LabelledCounter;
  readonly alertsBySeverity: LabelledCounter;
  readonly flowLogRecords: CounterMetric;
  /** worker: batches waiting for each worker thread. */
  readonly workerQueueDepth: LabelledGauge;
  readonly workerRestarts: CounterMetric;
  readonly rulesLoaded: GaugeMetric;
  readonly rulesFailed: GaugeMetric;
  /** result: success or failure of each SIGHUP reload. */
  readonly ruleReloads: LabelledCounter;
  readonly startTime: GaugeMetric;
  readonly uptime: GaugeMetric;
}

export interface MirrorscopeMetricsOptions {
  /** Worker count: pre-creates `worker="0".."n-1"` queue-depth series. */
  readonly workers?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

const LOCAL = { local: true };

/** Registers every mirrorscope metric on a fresh registry. Workers and the main thread call it alike. */
export function createMirrorscopeMetrics(options: MirrorscopeMetricsOptions = {}): MirrorscopeMetrics {
  const now = options.now ?? Date.now;
  const r = new MetricsRegistry();
  const workerIds = Array.from({ length: options.workers ?? 0 }, (_, i) => String(i));
  const m: MirrorscopeMetrics = {
    registry: r,
    datagramsReceived: r.counter(METRIC.datagramsReceived, 'UDP datagrams received on the VXLAN and GENEVE ports.'),
    bytesReceived: r.counter(METRIC.bytesReceived, 'UDP payload bytes received on the VXLAN and GENEVE ports.'),
    datagramsInvalid: r.labelledCounter(
      METRIC.datagramsInvalid,
      'Datagrams that were not a usable mirror delivery, by reason.',
      'reason',
      METRIC_PRESETS.invalidReasons,
    ),
    packetsDecoded: r.counter(METRIC.packetsDecoded, 'Inner packets decoded and inspected.'),
    bytesDecoded: r.counter(METRIC.bytesDecoded, 'Bytes of the inner packets decoded (as delivered, after truncation).'),
    decoderLayers: r.labelledCounter(METRIC.decoderLayers, 'Protocol layers decoded, by layer.', 'layer', METRIC_PRESETS.decoderLayers),
    decodeEvents: r.labelledCounter(METRIC.decodeEvents, 'Decoder anomalies, by Suricata decode-event name.', 'event'),
    packetsDropped: r.labelledCounter(
      METRIC.packetsDropped,
      'Packets received but not inspected, by reason (overload: worker queues full).',
      'reason',
      METRIC_PRESETS.dropReasons,
    ),
    flowsActive: r.gauge(METRIC.flowsActive, 'Flows currently tracked.'),
    flowsCreated: r.labelledCounter(METRIC.flowsCreated, 'Flows created, by protocol.', 'proto', METRIC_PRESETS.flowProtocols),
    tcpSessions: r.counter(METRIC.tcpSessions, 'TCP sessions tracked by the stream engine.'),
    tcpFlags: r.labelledCounter(METRIC.tcpFlags, 'TCP packets with SYN, SYN-ACK or RST, by flag.', 'flag', METRIC_PRESETS.tcpFlags),
    reassemblyGaps: r.counter(METRIC.reassemblyGaps, 'Gaps in TCP stream reassembly (data the mirror never delivered).'),
    alerts: r.counter(METRIC.alerts, 'Alerts raised.'),
    alertsByClasstype: r.labelledCounter(METRIC.alertsByClasstype, 'Alerts raised, by rule classtype.', 'classtype'),
    alertsBySeverity: r.labelledCounter(
      METRIC.alertsBySeverity,
      'Alerts raised, by severity (1 is the most severe).',
      'severity',
      METRIC_PRESETS.severities,
    ),
    flowLogRecords: r.counter(METRIC.flowLogRecords, 'Derived VPC Flow Log records written.'),
    workerQueueDepth: r.labelledGauge(METRIC.workerQueueDepth, 'Batches queued for each worker thread.', 'worker', workerIds),
    workerRestarts: r.counter(METRIC.workerRestarts, 'Worker threads restarted after a crash.'),
    rulesLoaded: r.gauge(METRIC.rulesLoaded, 'Rules loaded in the active rule set.', LOCAL),
    rulesFailed: r.gauge(METRIC.rulesFailed, 'Rules skipped for errors in the active rule set.', LOCAL),
    ruleReloads: r.labelledCounter(METRIC.ruleReloads, 'Rule reloads (SIGHUP), by result.', 'result', METRIC_PRESETS.reloadResults),
    startTime: r.gauge(METRIC.startTime, 'Start time of the process, seconds since the Unix epoch.', LOCAL),
    uptime: r.gauge(METRIC.uptime, 'Seconds since the process started.', LOCAL),
  };
  const started = now();
  m.startTime.set(started / 1000);
  r.onCollect(() => m.uptime.set(Math.max(0, (now() - started) / 1000)));
  return m;
}

/** Reads a number from a snapshot: a plain value, one label's value, or the sum over labels. */
export function snapshotValue(snapshot: Readonly<Record<string, unknown>>, name: string, label?: string): number {
  const sample = snapshot[name];
  if (typeof sample === 'number') return sample;
  if (sample === null || typeof sample !== 'object') return 0;
  const byLabel = sample as Record<string, number>;
  if (label !== undefined) return byLabel[label] ?? 0;
  let sum = 0;
  for (const v of Object.values(byLabel)) sum += v;
  return sum;
}
