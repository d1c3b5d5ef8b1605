import type { PacketFields } from './inspection-context.js';

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * A map key for the packet's source or destination address. Only built when a rule with xbits or a threshold
 * matched, so the string is not on the per-packet path.
 */
export function addressKey(p: PacketFields, source: boolean): string {
  if (p.ipVersion === 4) return `4:${source ? p.srcV4 : p.dstV4}`;
  if (p.ipVersion !== 6) return '0:';
  const off = source ? p.srcAddrOffset : p.dstAddrOffset;
  let s = '6:';
  for (let i = 0; i < 16; i++) s += HEX[p.bytes[off + i]!]!;
  return s;
}

/** Direction-independent key for an address pair (Suricata's ippair). */
export function addressPairKey(p: PacketFields): string {
  const a = addressKey(p, true);
  const b = addressKey(p, false);
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
