import { ASCII_LOWER, isAsciiLetter } from './ascii-fold.js';

// Per-byte weights for the first occurrence of a byte value; repeats add REPEAT. The ordering is the
// point, not the numbers: bytes that fill ordinary traffic (NUL/space/0xff padding, text) select
// many packets, so a pattern built from them is a poor prefilter.
const COMMON = 1; // 0x00, 0x20, 0xff, 0x01, CR, LF: padding and protocol punctuation everywhere
const LETTER_NOCASE = 2; // matches two byte values
const ALNUM = 3; // text: plentiful in HTTP/SMTP/DNS payloads
const PUNCTUATION = 4; // other printable ASCII: rarer, and often structural ("/", "=", "&")
const BINARY = 5; // non-printable, non-common: rare in most flows
const REPEAT = 1;

const weight: Uint8Array = (() => {
  const w = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    if (b === 0x00 || b === 0x01 || b === 0x20 || b === 0xff || b === 0x0d || b === 0x0a) w[b] = COMMON;
    else if ((b >= 0x30 && b <= 0x39) || isAsciiLetter(b)) w[b] = ALNUM;
    else if (b > 0x20 && b < 0x7f) w[b] = PUNCTUATION;
    else w[b] = BINARY;
  }
  return w;
})();

// Scratch "seen" flags, cleared by walking the pattern again: O(length), not O(256).
const seen = new Uint8Array(256);

/**
 * Fast-pattern strength in the spirit of Suricata's PatternStrength: the score grows with length and
 * with the number of distinct byte values, and rare bytes count more than common ones. Appending a
 * byte never lowers the score. For nocase patterns letters are compared folded and weigh less,
 * because each one matches two byte values.
 */
export function patternStrength(bytes: Uint8Array, nocase: boolean): number {
  let score = 0;
  for (let i = 0; i < bytes.length; i++) {
    const raw = bytes[i]!;
    const b = nocase ? ASCII_LOWER[raw]! : raw;
    if (seen[b] === 1) {
      score += REPEAT;
      continue;
    }
    seen[b] = 1;
    score += nocase && isAsciiLetter(b) ? LETTER_NOCASE : weight[b]!;
  }
  for (let i = 0; i < bytes.length; i++) seen[nocase ? ASCII_LOWER[bytes[i]!]! : bytes[i]!] = 0;
  return score;
}
