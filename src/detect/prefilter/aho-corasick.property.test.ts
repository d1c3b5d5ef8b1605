import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasickMatcher } from './aho-corasick.js';
import { MatchPositionSink } from './match-position-sink.js';
import { MatchSink } from './match-sink.js';
import type { MultiPatternMatcher } from './multi-pattern-matcher.js';
import { NaiveMatcher } from './naive-matcher.js';

// A tiny alphabet with both cases of two letters, a non-letter and the two edge bytes, so that
// random patterns overlap, share prefixes, differ only by case and actually occur in random input.
const ALPHABET = [0x61, 0x62, 0x41, 0x42, 0x2f, 0x00, 0xff];
const byte = fc.constantFrom(...ALPHABET);
const pattern = fc.record({
  bytes: fc.uint8Array({ minLength: 1, maxLength: 5 }).chain((a) =>
    fc.array(byte, { minLength: a.length, maxLength: a.length }).map((b) => Uint8Array.from(b)),
  ),
  nocase: fc.boolean(),
  id: fc.integer({ min: 0, max: 24 }),
});
const patterns = fc.array(pattern, { minLength: 0, maxLength: 14 });
const input = fc.array(byte, { maxLength: 32 }).map((b) => Uint8Array.from(b));
const budget = fc.constantFrom(0, 64, 256, 1 << 20);

function build(m: MultiPatternMatcher, ps: ReadonlyArray<{ bytes: Uint8Array; nocase: boolean; id: number }>) {
  for (const p of ps) m.addPattern(p.bytes, p.nocase, p.id);
  m.compile();
  return m;
}

function idSet(m: MultiPatternMatcher, buf: Uint8Array, start: number, end: number, sink: MatchSink): number[] {
  const n = m.search(buf, start, end, sink);
  return Array.from(sink.ids.subarray(0, n)).sort((a, b) => a - b);
}

function occurrences(m: MultiPatternMatcher, buf: Uint8Array, start: number, end: number): string[] {
  const sink = new MatchPositionSink(1);
  const n = m.searchPositions(buf, start, end, sink);
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(`${sink.ids[k]}@${sink.ends[k]}`);
  return out.sort();
}

// Patterns of four bytes or more switch the root to Wu-Manber shifts: a set where every pattern is long.
const longPattern = fc.record({
  bytes: fc.array(byte, { minLength: 4, maxLength: 9 }).map((b) => Uint8Array.from(b)),
  nocase: fc.boolean(),
  id: fc.integer({ min: 0, max: 24 }),
});
const longPatterns = fc.array(longPattern, { minLength: 1, maxLength: 8 });
const longInput = fc.array(byte, { maxLength: 64 }).map((b) => Uint8Array.from(b));

describe('AhoCorasickMatcher against the naive matcher', () => {
  it('reports the same ids and occurrences when every pattern is long (Wu-Manber root shifts)', () => {
    fc.assert(
      fc.property(longPatterns, longInput, budget, (ps, buf, maxDenseTableBytes) => {
        const ac = build(new AhoCorasickMatcher({ maxDenseTableBytes }), ps);
        const naive = build(new NaiveMatcher(), ps);
        const a = new MatchSink();
        const b = new MatchSink();
        for (let start = 0; start <= buf.length; start += 2) {
          for (let end = start; end <= buf.length; end += 3) {
            expect(idSet(ac, buf, start, end, a)).toEqual(idSet(naive, buf, start, end, b));
            expect(occurrences(ac, buf, start, end)).toEqual(occurrences(naive, buf, start, end));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports the same id set for every window', () => {
    fc.assert(
      fc.property(patterns, input, budget, (ps, buf, maxDenseTableBytes) => {
        const ac = build(new AhoCorasickMatcher({ maxDenseTableBytes }), ps);
        const naive = build(new NaiveMatcher(), ps);
        const a = new MatchSink();
        const b = new MatchSink();
        for (let start = 0; start <= buf.length; start++) {
          for (let end = start; end <= buf.length; end++) {
            expect(idSet(ac, buf, start, end, a)).toEqual(idSet(naive, buf, start, end, b));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports the same occurrences (id, end offset) for every window', () => {
    fc.assert(
      fc.property(patterns, input, budget, (ps, buf, maxDenseTableBytes) => {
        const ac = build(new AhoCorasickMatcher({ maxDenseTableBytes }), ps);
        const naive = build(new NaiveMatcher(), ps);
        for (let start = 0; start <= buf.length; start += 3) {
          for (let end = start; end <= buf.length; end += 2) {
            expect(occurrences(ac, buf, start, end)).toEqual(occurrences(naive, buf, start, end));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees on a two-letter alphabet, where suffix structure is densest', () => {
    const ab = fc.constantFrom(0x61, 0x62, 0x41);
    const abPattern = fc.record({
      bytes: fc.array(ab, { minLength: 1, maxLength: 6 }).map((b) => Uint8Array.from(b)),
      nocase: fc.boolean(),
      id: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(fc.array(abPattern, { maxLength: 24 }), fc.array(ab, { maxLength: 60 }), budget, (ps, raw, maxDenseTableBytes) => {
        const buf = Uint8Array.from(raw);
        const ac = build(new AhoCorasickMatcher({ maxDenseTableBytes }), ps);
        const naive = build(new NaiveMatcher(), ps);
        const a = new MatchSink();
        const b = new MatchSink();
        for (let start = 0; start <= buf.length; start += 7) {
          expect(idSet(ac, buf, start, buf.length, a)).toEqual(idSet(naive, buf, start, buf.length, b));
        }
        expect(occurrences(ac, buf, 0, buf.length)).toEqual(occurrences(naive, buf, 0, buf.length));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on bytes outside the pattern alphabet and on large id values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bytes: fc.uint8Array({ minLength: 1, maxLength: 3 }), nocase: fc.boolean(), id: fc.nat(5000) }), {
          maxLength: 30,
        }),
        fc.uint8Array({ maxLength: 200 }),
        (ps, buf) => {
          const ac = build(new AhoCorasickMatcher({ maxDenseTableBytes: 2048 }), ps);
          const naive = build(new NaiveMatcher(), ps);
          const sink = new MatchSink();
          expect(idSet(ac, buf, 0, buf.length, sink)).toEqual(idSet(naive, buf, 0, buf.length, new MatchSink()));
        },
      ),
      { numRuns: 300 },
    );
  });
});
