import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';

let eventType: Type | null = null;

/**
 * mirrorscope.proto, the one copy of the schema: beside this module in src/, and copied beside the compiled module in
 * dist/ by the build (package.json), so both read it from the same relative place.
 */
export function mirrorscopeProtoSource(): string {
  return readFileSync(new URL('./mirrorscope.proto', import.meta.url), 'utf8');
}

/**
 * The reflected `mirrorscope.Event` type, parsed once from the schema. Field names keep the schema's snake_case
 * (`keepCase`), so plain objects with EVE / flow-log names encode as they are.
 */
export function mirrorscopeEventType(): Type {
  if (eventType === null) {
    const { root } = protobuf.parse(mirrorscopeProtoSource(), { keepCase: true });
    eventType = root.lookupType('mirrorscope.Event');
  }
  return eventType;
}
