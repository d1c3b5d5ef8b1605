/**
 * Byte-level helpers shared by the app-layer parsers. Everything works on (bytes, start, end) ranges so parsers
 * never copy to inspect; strings are built only for fields that are exposed.
 */

const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8', { fatal: false });
const ENCODER = new TextEncoder();

export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** ASCII lowercase without building a string: the 0x20 bit is the case bit for A-Z only. */
export function lowerAscii(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

export function isHexDigit(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** Value of one hex digit, or -1. */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

export function isSpaceOrTab(b: number): boolean {
  return b === 0x20 || b === 0x09;
}

/** True when bytes[start..end) equals `lowerLiteral` ignoring ASCII case; `lowerLiteral` must already be lowercase. */
export function equalsIgnoreCase(bytes: Uint8Array, start: number, end: number, lowerLiteral: Uint8Array): boolean {
  if (end - start !== lowerLiteral.length) return false;
  for (let i = 0; i < lowerLiteral.length; i++) {
    if (lowerAscii(bytes[start + i]!) !== lowerLiteral[i]) return false;
  }
  return true;
}

/** True when bytes[start..] begins with `literal` (exact case). */
export function startsWith(bytes: Uint8Array, start: number, end: number, literal: Uint8Array): boolean {
  if (end - start < literal.length) return false;
  for (let i = 0; i < literal.length; i++) {
    if (bytes[start + i] !== literal[i]) return false;
  }
  return true;
}

/**
 * bytes[start..end) as a view, for views that are kept (buffers, header values). Same result as subarray for
 * 0 <= start <= end <= length, but subarray looks up the species constructor on every call, which made it
 * several times slower than this constructor form.
 */
export function viewOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

export function indexOfByte(bytes: Uint8Array, value: number, start: number, end: number): number {
  const i = bytes.indexOf(value, start);
  return i === -1 || i >= end ? -1 : i;
}

export function asciiBytes(text: string): Uint8Array {
  return ENCODER.encode(text);
}

/** One byte per char: exact for header values, which HTTP defines as octets, not UTF-8. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return LATIN1.decode(bytes.subarray(start, end));
}

/** For EVE strings: what Suricata's JSON builder does with bytes (lossy UTF-8). */
export function utf8Lossy(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return UTF8.decode(bytes.subarray(start, end));
}

/** Lowercase copy of an ASCII range. */
export function lowerCopy(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
  const out = new Uint8Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = lowerAscii(bytes[start + i]!);
  return out;
}

/** Concatenate byte ranges into a fresh array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HEX = '0123456789abcdef';

/** Lowercase hex with an optional separator between bytes ("ab:cd"). */
export function toHex(bytes: Uint8Array, separator = '', upper = false): string {
  const digits = upper ? HEX.toUpperCase() : HEX;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += separator;
    const b = bytes[i]!;
    out += digits[b >> 4]! + digits[b & 15]!;
  }
  return out;
}

/** 16-bit value as 4 lowercase hex digits (JA4 form). */
export function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/**
 * Decimal digits in bytes[start..end) as a number; -1 when empty, not all digits, or beyond 2^53.
 * Used for Content-Length and status codes, which must never be read with parseInt's leniency.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  if (start >= end) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x30 || b > 0x39) return -1;
    value = value * 10 + (b - 0x30);
    if (value > Number.MAX_SAFE_INTEGER) return -1;
  }
  return value;
}
