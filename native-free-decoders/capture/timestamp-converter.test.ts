import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampConverter } from './timestamp-converter.js';

/** Exact reference with BigInt: whole seconds and truncated nanoseconds of ticks / base^exponent. */
function reference(base: number, exponent: number, hi: number, lo: number, offset = 0n): { sec: bigint; nsec: bigint } {
  const ticks = (BigInt(hi) << 32n) | BigInt(lo);
  const unit = BigInt(base) ** BigInt(exponent);
  return { sec: ticks / unit + offset, nsec: ((ticks % unit) * 1_000_000_000n) / unit };
}

function convert(base: number, exponent: number, ticks: bigint, offset = 0): [number, number] {
  const c = new TimestampConverter(base, exponent, offset);
  c.convert(Number(ticks >> 32n), Number(ticks & 0xffffffffn));
  return [c.sec, c.nsec];
}

describe('TimestampConverter', () => {
  it('splits microsecond and nanosecond ticks of a 2026 timestamp exactly', () => {
    // 2026-11-27T10:38:02.123456789Z
    expect(convert(10, 6, 1795775882123456n)).toEqual([1795775882, 123456000]);
    // Nanoseconds since the epoch are far above 2^53: a double would lose the last digits.
    const ns = 1795775882123456789n;
    expect(ns > 2n ** 53n).toBe(true);
    expect(convert(10, 9, ns)).toEqual([1795775882, 123456789]);
  });

  it('handles power-of-two resolutions, small and large', () => {
    // 2^-10 s ticks: 1.5 s = 1536 ticks.
    expect(convert(2, 10, 1536n)).toEqual([1, 500_000_000]);
    // 2^-32 s (NTP-style fraction): 5 s + 0.25 s.
    expect(convert(2, 32, (5n << 32n) | 0x40000000n)).toEqual([5, 250_000_000]);
    // 2^-40: 3 s + 2^-40 (sub-nanosecond: truncated to 0) and + 2^39 (0.5 s).
    expect(convert(2, 40, (3n << 40n) + 1n)).toEqual([3, 0]);
    expect(convert(2, 40, (3n << 40n) + (1n << 39n))).toEqual([3, 500_000_000]);
    expect(convert(2, 63, (1n << 63n) + (1n << 62n))).toEqual([1, 500_000_000]);
    expect(convert(2, 0, 42n)).toEqual([42, 0]);
  });

  it('handles resolutions finer than a nanosecond (10^-12) by truncating', () => {
    expect(convert(10, 12, 18_000_000_123_456_789_999n)).toEqual([18_000_000, 123_456_789]);
    expect(convert(10, 19, 12_345_678_901_234_567_890n)).toEqual([1, 234_567_890]);
  });

  it('adds if_tsoffset seconds, including negative ones', () => {
    expect(convert(10, 6, 1_500_000n, 1_000_000_000)).toEqual([1_000_000_001, 500_000_000]);
    expect(convert(10, 6, 1_500_000n, -1)).toEqual([0, 500_000_000]);
  });

  it('decodes the if_tsresol byte', () => {
    const p10 = TimestampConverter.fromTsresol(9);
    expect([p10.base, p10.exponent]).toEqual([10, 9]);
    const p2 = TimestampConverter.fromTsresol(0x80 | 20);
    expect([p2.base, p2.exponent]).toEqual([2, 20]);
    expect(TimestampConverter.isSupported(10, 20)).toBe(false);
    expect(TimestampConverter.isSupported(2, 64)).toBe(false);
    expect(() => new TimestampConverter(10, 20)).toThrow(RangeError);
  });

  it('matches a BigInt reference for every resolution and random 64-bit tick counts', () => {
    const resolution = fc.oneof(
      fc.tuple(fc.constant(10), fc.integer({ min: 0, max: 19 })),
      fc.tuple(fc.constant(2), fc.integer({ min: 0, max: 63 })),
    );
    const word = fc.integer({ min: 0, max: 0xffffffff });
    // Bias towards the edges: small high words (fast path) and values right at unit boundaries.
    const hiWord = fc.oneof(word, fc.integer({ min: 0, max: 0x100001 }), fc.constantFrom(0, 0xfffff, 0x100000, 0xffffffff));
    fc.assert(
      fc.property(resolution, hiWord, word, fc.integer({ min: -1e9, max: 1e9 }), ([base, exp], hi, lo, offset) => {
        const c = new TimestampConverter(base, exp, offset);
        c.convert(hi, lo);
        const ref = reference(base, exp, hi, lo, BigInt(offset));
        expect(c.nsec).toBe(Number(ref.nsec));
        expect(c.nsec).toBeGreaterThanOrEqual(0);
        expect(c.nsec).toBeLessThan(1e9);
        if (ref.sec < 2n ** 53n && ref.sec > -(2n ** 53n)) expect(c.sec).toBe(Number(ref.sec));
        else expect(Math.abs(c.sec - Number(ref.sec)) / Number(ref.sec)).toBeLessThan(1e-12);
      }),
      { numRuns: 10_000 },
    );
  });

  it('is exact one tick either side of second boundaries', () => {
    for (const [base, exp] of [[10, 3], [10, 6], [10, 9], [10, 12], [2, 24], [2, 48]] as const) {
      const unit = BigInt(base) ** BigInt(exp);
      for (const sec of [1n, 1_795_775_882n]) {
        for (const delta of [-1n, 0n, 1n]) {
          const ticks = sec * unit + delta;
          if (ticks >= 2n ** 64n) continue;
          const ref = reference(base, exp, Number(ticks >> 32n), Number(ticks & 0xffffffffn));
          expect(convert(base, exp, ticks)).toEqual([Number(ref.sec), Number(ref.nsec)]);
        }
      }
    }
  });
});
