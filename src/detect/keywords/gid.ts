import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

export const gidKeyword: KeywordDefinition = {
  name: 'gid',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.gid = parseUint(value, 'gid');
  },
};
