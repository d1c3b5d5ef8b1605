import { describe, expect, it } from 'vitest';
import { AhoCorasickMatcher } from './aho-corasick.js';
import { MatchPositionSink } from './match-position-sink.js';
import { MatchSink } from './match-sink.js';
import type { MultiPatternMatcher } from './multi-pattern-matcher.js';
import { NaiveMatcher } from './naive-matcher.js';
import { PrefilterError } from './prefilter-error.js';

type Spec = readonly [pattern: string | Uint8Array, nocase: boolean, id: number];

const bytes = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? Buffer.from(s, 'latin1') : s);

// Dense budget 0 still keeps the root row, so every other state takes the sparse path.
const variants: ReadonlyArray<[string, () => MultiPatternMatcher]> = [
  ['dense', () => new AhoCorasickMatcher()],
  ['sparse', () => new AhoCorasickMatcher({ maxDenseTableBytes: 0 })],
  ['naive', () => new NaiveMatcher()],
];

function build(make: () => MultiPatternMatcher, specs: readonly Spec[]): MultiPatternMatcher {
  const m = make();
  for (const [p, nocase, id] of specs) m.addPattern(bytes(p), nocase, id);
  m.compile();
  return m;
}

function ids(m: MultiPatternMatcher, input: string | Uint8Array, start = 0, end?: number): number[] {
  const buf = bytes(input);
  const sink = new MatchSink();
  const n = m.search(buf, start, end ?? buf.length, sink);
  expect(n).toBe(sink.count);
  return Array.from(sink.ids.subarray(0, n)).sort((a, b) => a - b);
}

function positions(m: MultiPatternMatcher, input: string | Uint8Array): string[] {
  const buf = bytes(input);
  const sink = new MatchPositionSink(1);
  const n = m.searchPositions(buf, 0, buf.length, sink);
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(`${sink.ids[k]}@${sink.ends[k]}`);
  return out.sort();
}

