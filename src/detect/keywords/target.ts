import { syntaxError } from '../rule/rule-error.js';
import type { KeywordDefinition } from './keyword.js';

export const targetKeyword: KeywordDefinition = {
  name: 'target',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const v = value.trim();
    if (v !== 'src_ip' && v !== 'dest_ip') throw syntaxError('invalid target value', 'target', v);
    sig.sig.target = v;
  },
};
