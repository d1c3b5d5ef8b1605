import { syntaxError } from '../rule/rule-error.js';
import { ContentFlag } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

export const endswithKeyword: KeywordDefinition = {
  name: 'endswith',
  aliases: [],
  value: 'none',
  setup(sig) {
    const c = sig.requireLastContent('endswith');
    if (c.flags & ContentFlag.EndsWith) throw syntaxError('endswith given twice for one content', 'endswith');
    c.flags |= ContentFlag.EndsWith;
  },
};
