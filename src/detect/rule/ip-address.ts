/** Text-to-number parsing of IPv4 and IPv6 addresses for rule headers (load time only). */
import { parseIpv4, parseIpv6 as parseIpv6Bytes } from '../../../native-free-decoders/index.js';

export { parseIpv4 };

/**
 * IPv6 text (with `::`, an optional dotted IPv4 tail, brackets or a zone) to a 128-bit bigint, or null. Plain
 * IPv4 text is not an IPv6 address here, though the byte parser accepts it as IPv4-mapped.
 */
export function parseIpv6(text: string): bigint | null {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (s.indexOf(':') < 0) return null;
  const bytes = parseIpv6Bytes(s);
  if (bytes === null) return null;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}
