import { syntaxError } from '../rule/rule-error.js';
import { ItemKind } from '../rule/signature.js';
import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/** `base64_decode[:bytes N, offset N, relative]`: decodes part of the current buffer for base64_data. */
export const base64DecodeKeyword: KeywordDefinition = {
  name: 'base64_decode',
  aliases: [],
  value: 'optional',
  setup(sig, value) {
    let bytes = 0;
    let offset = 0;
    let relative = false;
    if (value.trim() !== '') {
      for (const opt of value.split(',').map((s) => s.trim())) {
        const [word, arg = ''] = opt.split(/\s+/, 2);
        if (word === 'bytes') bytes = parseUint(arg, 'base64_decode', 65535);
        else if (word === 'offset') offset = parseUint(arg, 'base64_decode', 65535);
        else if (word === 'relative') relative = true;
        else throw syntaxError('invalid base64_decode option', 'base64_decode', opt);
      }
    }
    sig.addItem({ kind: ItemKind.Base64Decode, bytes, offset, relative });
  },
};
