import { PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

export const itypeKeyword: KeywordDefinition = {
  name: 'itype',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.packetChecks.push({ kind: PacketCheckKind.Itype, cmp: parseNumericComparison(value, 'itype', 255) });
  },
};