describe.each(variants)('%s matcher known answers', (_name, make) => {
  it('finds long patterns at every offset among bytes no pattern uses (root shifts)', () => {
    const m = build(make, [['HTTP/1.1 200 OK', false, 1], ['get /images/', true, 2], ['wxyz', false, 3]]);
    for (const needle of ['HTTP/1.1 200 OK', 'GeT /IMAGES/', 'wxyz']) {
      const want = needle === 'wxyz' ? [3] : needle.startsWith('H') ? [1] : [2];
      for (let at = 0; at < 24; at++) {
        const text = '#'.repeat(at) + needle + '#'.repeat(24 - at);
        expect(ids(m, text)).toEqual(want);
        expect(ids(m, text, at, at + needle.length)).toEqual(want);
        expect(ids(m, text, at + 1)).toEqual([]);
        expect(positions(m, text)).toEqual([`${want[0]}@${at + needle.length}`]);
      }
    }
  });

  it('finds overlapping he/she/his/hers', () => {
    const m = build(make, [['he', false, 1], ['she', false, 2], ['his', false, 3], ['hers', false, 4]]);
    expect(ids(m, 'ushers')).toEqual([1, 2, 4]);
    expect(positions(m, 'ushers')).toEqual(['1@4', '2@4', '4@6']);
    expect(ids(m, 'ahishers')).toEqual([1, 2, 3, 4]);
    expect(ids(m, 'hx sh e')).toEqual([]);
  });

  it('handles patterns that are prefixes and suffixes of each other', () => {
    const m = build(make, [['a', false, 0], ['ab', false, 1], ['abc', false, 2], ['bc', false, 3], ['c', false, 4]]);
    expect(ids(m, 'abc')).toEqual([0, 1, 2, 3, 4]);
    expect(ids(m, 'ab')).toEqual([0, 1]);
    expect(ids(m, 'xbc')).toEqual([3, 4]);
    expect(positions(m, 'abcabc')).toEqual(
      ['0@1', '0@4', '1@2', '1@5', '2@3', '2@6', '3@3', '3@6', '4@3', '4@6'].sort(),
    );
  });

  it('follows failure links more than one level deep', () => {
    // At "abc" + 'z': fail("abc") = "bc" has no 'z' edge, but fail("bc") = "c" does.
    const m = build(make, [['abcz', false, 1], ['bcw', false, 2], ['cz', false, 3], ['bc', false, 4]]);
    expect(ids(m, 'abcq')).toEqual([4]);
    expect(ids(m, 'xabczx')).toEqual([1, 3, 4]);
    expect(ids(m, 'abcyz')).toEqual([4]);
    expect(ids(m, 'abbcz')).toEqual([3, 4]);
  });

  it('matches binary bytes including 0x00 and 0xff', () => {
    const m = build(make, [
      [Uint8Array.of(0x00, 0xff), false, 1],
      [Uint8Array.of(0xff), false, 2],
      [Uint8Array.of(0x00, 0x00), false, 3],
      [Uint8Array.of(0xc1), true, 4], // above 0x7f: nocase must not fold it onto 0xe1
    ]);
    expect(ids(m, Uint8Array.of(0x00, 0xff, 0x00))).toEqual([1, 2]);
    expect(ids(m, Uint8Array.of(0x00, 0x00, 0x00))).toEqual([3]);
    expect(ids(m, Uint8Array.of(0xe1, 0x01))).toEqual([]);
    expect(ids(m, Uint8Array.of(0xc1))).toEqual([4]);
  });

  it('reports nothing for empty input and empty windows', () => {
    const m = build(make, [['a', false, 1]]);
    expect(ids(m, '')).toEqual([]);
    expect(ids(m, 'aaa', 1, 1)).toEqual([]);
  });

  it('reports nothing with no patterns', () => {
    const m = build(make, []);
    expect(m.maxId).toBe(-1);
    expect(ids(m, 'anything')).toEqual([]);
  });

  it('matches one-byte patterns everywhere', () => {
    const m = build(make, [['x', false, 7], ['y', true, 8]]);
    expect(ids(m, 'aaaaxaaaa')).toEqual([7]);
    expect(ids(m, 'Y')).toEqual([8]);
    expect(positions(m, 'xYx')).toEqual(['7@1', '7@3', '8@2']);
  });

  it('mixes nocase and case-sensitive patterns with the same letters', () => {
    const m = build(make, [['abc', false, 1], ['ABC', false, 2], ['abc', true, 3], ['aBc', true, 4]]);
    expect(m.patternCount).toBe(3);
    expect(ids(m, 'xAbCx')).toEqual([3, 4]);
    expect(ids(m, 'xABCx')).toEqual([2, 3, 4]);
    expect(ids(m, 'abc')).toEqual([1, 3, 4]);
    expect(ids(m, 'ABCabc')).toEqual([1, 2, 3, 4]);
  });

  it('keeps looking after a case-sensitive verification fails', () => {
    const m = build(make, [['AB', false, 1], ['zz', true, 2]]);
    expect(ids(m, 'ab Ab aB AB')).toEqual([1]);
    expect(positions(m, 'ab AB AB')).toEqual(['1@5', '1@8']);
  });

  it('reports every id of shared bytes and each id once', () => {
    const m = build(make, [['GET', false, 5], ['GET', false, 9], ['GET', false, 5], ['POST', false, 9]]);
    expect(m.patternCount).toBe(2);
    expect(ids(m, 'GET / GET POST')).toEqual([5, 9]);
    expect(positions(m, 'GET')).toEqual(['5@3', '9@3']);
  });

  it('only reports matches entirely inside the window', () => {
    const m = build(make, [['abc', false, 1], ['c', false, 2]]);
    expect(ids(m, 'xabcx', 2, 5)).toEqual([2]);
    expect(ids(m, 'xabcx', 1, 3)).toEqual([]);
    expect(ids(m, 'xabcx', 1, 4)).toEqual([1, 2]);
  });

  it('starts each search afresh in a reused sink', () => {
    const m = build(make, [['a', false, 1], ['b', false, 2]]);
    const sink = new MatchSink();
    expect(m.search(bytes('ab'), 0, 2, sink)).toBe(2);
    expect(m.search(bytes('b'), 0, 1, sink)).toBe(1);
    expect(sink.ids[0]).toBe(2);
    expect(sink.has(1)).toBe(false);
  });

  it('rejects misuse with PrefilterError codes', () => {
    const m = make();
    expect(() => m.search(bytes('a'), 0, 1, new MatchSink())).toThrow(PrefilterError);
    expect(() => m.addPattern(new Uint8Array(0), false, 1)).toThrow(expect.objectContaining({ code: 'PREFILTER_EMPTY_PATTERN' }));
    expect(() => m.addPattern(bytes('a'), false, -1)).toThrow(expect.objectContaining({ code: 'PREFILTER_BAD_ID' }));
    expect(() => m.addPattern(bytes('a'), false, 1.5)).toThrow(expect.objectContaining({ code: 'PREFILTER_BAD_ID' }));
    m.addPattern(bytes('a'), false, 1);
    m.compile();
    expect(() => m.addPattern(bytes('b'), false, 2)).toThrow(expect.objectContaining({ code: 'PREFILTER_ALREADY_COMPILED' }));
    expect(() => m.compile()).toThrow(expect.objectContaining({ code: 'PREFILTER_ALREADY_COMPILED' }));
    const sink = new MatchSink();
    expect(() => m.search(bytes('a'), 0, 2, sink)).toThrow(expect.objectContaining({ code: 'PREFILTER_BAD_WINDOW' }));
    expect(() => m.search(bytes('a'), 1, 0, sink)).toThrow(expect.objectContaining({ code: 'PREFILTER_BAD_WINDOW' }));
    expect(() => m.search(bytes('a'), -1, 1, sink)).toThrow(expect.objectContaining({ code: 'PREFILTER_BAD_WINDOW' }));
  });

  it('does not copy the caller pattern buffer by reference', () => {
    const m = make();
    const p = bytes('ab');
    m.addPattern(p, false, 1);
    p[0] = 0x7a;
    m.compile();
    expect(ids(m, 'ab')).toEqual([1]);
  });
});

