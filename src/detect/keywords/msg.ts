import { unescapeRuleText, unquote } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

export const msgKeyword: KeywordDefinition = {
  name: 'msg',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.msg = unescapeRuleText(unquote(value));
  },
};
