/** One DER TLV: tag byte, and the value's [start, end) within the input. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Read the TLV at `offset`, bounded by `limit`. Returns null on anything malformed (multi-byte tags, indefinite
 * or over-long lengths, a value running past `limit`): certificates come off the wire and are untrusted.
 */
export function readTlv(b: Uint8Array, offset: number, limit: number): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = b[offset]!;
  if ((tag & 0x1f) === 0x1f) return null;
  let p = offset + 1;
  let len = b[p++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
  }
  if (p + len > limit) return null;
  return { tag, start: p, end: p + len };
}

/** Dotted-decimal form of an OBJECT IDENTIFIER value. */
export function oidToString(b: Uint8Array, start: number, end: number): string {
  if (start >= end) return '';
  const parts: number[] = [];
  let value = 0;
  let first = true;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    value = value * 128 + (c & 0x7f);
    if ((c & 0x80) === 0) {
      if (first) {
        const x = value < 40 ? 0 : value < 80 ? 1 : 2;
        parts.push(x, value - x * 40);
        first = false;
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  return parts.join('.');
}
