export {
  VPC_FLOW_LOG_FIELDS,
  DEFAULT_FLOW_LOG_FORMAT,
  DEFAULT_FLOW_LOG_FORMAT_STRING,
  flowLogField,
  flowLogFormatOf,
  flowLogFormatVersion,
  parseFlowLogFormat,
} from './vpc-flow-log-fields.js';
export type { FlowLogFieldKind, FlowLogFieldSpec, FlowLogFormat, FlowLogParquetType } from './vpc-flow-log-fields.js';
export { emptyFlowLogRecord, flowLogRecord } from './flow-log-record.js';
export type { FlowLogAction, FlowLogColumn, FlowLogRecord, FlowLogStatus } from './flow-log-record.js';
export { FLOW_LOG_UNKNOWN, formatFlowLogLine, formatFlowLogValue, parseFlowLogLine } from './flow-log-text.js';
export { flowLogJsonText, flowLogRecordJson, type FlowLogValueOf } from './flow-log-json.js';
export { FlowLogWriter } from './flow-log-writer.js';
export type { FlowLogStreamOptions, FlowLogWriterOptions } from './flow-log-writer.js';
export { s3ObjectKey, s3ObjectName, s3Prefix } from './s3-flow-log-path.js';
export type { FlowLogTime, S3ObjectNameParts, S3PrefixParts } from './s3-flow-log-path.js';
export { FlowLogReadStats, MAX_KEPT_WARNINGS, formatFlowLogWarning } from './flow-log-read-stats.js';
export type { FlowLogInputKind, FlowLogWarning } from './flow-log-read-stats.js';
export type { FlowLogReadOptions } from './flow-log-line-parser.js';
export { expandFlowLogInputs } from './flow-log-inputs.js';
export type { FlowLogInput } from './flow-log-inputs.js';
export { readFlowLogBatches, readFlowLogFile, readFlowLogs } from './flow-log-reader.js';
export { S3LayoutWriter, writeS3Layout } from './s3-layout-writer.js';
export type { S3LayoutOptions } from './s3-layout-writer.js';
