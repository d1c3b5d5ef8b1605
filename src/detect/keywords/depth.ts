import { syntaxError } from '../rule/rule-error.js';
import { ContentFlag, NO_VAR } from '../rule/signature.js';
import { setPositionFlag } from './content-modifier.js';
import type { KeywordDefinition } from './keyword.js';

export const depthKeyword: KeywordDefinition = {
  name: 'depth',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const c = sig.requireLastContent('depth');
    setPositionFlag(c, ContentFlag.HasDepth, 'depth');
    [c.depth, c.depthVar] = sig.numberOrVar(value, 'depth', 1, 65535);
    if (c.depthVar === NO_VAR && c.depth < c.pattern.length) {
      throw syntaxError('depth is smaller than the content', 'depth', `${c.depth} < ${c.pattern.length}`);
    }
  },
};
