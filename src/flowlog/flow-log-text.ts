import { FlowLogTokens, MAX_FIELDS, assignFlowLogTokenBytes } from './flow-log-line-parser.js';
import { emptyFlowLogRecord } from './flow-log-record.js';
import type { FlowLogRecord } from './flow-log-record.js';
import type { FlowLogFieldSpec, FlowLogFormat } from './vpc-flow-log-fields.js';

/** AWS's spelling of an unknown value. */
export const FLOW_LOG_UNKNOWN = '-';

const HAS_WHITESPACE = /\s/;
const WHITESPACE_RUNS = /\s+/g;

/**
 * One record as AWS writes it in a text file: values in format order, single spaces, `-` for unknown.
 * A string holding whitespace would shift every later field, so whitespace runs become `_`.
 */
export function formatFlowLogLine(record: FlowLogRecord, format: FlowLogFormat): string {
  const fields = format.fields;
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ' ';
    line += formatFlowLogValue(record[fields[i]!.column]);
  }
  return line;
}

export function formatFlowLogValue(value: string | number | null): string {
  if (value === null) return FLOW_LOG_UNKNOWN;
  if (typeof value === 'number') return String(value);
  if (value.length === 0) return FLOW_LOG_UNKNOWN;
  return HAS_WHITESPACE.test(value) ? value.replace(WHITESPACE_RUNS, '_') : value;
}

const ACTIONS: ReadonlySet<string> = new Set(['ACCEPT', 'REJECT']);
const STATUSES: ReadonlySet<string> = new Set(['OK', 'NODATA', 'SKIPDATA']);

/** Parses one text value of `spec` into `record`. Returns null on success, or why it is invalid. */
export function assignFlowLogValue(spec: FlowLogFieldSpec, token: string, record: FlowLogRecord): string | null {
  if (token === FLOW_LOG_UNKNOWN) {
    spec.set(record, null);
    return null;
  }
  if (spec.kind === 'number') {
    const value = parseUnsigned(token);
    if (value < 0 || value > spec.max) return `${spec.name} is not a valid number: "${clip(token)}"`;
    spec.set(record, value);
    return null;
  }
  if (spec.column === 'action' && !ACTIONS.has(token)) return `action must be ACCEPT or REJECT, found "${clip(token)}"`;
  if (spec.column === 'log_status' && !STATUSES.has(token)) {
    return `log-status must be OK, NODATA or SKIPDATA, found "${clip(token)}"`;
  }
  spec.set(record, token);
  return null;
}

/** Decimal digits only (AWS writes no signs, fractions or exponents); -1 when not a safe integer. */
function parseUnsigned(token: string): number {
  const n = token.length;
  if (n === 0 || n > 16) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const digit = token.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value <= Number.MAX_SAFE_INTEGER ? value : -1;
}

function clip(token: string): string {
  return token.length > 40 ? token.slice(0, 40) + '...' : token;
}

/** Parses one record line of `format`; returns the record, or why the line is malformed. */
export function parseFlowLogLine(line: string, format: FlowLogFormat): FlowLogRecord | string {
  const bytes = Buffer.from(line, 'utf8');
  const tokens = new FlowLogTokens();
  if (!tokens.split(bytes, 0, bytes.length)) return `more than ${MAX_FIELDS} fields`;
  const record = emptyFlowLogRecord();
  const reason = assignFlowLogTokenBytes(bytes, tokens, format.fields, record);
  return reason === null ? record : reason;
}
