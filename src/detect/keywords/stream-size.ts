import { syntaxError } from '../rule/rule-error.js';
import { PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

/** `stream_size:server|client|both|either,<op>,<bytes>`. */
export const streamSizeKeyword: KeywordDefinition = {
  name: 'stream_size',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const parts = value.split(',').map((s) => s.trim());
    if (parts.length !== 3) throw syntaxError('invalid stream_size value', 'stream_size', value.trim());
    const side = parts[0] as string;
    if (side !== 'server' && side !== 'client' && side !== 'both' && side !== 'either') {
      throw syntaxError('invalid stream_size side', 'stream_size', side);
    }
    const op = parts[1] as string;
    if (!['<', '>', '=', '!=', '<=', '>='].includes(op)) {
      throw syntaxError('invalid stream_size operator', 'stream_size', op);
    }
    const cmp = parseNumericComparison(`${op}${parts[2]}`, 'stream_size', 0xffffffff);
    sig.sig.packetChecks.push({ kind: PacketCheckKind.StreamSize, side, cmp });
  },
};
