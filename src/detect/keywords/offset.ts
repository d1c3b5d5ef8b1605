import { ContentFlag } from '../rule/signature.js';
import { setPositionFlag } from './content-modifier.js';
import type { KeywordDefinition } from './keyword.js';

export const offsetKeyword: KeywordDefinition = {
  name: 'offset',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const c = sig.requireLastContent('offset');
    setPositionFlag(c, ContentFlag.HasOffset, 'offset');
    [c.offset, c.offsetVar] = sig.numberOrVar(value, 'offset', 0, 65535);
  },
};
