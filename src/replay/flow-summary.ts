import type { ReplayFlowStats } from '../pipeline/replay.js';

export interface FlowSummaryJson {
  created: number;
  peak_active: number;
  packets_without_flow: number;
  timed_out: number;
  evicted: number;
  /** null: no output asked for records, so none were derived. */
  flow_log_records: number | null;
  aggregation_interval: number;
  bytes_per_flow: number;
}

export function flowSummaryJson(s: ReplayFlowStats, records: number | null, interval: number): FlowSummaryJson {
  return {
    created: s.created,
    peak_active: s.peakActive,
    packets_without_flow: s.noFlow,
    timed_out: s.timedOut,
    evicted: s.evicted,
    flow_log_records: records,
    aggregation_interval: interval,
    bytes_per_flow: s.bytesPerFlow,
  };
}

export function formatFlowSummary(f: FlowSummaryJson): string {
  return [
    `flows        ${f.created} (peak ${f.peak_active} at once), ${f.timed_out} timed out, ${f.evicted} evicted under the memory cap`,
    f.flow_log_records === null
      ? `flow logs    not derived: no output asked for them (--flow-log-out, --flow-log-s3-dir, --flow-logs, --protobuf)`
      : `flow logs    ${f.flow_log_records} derived VPC Flow Log records (${f.aggregation_interval} s windows: one per direction per mirror source per window)`,
  ].join('\n');
}
