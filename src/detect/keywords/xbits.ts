import { syntaxError } from '../rule/rule-error.js';
import type { FlowbitCmd } from '../rule/signature.js';
import { BIT_COMMANDS, parseBitNames } from './bit-names.js';
import { parseUint } from './value-text.js';
import type { KeywordDefinition } from './keyword.js';

/** `xbits:<cmd>,<name>,track ip_src|ip_dst|ip_pair[,expire N]` or `xbits:noalert`. */
export const xbitsKeyword: KeywordDefinition = {
  name: 'xbits',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const parts = value.split(',').map((s) => s.trim());
    const cmd = parts[0] ?? '';
    if (cmd === 'noalert' && parts.length === 1) {
      sig.sig.noalert = true;
      return;
    }
    if (!BIT_COMMANDS.has(cmd)) throw syntaxError('invalid xbits command', 'xbits', cmd);
    if (parts.length < 3) throw syntaxError('xbits needs a name and track', 'xbits', value.trim());
    const { names, combine } = parseBitNames(parts[1] as string, cmd as FlowbitCmd, 'xbits');
    let track: 'ip_src' | 'ip_dst' | 'ip_pair' | undefined;
    let expire = 0;
    for (const opt of parts.slice(2)) {
      const [word, arg = ''] = opt.split(/\s+/, 2);
      if (word === 'track') {
        if (arg !== 'ip_src' && arg !== 'ip_dst' && arg !== 'ip_pair') {
          throw syntaxError('invalid xbits track', 'xbits', arg);
        }
        track = arg;
      } else if (word === 'expire') {
        expire = parseUint(arg, 'xbits');
      } else throw syntaxError('invalid xbits option', 'xbits', opt);
    }
    if (track === undefined) throw syntaxError('xbits needs track', 'xbits', value.trim());
    sig.sig.xbits.push({ cmd: cmd as FlowbitCmd, names, combine, track, expire });
  },
};
