import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEveTimestamp } from './eve-timestamp.js';

/** The formatting before the per-second cache: every call builds its date-time from a Date. */
function reference(microsSinceEpoch: number): string {
  const micros = Math.floor(microsSinceEpoch);
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${fraction}+0000`;
}

describe('formatEveTimestamp', () => {
  it('writes UTC with microseconds and +0000', () => {
    expect(formatEveTimestamp(1_795_773_600_000_655)).toBe('2026-11-27T10:00:00.000655+0000');
  });

  it('matches the uncached formatting for runs of nearby times, fractions and negative times', () => {
    const time = fc.oneof(
      fc.integer({ min: -62_000_000_000_000_000, max: 250_000_000_000_000_000 }),
      fc.double({ min: -1e16, max: 1e17, noNaN: true }),
    );
    fc.assert(
      fc.property(time, fc.array(fc.integer({ min: -2_000_000, max: 2_000_000 }), { maxLength: 8 }), (start, steps) => {
        let t = start;
        for (const step of [0, ...steps]) {
          t += step;
          expect(formatEveTimestamp(t)).toBe(reference(t));
        }
      }),
    );
  });

  it('still rejects a time it cannot format', () => {
    expect(() => formatEveTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => formatEveTimestamp(Number.NaN)).toThrow(RangeError);
  });
});
