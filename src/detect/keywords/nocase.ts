import { syntaxError } from '../rule/rule-error.js';
import { ContentFlag } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

export const nocaseKeyword: KeywordDefinition = {
  name: 'nocase',
  aliases: [],
  value: 'none',
  setup(sig) {
    const c = sig.requireLastContent('nocase');
    if (c.flags & ContentFlag.Nocase) throw syntaxError('nocase given twice for one content', 'nocase');
    c.flags |= ContentFlag.Nocase;
  },
};
