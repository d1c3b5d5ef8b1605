import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seqAdd, seqDiff, seqGeq, seqGt, seqInRange, seqLeq, seqLt, seqMax, seqMin } from './tcp-sequence.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const dist = fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 });

describe('tcp-sequence', () => {
  it('orders across the 2^32 wrap', () => {
    expect(seqLt(0xfffffff0, 0x10)).toBe(true);
    expect(seqGt(0x10, 0xfffffff0)).toBe(true);
    expect(seqDiff(0x10, 0xfffffff0)).toBe(0x20);
    expect(seqAdd(0xffffffff, 1)).toBe(0);
    expect(seqAdd(5, 2 ** 33 + 1)).toBe(6);
    expect(seqMax(0xfffffff0, 0x10)).toBe(0x10);
    expect(seqMin(0xfffffff0, 0x10)).toBe(0xfffffff0);
    expect(seqInRange(0, 0xfffffffe, 2)).toBe(true);
    expect(seqInRange(2, 0xfffffffe, 2)).toBe(false);
  });

  it('seqDiff inverts seqAdd for any distance below 2^31', () => {
    fc.assert(
      fc.property(u32, dist, (a, n) => {
        const b = seqAdd(a, n);
        expect(seqDiff(b, a)).toBe(n);
        expect(seqLt(a, b)).toBe(n > 0);
        expect(seqLeq(a, b)).toBe(n >= 0);
        expect(seqGeq(a, b)).toBe(n <= 0);
      }),
    );
  });
});
