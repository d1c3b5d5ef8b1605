import { PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

export const ttlKeyword: KeywordDefinition = {
  name: 'ttl',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.packetChecks.push({ kind: PacketCheckKind.Ttl, cmp: parseNumericComparison(value, 'ttl', 255) });
  },
};
