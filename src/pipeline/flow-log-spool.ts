import { compareFlowLogRecords } from '../flow/flow-log-order.js';
import { emptyFlowLogRecord, type FlowLogColumn, type FlowLogRecord } from '../flowlog/flow-log-record.js';
import { SortedSpool, type SpoolCodec } from './sorted-spool.js';

/** Derived records kept in memory before a sorted run goes to disk (a record object is about half a kilobyte). */
const DEFAULT_RUN_RECORDS = 100_000;

// Run files hold each record as an array of its values in this column order: half the bytes of keyed objects.
const COLUMNS = Object.keys(emptyFlowLogRecord()) as FlowLogColumn[];

const FLOW_LOG_CODEC: SpoolCodec<FlowLogRecord> = {
  prefix: 'mirrorscope-flowlog-',
  compare: compareFlowLogRecords,
  encode: (r) => COLUMNS.map((c) => r[c]),
  decode: (value) => {
    const values = value as unknown[];
    const r = emptyFlowLogRecord() as unknown as Record<FlowLogColumn, unknown>;
    for (let i = 0; i < COLUMNS.length; i++) r[COLUMNS[i]!] = values[i];
    return r as unknown as FlowLogRecord;
  },
};

/**
 * Replay's derived VPC Flow Log records in output order (compareFlowLogRecords) without holding them all: a long
 * capture yields records in proportion to its flows, which kept in memory ran out of it.
 */
export class FlowLogSpool extends SortedSpool<FlowLogRecord> {
  constructor(runRecords = DEFAULT_RUN_RECORDS) {
    super(FLOW_LOG_CODEC, runRecords);
  }
}
