import { syntaxError } from '../rule/rule-error.js';
import { ContentFlag } from '../rule/signature.js';
import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/** `fast_pattern`, `fast_pattern:only` (a plain fast_pattern since Suricata 7), `fast_pattern:offset,length`. */
export const fastPatternKeyword: KeywordDefinition = {
  name: 'fast_pattern',
  aliases: [],
  value: 'optional',
  setup(sig, value) {
    const c = sig.requireLastContent('fast_pattern');
    if (sig.sawFastPattern) throw syntaxError('fast_pattern used on more than one content', 'fast_pattern');
    sig.sawFastPattern = true;
    c.flags |= ContentFlag.FastPattern;
    const v = value.trim();
    if (v === '') return;
    if (v === 'only') {
      c.flags |= ContentFlag.FastPatternOnly;
      return;
    }
    const parts = v.split(',');
    if (parts.length !== 2) throw syntaxError('invalid fast_pattern value', 'fast_pattern', `"${v}"`);
    const off = parseUint(parts[0] as string, 'fast_pattern', 65535);
    const len = parseUint(parts[1] as string, 'fast_pattern', 65535);
    if (len === 0 || off + len > c.pattern.length) {
      throw syntaxError('fast_pattern offset,length outside the content', 'fast_pattern', `${off},${len}`);
    }
    c.flags |= ContentFlag.FastPatternChop;
    c.fpOffset = off;
    c.fpLength = len;
  },
};
