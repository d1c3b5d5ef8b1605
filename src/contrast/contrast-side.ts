import type { FlowLogRecord } from '../flowlog/index.js';

/** Records of one key on one side, merged across aggregation windows as interface.md says. */
export interface MergedSide {
  packets: number;
  bytes: number;
  start: number;
  end: number;
  tcp_flags: number | null;
  records: number;
  accept: number;
  reject: number;
}

export function emptySide(): MergedSide {
  return { packets: 0, bytes: 0, start: Number.POSITIVE_INFINITY, end: 0, tcp_flags: null, records: 0, accept: 0, reject: 0 };
}

export function mergeRecord(side: MergedSide, r: FlowLogRecord): void {
  side.records++;
  side.packets += r.packets ?? 0;
  side.bytes += r.bytes ?? 0;
  if (r.start !== null && r.start < side.start) side.start = r.start;
  if (r.end !== null && r.end > side.end) side.end = r.end;
  if (r.tcp_flags !== null) side.tcp_flags = (side.tcp_flags ?? 0) | r.tcp_flags;
  if (r.action === 'REJECT') side.reject++;
  else side.accept++;
}
