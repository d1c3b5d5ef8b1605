import { syntaxError } from '../rule/rule-error.js';
import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

export const sidKeyword: KeywordDefinition = {
  name: 'sid',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    if (sig.sawSid) throw syntaxError('sid given twice', 'sid');
    const sid = parseUint(value, 'sid');
    if (sid === 0) throw syntaxError('invalid sid value', 'sid', 'sid 0');
    sig.sig.sid = sid;
    sig.sawSid = true;
  },
};
