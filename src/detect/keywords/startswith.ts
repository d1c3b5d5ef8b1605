import { syntaxError } from '../rule/rule-error.js';
import { ContentFlag } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

const POSITION = ContentFlag.HasOffset | ContentFlag.HasDepth | ContentFlag.HasDistance | ContentFlag.HasWithin;

/** Anchors the content at the start of the buffer: offset 0, depth = content length. */
export const startswithKeyword: KeywordDefinition = {
  name: 'startswith',
  aliases: [],
  value: 'none',
  setup(sig) {
    const c = sig.requireLastContent('startswith');
    if (c.flags & POSITION) throw syntaxError('startswith cannot be combined with offset/depth/distance/within', 'startswith');
    if (c.flags & ContentFlag.StartsWith) throw syntaxError('startswith given twice for one content', 'startswith');
    c.flags |= ContentFlag.StartsWith | ContentFlag.HasDepth | ContentFlag.HasOffset;
    c.offset = 0;
    c.depth = c.pattern.length;
  },
};
