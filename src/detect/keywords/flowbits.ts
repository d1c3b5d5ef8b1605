import { syntaxError } from '../rule/rule-error.js';
import type { FlowbitCmd } from '../rule/signature.js';
import { BIT_COMMANDS, parseBitNames } from './bit-names.js';
import type { KeywordDefinition } from './keyword.js';

/** `flowbits:set|unset|toggle|isset|isnotset,name` or `flowbits:noalert`. */
export const flowbitsKeyword: KeywordDefinition = {
  name: 'flowbits',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const v = value.trim();
    const comma = v.indexOf(',');
    const cmd = (comma < 0 ? v : v.slice(0, comma)).trim();
    if (cmd === 'noalert') {
      if (comma >= 0) throw syntaxError('flowbits:noalert takes no name', 'flowbits', v);
      sig.sig.noalert = true;
      return;
    }
    if (!BIT_COMMANDS.has(cmd)) throw syntaxError('invalid flowbits command', 'flowbits', cmd);
    if (comma < 0) throw syntaxError('flowbits needs a name', 'flowbits', v);
    const { names, combine } = parseBitNames(v.slice(comma + 1), cmd as FlowbitCmd, 'flowbits');
    sig.sig.flowbits.push({ cmd: cmd as FlowbitCmd, names, combine });
  },
};
