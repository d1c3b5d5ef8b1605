import { PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

export const icmpIdKeyword: KeywordDefinition = {
  name: 'icmp_id',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.packetChecks.push({ kind: PacketCheckKind.IcmpId, cmp: parseNumericComparison(value, 'icmp_id', 65535) });
  },
};
