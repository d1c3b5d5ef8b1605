import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

export const revKeyword: KeywordDefinition = {
  name: 'rev',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.rev = parseUint(value, 'rev');
  },
};
