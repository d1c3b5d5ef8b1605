import { readFileSync } from 'node:fs';
import type { Type } from 'protobufjs';

type Protobufjs = typeof import('protobufjs');

let protobufjs: Promise<Protobufjs> | null = null;
let eventType: Promise<Type> | null = null;

/**
 * protobufjs, loaded on first use: it is some two dozen CommonJS modules (and `long`) that every start would
 * otherwise pay for, while only --protobuf and decode-protobuf need it.
 */
export function loadProtobufjs(): Promise<Protobufjs> {
  // A CommonJS package: `default` is its whole module.exports; the named exports Node infers may not be complete.
  protobufjs ??= import('protobufjs').then((module) => (module as unknown as { default: Protobufjs }).default);
  return protobufjs;
}

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
export function mirrorscopeEventType(): Promise<Type> {
  eventType ??= loadProtobufjs().then((protobuf) => {
    const { root } = protobuf.parse(mirrorscopeProtoSource(), { keepCase: true });
    return root.lookupType('mirrorscope.Event');
  });
  return eventType;
}
