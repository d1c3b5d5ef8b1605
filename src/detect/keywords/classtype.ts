import { syntaxError } from '../rule/rule-error.js';
import type { KeywordDefinition } from './keyword.js';

/** Looks the short name up in the classification table; an unknown classtype is a rule error, as in Suricata. */
export const classtypeKeyword: KeywordDefinition = {
  name: 'classtype',
  aliases: [],
  value: 'required',
  setup(sig, value, ctx) {
    const name = value.trim();
    const c = ctx.classifications.get(name);
    if (c === undefined) throw syntaxError('unknown classtype', 'classtype', name);
    sig.sig.classtype = c.name;
    sig.sig.classDescription = c.description;
    if (!sig.priorityGiven) sig.sig.priority = c.priority;
  },
};
