/**
 * ASCII-only lowercase table, as Suricata's `nocase` means: only A-Z fold, bytes >= 0x80 never do
 * (payloads are bytes, not text in any particular encoding).
 */
export const ASCII_LOWER: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) table[b] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
  return table;
})();

/** True when folding can change the byte, i.e. a case-sensitive match on it needs a second look. */
export function isAsciiLetter(b: number): boolean {
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}
