import { syntaxError } from '../rule/rule-error.js';
import { CmpOp, PacketCheckKind } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';
import type { KeywordDefinition } from './keyword.js';

const NAMES: Record<string, number> = {
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ipip: 4,
  tcp: 6,
  udp: 17,
  ipv6: 41,
  'ipv6-route': 43,
  'ipv6-frag': 44,
  rsvp: 46,
  gre: 47,
  esp: 50,
  ah: 51,
  'ipv6-icmp': 58,
  icmpv6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  ospf: 89,
  pim: 103,
  vrrp: 112,
  l2tp: 115,
  sctp: 132,
};

/** `ip_proto:[!<>]N` or a protocol name (`ip_proto:tcp`, `ip_proto:!gre`). */
export const ipProtoKeyword: KeywordDefinition = {
  name: 'ip_proto',
  aliases: [],
  value: 'required',
  setup(sig, value) {
    const v = value.trim();
    const m = /^([!<>]?)\s*([A-Za-z][A-Za-z0-9-]*)$/.exec(v);
    if (m) {
      const n = NAMES[(m[2] as string).toLowerCase()];
      if (n === undefined) throw syntaxError('unknown ip_proto name', 'ip_proto', v);
      const op = m[1] === '!' ? CmpOp.Ne : m[1] === '<' ? CmpOp.Lt : m[1] === '>' ? CmpOp.Gt : CmpOp.Eq;
      sig.sig.packetChecks.push({ kind: PacketCheckKind.IpProto, cmp: { op, a: n, b: 0 } });
      return;
    }
    sig.sig.packetChecks.push({ kind: PacketCheckKind.IpProto, cmp: parseNumericComparison(v, 'ip_proto', 255) });
  },
};
