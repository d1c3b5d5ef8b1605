import { syntaxError } from '../rule/rule-error.js';
import { ContentFlag, NO_VAR } from '../rule/signature.js';
import { setPositionFlag } from './content-modifier.js';
import type { KeywordDefinition } from './keyword.js';

export const withinKeyword: KeywordDefinition = {
  name: 'within',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const c = sig.requireLastContent('within');
    setPositionFlag(c, ContentFlag.HasWithin, 'within');
    [c.within, c.withinVar] = sig.numberOrVar(value, 'within', 1, 65535);
    if (c.withinVar === NO_VAR && c.within < c.pattern.length) {
      throw syntaxError('within is smaller than the content', 'within', `${c.within} < ${c.pattern.length}`);
    }
  },
};
