/**
 * Number reading shared by byte_test, byte_jump and byte_extract: binary big/little endian, or ASCII digits read
 * the way Suricata's ByteExtractString does (strtoull on at most nbytes characters: leading blanks and a sign are
 * skipped, trailing non-digits end the number).
 */
import type { Endian, NumBase } from '../rule/signature.js';

const TWO32 = 4294967296;

function digit(b: number, base: number): number {
  let d = 99;
  if (b >= 0x30 && b <= 0x39) d = b - 0x30;
  else if (b >= 0x61 && b <= 0x7a) d = b - 0x57;
  else if (b >= 0x41 && b <= 0x5a) d = b - 0x37;
  return d < base ? d : -1;
}

/** Result slots, reused: valid after a successful `readNumber`. */
export const extracted = { value: 0, length: 0 };

/** Reads `n` bytes at `at`; returns false when no number could be read. Values above 2^53 lose precision. */
export function readNumber(buf: Uint8Array, at: number, n: number, base: NumBase, endian: Endian): boolean {
  if (base === 0) {
    let v = 0;
    if (endian === 'big') for (let i = 0; i < n; i++) v = v * 256 + buf[at + i]!;
    else for (let i = n - 1; i >= 0; i--) v = v * 256 + buf[at + i]!;
    extracted.value = v;
    extracted.length = n;
    return true;
  }
  let i = 0;
  while (i < n && (buf[at + i] === 0x20 || (buf[at + i]! >= 0x09 && buf[at + i]! <= 0x0d))) i++;
  if (i < n && buf[at + i] === 0x2b) i++;
  if (base === 16 && i + 1 < n && buf[at + i] === 0x30 && (buf[at + i + 1]! | 0x20) === 0x78) {
    if (i + 2 < n && digit(buf[at + i + 2]!, 16) >= 0) i += 2;
  }
  const first = i;
  let v = 0;
  for (; i < n; i++) {
    const d = digit(buf[at + i]!, base);
    if (d < 0) break;
    v = v * base + d;
  }
  if (i === first) return false;
  extracted.value = v;
  extracted.length = i;
  return true;
}

/** Suricata's bitmask: AND, then shift right by the mask's trailing zero bits. */
export function applyBitmask(v: number, mask: number): number {
  if (mask === 0) return v;
  const low = (v % TWO32) >>> 0;
  let r = (low & mask) >>> 0;
  if (r !== 0) {
    let m = mask >>> 0;
    while ((m & 1) === 0) {
      m >>>= 1;
      r >>>= 1;
    }
  }
  return r;
}

/** Low 32 bits, for the & operator of byte_test. */
export function low32(v: number): number {
  return (v % TWO32) >>> 0;
}
