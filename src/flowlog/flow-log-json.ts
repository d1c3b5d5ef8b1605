import type { FlowLogRecord } from './flow-log-record.js';
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
