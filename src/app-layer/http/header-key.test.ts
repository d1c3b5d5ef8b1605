import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerKey } from './header-key.js';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('headerKey', () => {
  it('lowercases ASCII letters only and returns the same string for repeats', () => {
    expect(headerKey(enc('Content-Type'))).toBe('content-type');
    expect(headerKey(enc('CONTENT-TYPE'))).toBe('content-type');
    expect(headerKey(enc('X-\u00c4'))).toBe('x-\u00c4');
  });

  it('equals a direct lowercase of the bytes for any name, cached or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const want = Array.from(bytes, (b) => String.fromCharCode(b >= 0x41 && b <= 0x5a ? b | 0x20 : b)).join('');
        expect(headerKey(bytes)).toBe(want);
        expect(headerKey(bytes)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });
});
