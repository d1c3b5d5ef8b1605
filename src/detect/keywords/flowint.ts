import { syntaxError } from '../rule/rule-error.js';
import type { FlowintOp } from '../rule/signature.js';
import type { KeywordDefinition } from './keyword.js';

// Suricata's grammar: a name of at least two characters starting with a letter, a modifier, and (except for isset
// and notset) a decimal below 2^32 or the name of another flowint.
const FLOWINT = /^\s*([a-zA-Z][\w./]+)\s*,\s*(==|!=|<=|>=|<|>|=|\+|-|isset|notset|isnotset)\s*(?:,\s*([a-zA-Z]\w+|\d{1,10}))?\s*$/;

/** `flowint:name,op[,value|var]`: a per-flow unsigned 32-bit counter, changed on match (=, +, -) or compared. */
export const flowintKeyword: KeywordDefinition = {
  name: 'flowint',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const m = FLOWINT.exec(value);
    if (m === null) throw syntaxError('invalid flowint (expected name, modifier[, value or variable])', 'flowint', value.trim());
    const name = m[1]!;
    const op = (m[2] === 'isnotset' ? 'notset' : m[2]) as FlowintOp;
    const target = m[3];
    if (op === 'isset' || op === 'notset') {
      sig.sig.flowints.push({ name, op, value: 0, targetVar: null });
      return;
    }
    if (target === undefined) throw syntaxError(`flowint ${op} needs a value or a variable`, 'flowint', value.trim());
    if (/^\d/.test(target)) {
      const n = Number(target);
      if (n > 0xffffffff) throw syntaxError('flowint value must be below 2^32', 'flowint', target);
      sig.sig.flowints.push({ name, op, value: n, targetVar: null });
    } else {
      sig.sig.flowints.push({ name, op, value: 0, targetVar: target });
    }
  },
};
