import { PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

export const dsizeKeyword: KeywordDefinition = {
  name: 'dsize',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.packetChecks.push({ kind: PacketCheckKind.Dsize, cmp: parseNumericComparison(value, 'dsize', 65535) });
  },
};
