/** Options shared by byte_test, byte_jump and byte_extract: endianness, string bases, bitmask, dce. */
import { syntaxError, unsupportedError } from '../rule/rule-error.js';
import type { Endian, NumBase } from '../rule/signature.js';
import { parseNumberLiteral } from './value-text.js';

export interface ByteEncoding {
  endian: Endian;
  base: NumBase;
  bitmask: number;
  relative: boolean;
}

/** Consumes the option if it is one of the shared ones; returns false for keyword-specific options. */
export function applyByteOption(enc: ByteEncoding, opt: string, keyword: string): boolean {
  switch (opt) {
    case 'relative':
      enc.relative = true;
      return true;
    case 'big':
      enc.endian = 'big';
      return true;
    case 'little':
      enc.endian = 'little';
      return true;
    case 'string':
      if (enc.base === 0) enc.base = 10;
      return true;
    case 'dec':
      enc.base = 10;
      return true;
    case 'hex':
      enc.base = 16;
      return true;
    case 'oct':
      enc.base = 8;
      return true;
    case 'dce':
      throw unsupportedError('unsupported dce byte order', keyword);
  }
  if (opt.startsWith('bitmask')) {
    const v = opt.slice('bitmask'.length).trim();
    enc.bitmask = parseNumberLiteral(v, keyword, 0xffffffff);
    if (enc.bitmask === 0) throw syntaxError(`invalid ${keyword} bitmask`, keyword, opt);
    return true;
  }
  return false;
}

/** A base given without `string` is a rule error in Suricata, and so is an out-of-range byte count. */
export function checkByteCount(nbytes: number, base: NumBase, sawString: boolean, keyword: string): void {
  if (base !== 0 && !sawString) throw syntaxError(`${keyword}: number base without "string"`, keyword);
  const max = base === 0 ? 8 : 23;
  // nbytes 0 with a string base means "all remaining digits" (ET uses it on http.content_len)
  const min = base === 0 ? 1 : 0;
  if (nbytes < min || nbytes > max) throw syntaxError(`${keyword}: byte count out of range`, keyword, String(nbytes));
}
