export { decodeProtobufFileToJsonLines, eveJsonOf } from './decode-protobuf-file.js';
export type { JsonLinesSink } from './decode-protobuf-file.js';
export { alertMessageFromEve, eveFromAlertMessage, knownFlowLogFields } from './eve-alert-message.js';
export type {
  AlertInfo,
  AlertMessage,
  AlertMessageInput,
  AlertTunnel,
  Int64Value,
  MirrorscopeEvent,
  MirrorscopeEventInput,
  StatsMessage,
  StatsMessageInput,
} from './protobuf-event.js';
export { readProtobufEvents } from './protobuf-reader.js';
export { statsMessageFromEve } from './stats-message.js';
export { mirrorscopeEventType, mirrorscopeProtoSource } from './protobuf-schema.js';
export { ProtobufEventWriter } from './protobuf-writer.js';
export type { ProtobufEventWriterOptions } from './protobuf-writer.js';
