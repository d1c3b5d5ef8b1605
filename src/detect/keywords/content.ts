import { ContentFlag, ItemKind, NO_VAR, type ContentItem } from '../rule/signature.js';
import { asciiLower, parseContentValue } from './content-bytes.js';
import type { KeywordDefinition } from './keyword.js';

export function makeContentItem(bytes: Uint8Array, negated: boolean): ContentItem {
  return {
    kind: ItemKind.Content,
    pattern: bytes,
    patternLower: asciiLower(bytes),
    flags: negated ? ContentFlag.Negated : 0,
    offset: 0,
    depth: 0,
    distance: 0,
    within: 0,
    offsetVar: NO_VAR,
    depthVar: NO_VAR,
    distanceVar: NO_VAR,
    withinVar: NO_VAR,
    fpOffset: 0,
    fpLength: 0,
  };
}

export const contentKeyword: KeywordDefinition = {
  name: 'content',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const { bytes, negated } = parseContentValue(value, 'content');
    sig.addItem(makeContentItem(bytes, negated));
  },
};
