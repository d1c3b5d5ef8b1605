import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupDigits } from './decode-summary-report.js';

describe('groupDigits', () => {
  it("writes what toLocaleString('en-US') writes, for any number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -999_999, max: 999_999 }), fc.double({ noNaN: true })), (v) => {
        expect(groupDigits(v)).toBe(v.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
    for (const v of [0, -0, 7, 999, 1000, 100000, 1234567, -1000, Number.MAX_SAFE_INTEGER]) expect(groupDigits(v)).toBe(v.toLocaleString('en-US'));
  });
});