describe('AhoCorasickMatcher layout', () => {
  it('compresses the alphabet and folds case only when some pattern is nocase', () => {
    const cs = build(() => new AhoCorasickMatcher(), [['Ab', false, 1]]) as AhoCorasickMatcher;
    expect(cs.stats().alphabetClasses).toBe(3);
    expect(cs.stats().caseFolded).toBe(false);
    expect(cs.stats().verifiedPatterns).toBe(0);
    const mixed = build(() => new AhoCorasickMatcher(), [['Ab', false, 1], ['c', true, 2]]) as AhoCorasickMatcher;
    expect(mixed.stats().alphabetClasses).toBe(4);
    expect(mixed.stats().caseFolded).toBe(true);
    expect(mixed.stats().verifiedPatterns).toBe(1);
  });

  it('splits states between dense rows and sparse edges by budget', () => {
    const specs: Spec[] = [['abcdef', false, 1], ['bcd', false, 2]];
    const dense = build(() => new AhoCorasickMatcher(), specs) as AhoCorasickMatcher;
    expect(dense.stats().states).toBe(10);
    expect(dense.stats().sparseStates).toBe(0);
    // 7 classes (a-f used, plus class 0) * 4 bytes = 28 bytes per row: 3 rows fit in 90.
    const split = build(() => new AhoCorasickMatcher({ maxDenseTableBytes: 90 }), specs) as AhoCorasickMatcher;
    expect(split.stats().alphabetClasses).toBe(7);
    expect(split.stats().denseStates).toBe(3);
    expect(split.stats().sparseStates).toBe(7);
    expect(split.memoryBytes()).toBeLessThan(dense.memoryBytes());
    expect(ids(split, 'zabcdefz')).toEqual([1, 2]);
  });

  it('allocates nothing per search once warm', async () => {
    const m = new AhoCorasickMatcher({ maxDenseTableBytes: 4096 });
    const words = ['Host:', 'user-agent', 'GET /', 'cmd.exe', '|00 01|', 'passwd', 'HTTP/1.1'];
    words.forEach((w, i) => m.addPattern(bytes(w), i % 2 === 0, i));
    m.compile();
    const payload = bytes('GET /etc/passwd HTTP/1.1\r\nHost: example\r\nUser-Agent: cmd.exe\r\n\r\n'.repeat(20));
    const sink = new MatchSink();
    const pos = new MatchPositionSink(4096);
    for (let k = 0; k < 2000; k++) {
      m.search(payload, 0, payload.length, sink);
      m.searchPositions(payload, 0, payload.length, pos);
    }
    // A drop in heapUsed means a GC ran inside the loop (ours or one V8 had already scheduled), which
    // hides growth; retry then. Code that allocates keeps growing or keeps triggering GCs, and fails.
    // Other work in the test process (the JIT, vitest) allocates too, so take the smallest growth of several
    // attempts: allocating code grows every time.
    let grown = Number.POSITIVE_INFINITY;
    let total = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = process.memoryUsage().heapUsed;
      for (let k = 0; k < 20000; k++) {
        total += m.search(payload, 0, payload.length, sink);
        total += m.searchPositions(payload, 0, payload.length, pos);
      }
      const g = process.memoryUsage().heapUsed - before;
      if (g >= 0 && g < grown) grown = g;
    }
    expect(total).toBeGreaterThan(0);
    // 40k calls: even 16 bytes each would be 640 KB.
    expect(grown).toBeGreaterThanOrEqual(0);
    expect(grown).toBeLessThan(64 * 1024);
  });
});
