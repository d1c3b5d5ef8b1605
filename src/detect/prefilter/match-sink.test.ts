import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchPositionSink } from './match-position-sink.js';
import { MatchSink } from './match-sink.js';

describe('MatchSink', () => {
  it('keeps each id once per search and forgets them on reset', () => {
    const sink = new MatchSink(10);
    expect(sink.add(3)).toBe(true);
    expect(sink.add(3)).toBe(false);
    expect(sink.add(9)).toBe(true);
    expect(Array.from(sink.ids.subarray(0, sink.count))).toEqual([3, 9]);
    sink.reset();
    expect(sink.count).toBe(0);
    expect(sink.has(3)).toBe(false);
    expect(sink.add(3)).toBe(true);
  });

  it('grows to a new maximum id and keeps current entries', () => {
    const sink = new MatchSink(2);
    sink.add(1);
    sink.ensureCapacity(100);
    expect(sink.capacity).toBe(101);
    expect(sink.has(1)).toBe(true);
    expect(sink.add(100)).toBe(true);
    expect(() => sink.ensureCapacity(-5)).not.toThrow(); // below capacity: nothing to do
    expect(() => sink.ensureCapacity(2 ** 32)).toThrow();
  });

  it('behaves like a fresh Set per search', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(63), { maxLength: 40 }), { maxLength: 10 }), (searches) => {
        const sink = new MatchSink(64);
        for (const adds of searches) {
          sink.reset();
          const expected = [...new Set(adds)];
          for (const id of adds) sink.add(id);
          expect(Array.from(sink.ids.subarray(0, sink.count))).toEqual(expected);
        }
      }),
    );
  });
});

describe('MatchPositionSink', () => {
  it('grows past its initial capacity and keeps order', () => {
    const sink = new MatchPositionSink(1);
    for (let k = 0; k < 100; k++) sink.push(k, k * 2);
    expect(sink.count).toBe(100);
    expect(sink.ids[99]).toBe(99);
    expect(sink.ends[50]).toBe(100);
    sink.reset();
    expect(sink.count).toBe(0);
  });
});
