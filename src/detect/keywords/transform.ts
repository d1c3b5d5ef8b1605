/** Transforms rewrite the current sticky buffer before its items are inspected; they must follow the buffer. */
import { TRANSFORM_NAMES, type TransformId } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

export function transformKeyword(id: TransformId): KeywordDefinition {
  const name = TRANSFORM_NAMES[id] as string;
  return {
    name,
    aliases: [],
    value: 'none',
    setup(sig) {
      sig.addTransform(id, name);
    },
  };
}
