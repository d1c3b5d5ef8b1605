import { formatIpv4, formatIpv6At } from '../../native-free-decoders/index.js';

// Formatting builds strings anyway, so one shared 16-byte scratch is enough; it is never on the per-packet path.
const bytes16 = new Uint8Array(16);

/** Text form of the address stored as four key words at `at` (IPv4 in the first word). */
export function formatKeyAddress(words: Uint32Array, at: number, version: number): string {
  if (version !== 6) return formatIpv4(words[at]!);
  for (let i = 0; i < 4; i++) {
    const v = words[at + i]!;
    bytes16[4 * i] = v >>> 24;
    bytes16[4 * i + 1] = (v >>> 16) & 0xff;
    bytes16[4 * i + 2] = (v >>> 8) & 0xff;
    bytes16[4 * i + 3] = v & 0xff;
  }
  return formatIpv6At(bytes16, 0);
}
