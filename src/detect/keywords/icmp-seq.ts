import { PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

export const icmpSeqKeyword: KeywordDefinition = {
  name: 'icmp_seq',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    sig.sig.packetChecks.push({ kind: PacketCheckKind.IcmpSeq, cmp: parseNumericComparison(value, 'icmp_seq', 65535) });
  },
};
