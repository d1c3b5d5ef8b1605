import { syntaxError } from '../rule/rule-error.js';
import { ItemKind } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

/** `isdataat:[!]N[,relative][,rawbytes]`; N may be a byte_extract variable. */
export const isdataatKeyword: KeywordDefinition = {
  name: 'isdataat',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const parts = value.split(',').map((s) => s.trim());
    let first = parts[0] ?? '';
    let negated = false;
    if (first.startsWith('!')) {
      negated = true;
      first = first.slice(1).trim();
    }
    const [n, nVar] = sig.numberOrVar(first, 'isdataat', 0, 65535);
    let relative = false;
    let rawbytes = false;
    for (const opt of parts.slice(1)) {
      if (opt === 'relative') relative = true;
      else if (opt === 'rawbytes') rawbytes = true;
      else throw syntaxError('invalid isdataat option', 'isdataat', opt);
    }
    sig.addItem({ kind: ItemKind.IsDataAt, value: n, valueVar: nVar, relative, negated, rawbytes });
  },
};
