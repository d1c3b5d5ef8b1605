import { syntaxError } from '../rule/rule-error.js';
import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/** Overrides the classtype's priority wherever it appears in the rule. */
export const priorityKeyword: KeywordDefinition = {
  name: 'priority',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const p = parseUint(value, 'priority', 255);
    if (p === 0) throw syntaxError('invalid priority value', 'priority', '0');
    sig.sig.priority = p;
    sig.priorityGiven = true;
  },
};
