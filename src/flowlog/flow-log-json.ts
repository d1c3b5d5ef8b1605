import type { FlowLogColumn, FlowLogRecord } from './flow-log-record.js';
import { FLOW_LOG_UNKNOWN } from './flow-log-text.js';
import { VPC_FLOW_LOG_FIELDS } from './vpc-flow-log-fields.js';
import type { FlowLogFieldSpec } from './vpc-flow-log-fields.js';

/**
 * A record as a JSON object with underscore keys in field-table order (or the order of `fields`), for
 * EVE `flow_log` and reports. Unknown values read `"-"` as in the text format, so the JSON says what a
 * flow-log reader would see.
 */
export function flowLogRecordJson(
  record: FlowLogRecord,
  fields: readonly FlowLogFieldSpec[] = VPC_FLOW_LOG_FIELDS,
): Record<string, string | number> {
  const json: Record<string, string | number> = {};
  for (const spec of fields) json[spec.column] = record[spec.column] ?? FLOW_LOG_UNKNOWN;
  return json;
}

// Each field list's keys, quoted once: `{"version":`, `,"account_id":`...
const quotedKeys = new WeakMap<readonly FlowLogFieldSpec[], string[]>();

function keysOf(fields: readonly FlowLogFieldSpec[]): string[] {
  let keys = quotedKeys.get(fields);
  if (keys === undefined) {
    keys = fields.map((spec, i) => `${i === 0 ? '{' : ','}${JSON.stringify(spec.column)}:`);
    quotedKeys.set(fields, keys);
  }
  return keys;
}

/** A column's value, or null where the record leaves it unknown: a record's field, or one computed on demand. */
export type FlowLogValueOf = (column: FlowLogColumn) => string | number | null;

/**
 * The text JSON.stringify(flowLogRecordJson(record, fields)) gives, from the values valueOf returns, without an
 * object: every alert carries one (FlowLogWindows.snapshotJson), so this is on the alert path.
 */
export function flowLogJsonText(valueOf: FlowLogValueOf, fields: readonly FlowLogFieldSpec[] = VPC_FLOW_LOG_FIELDS): string {
  if (fields.length === 0) return '{}';
  const keys = keysOf(fields);
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const v = valueOf(fields[i]!.column) ?? FLOW_LOG_UNKNOWN;
    out += keys[i]! + (typeof v === 'number' ? jsonNumber(v) : JSON.stringify(v));
  }
  return out + '}';
}

function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
