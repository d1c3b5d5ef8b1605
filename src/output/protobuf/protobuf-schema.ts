import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import { MIRRORSCOPE_PROTO_SOURCE } from './mirrorscope-proto-source.js';

let eventType: Type | null = null;

/**
 * The reflected `mirrorscope.Event` type, parsed once from the embedded schema. Field names keep the schema's
 * snake_case (`keepCase`), so plain objects with EVE / flow-log names encode as they are.
 */
export function mirrorscopeEventType(): Type {
  if (eventType === null) {
    const { root } = protobuf.parse(MIRRORSCOPE_PROTO_SOURCE, { keepCase: true });
    eventType = root.lookupType('mirrorscope.Event');
  }
  return eventType;
}
