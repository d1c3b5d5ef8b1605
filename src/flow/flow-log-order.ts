import type { FlowLogColumn, FlowLogRecord } from '../flowlog/flow-log-record.js';
import { VPC_FLOW_LOG_FIELDS } from '../flowlog/vpc-flow-log-fields.js';

const LEADING: readonly FlowLogColumn[] = ['start', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol'];
const ORDER: readonly FlowLogColumn[] = [
  ...LEADING,
  ...VPC_FLOW_LOG_FIELDS.map((f) => f.column).filter((c) => !LEADING.includes(c)),
];

/**
 * Total order on derived records: by start, then the 5-tuple, then every other field. Records that compare equal
 * print identically, so sorting with this gives the same output whatever order records were produced in (one
 * worker or many: merge each worker's sorted output with this comparator).
 */
export function compareFlowLogRecords(a: FlowLogRecord, b: FlowLogRecord): number {
  for (let i = 0; i < ORDER.length; i++) {
    const c = ORDER[i]!;
    const x = a[c];
    const y = b[c];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
