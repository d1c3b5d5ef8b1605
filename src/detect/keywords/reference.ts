import { syntaxError } from '../rule/rule-error.js';
import { unquote } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/** `reference:system,id`. The system is not checked against reference.config: unknown ones still print fine. */
export const referenceKeyword: KeywordDefinition = {
  name: 'reference',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const v = unquote(value);
    const comma = v.indexOf(',');
    if (comma <= 0) throw syntaxError('invalid reference value', 'reference', `"${value}"`);
    sig.sig.references.push({ system: v.slice(0, comma).trim(), id: v.slice(comma + 1).trim() });
  },
};
