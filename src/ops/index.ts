export { CloudWatchEmfEmitter, EMF_MAX_DIMENSIONS, EMF_MAX_METRICS_PER_DOCUMENT, emfBaseName } from './cloudwatch-emf.js';
export type { CloudWatchEmfOptions, EmfDocument, EmfMetricDefinition, EmfUnit } from './cloudwatch-emf.js';
export { buildEveStats, flattenEveStats, nestEveStats } from './eve-stats.js';
export type { EveStats, EveStatsEvent, EveStatsObject, EveStatsOptions, EveStatsValue } from './eve-stats.js';
export { formatEveTimestamp, nowMicros } from './eve-timestamp.js';
export { DEFAULT_HEALTH_PORT, HealthServer } from './health-server.js';
export type { HealthServerOptions } from './health-server.js';
export type { HealthState } from './health-state.js';
export { listenError } from './listen-error.js';
export {
  Counter,
  CounterMetric,
  Gauge,
  GaugeMetric,
  LabelledCounter,
  LabelledGauge,
  MetricsRegistry,
} from './metrics.js';
export type { MetricFamily, MetricKind, MetricSample, MetricsSnapshot } from './metrics.js';
export { createMirrorscopeMetrics, METRIC, METRIC_PRESETS, snapshotValue } from './mirrorscope-metrics.js';
export type { MirrorscopeMetrics, MirrorscopeMetricsOptions } from './mirrorscope-metrics.js';
export { PROMETHEUS_CONTENT_TYPE, escapeHelp, escapeLabelValue, formatSampleValue } from './prometheus-text.js';
export { createLogger, LOG_FORMATS, LOG_LEVELS, StructuredLogger } from './structured-log.js';
export type { LogFields, LogFormat, LogLevel, LogStream, StructuredLoggerOptions } from './structured-log.js';
export { TcpHealthListener } from './tcp-health-listener.js';
export type { TcpHealthListenerOptions } from './tcp-health-listener.js';
export { kernelUdpDrops } from './kernel-udp-drops.js';
