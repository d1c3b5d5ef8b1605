import { PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

export const icodeKeyword: KeywordDefinition = {
  name: 'icode',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.packetChecks.push({ kind: PacketCheckKind.Icode, cmp: parseNumericComparison(value, 'icode', 255) });
  },
};
