import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DefragEvent, DefragStatus, IpDefrag } from './ip-defrag.js';
import type { DefragOptions } from './ip-defrag.js';

const SRC = new Uint8Array([10, 0, 0, 1]);
const DST = new Uint8Array([10, 0, 0, 2]);
const SRC6 = Uint8Array.from({ length: 16 }, (_, i) => i);
const DST6 = Uint8Array.from({ length: 16 }, (_, i) => 0xf0 + i);

function datagram(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
}

/** Feeds [start, end) of `d` as one IPv4 fragment. */
function frag4(
  r: IpDefrag,
  d: Uint8Array,
  start: number,
  end: number,
  more: boolean,
  now = 0,
  id = 42,
): number {
  return r.addIpv4(SRC, 0, DST, 0, id, 6, start, more, d, start, end - start, now);
}

function out(r: IpDefrag): Uint8Array {
  return r.output.slice(0, r.outputLength);
}

describe('IpDefrag', () => {
  it('reassembles in order', () => {
    const r = new IpDefrag();
    const d = datagram(3000);
    expect(frag4(r, d, 0, 1480, true)).toBe(DefragStatus.Pending);
    expect(frag4(r, d, 1480, 2960, true)).toBe(DefragStatus.Pending);
    expect(frag4(r, d, 2960, 3000, false)).toBe(DefragStatus.Complete);
    expect(out(r)).toEqual(d);
    expect(r.trackerCount).toBe(0);
    expect(r.memoryUsed).toBe(0);
    expect(r.counters.reassembled).toBe(1);
  });

  it('reassembles in reverse order', () => {
    const r = new IpDefrag();
    const d = datagram(3000);
    expect(frag4(r, d, 2960, 3000, false)).toBe(DefragStatus.Pending);
    expect(frag4(r, d, 1480, 2960, true)).toBe(DefragStatus.Pending);
    expect(frag4(r, d, 0, 1480, true)).toBe(DefragStatus.Complete);
    expect(out(r)).toEqual(d);
  });

  it('overlaps: the first fragment wins, overlaps are counted, different bytes flagged', () => {
    const r = new IpDefrag();
    const d = datagram(64);
    frag4(r, d, 0, 24, true);
    const evil = d.slice();
    evil.fill(0xee, 16, 40);
    expect(r.addIpv4(SRC, 0, DST, 0, 42, 6, 16, true, evil, 16, 24, 0)).toBe(DefragStatus.Pending);
    expect(r.lastEvents & DefragEvent.Overlap).toBeTruthy();
    expect(r.lastEvents & DefragEvent.OverlapDifferentData).toBeTruthy();
    expect(frag4(r, d, 32, 64, false)).toBe(DefragStatus.Complete);
    const expected = d.slice();
    expected.fill(0xee, 24, 40); // only the bytes no one had sent before
    expect(out(r)).toEqual(expected);
    expect(r.counters.overlaps).toBe(2);
    expect(r.counters.overlapsDifferentData).toBe(2);
  });

  it('same-data duplicates are overlaps without different data', () => {
    const r = new IpDefrag();
    const d = datagram(48);
    frag4(r, d, 0, 24, true);
    frag4(r, d, 0, 24, true);
    expect(frag4(r, d, 24, 48, false)).toBe(DefragStatus.Complete);
    expect(r.counters.overlaps).toBe(1);
    expect(r.counters.overlapsDifferentData).toBe(0);
  });

  it('a datagram missing a fragment times out after 60 s and frees its memory', () => {
    const r = new IpDefrag();
    const d = datagram(3000);
    frag4(r, d, 0, 1480, true, 1000);
    frag4(r, d, 2960, 3000, false, 2000);
    expect(r.trackerCount).toBe(1);
    expect(r.expire(60_999)).toBe(0);
    expect(r.expire(61_000)).toBe(1);
    expect(r.counters.timeouts).toBe(1);
    expect(r.trackerCount).toBe(0);
    expect(r.memoryUsed).toBe(0);
    // The late middle fragment starts a new tracker instead of completing the dead one.
    expect(frag4(r, d, 1480, 2960, true, 61_500)).toBe(DefragStatus.Pending);
  });

  it('refuses datagrams larger than 65535 bytes', () => {
    const r = new IpDefrag();
    const d = new Uint8Array(2000);
    frag4(r, d, 0, 1000, true);
    const st = r.addIpv4(SRC, 0, DST, 0, 42, 6, 65000, false, d, 0, 1000, 0);
    expect(st).toBe(DefragStatus.Dropped);
    expect(r.lastEvents & DefragEvent.TooLarge).toBeTruthy();
    expect(r.counters.tooLarge).toBe(1);
    expect(r.trackerCount).toBe(0);
  });

  it('enforces max fragments per datagram, max trackers and the memcap', () => {
    const opts: DefragOptions = { maxFragmentsPerDatagram: 3, maxTrackers: 2, memcapBytes: 100 };
    const r = new IpDefrag(opts);
    const d = datagram(200);
    for (let i = 0; i < 4; i++) frag4(r, d, i * 8, i * 8 + 8, true);
    expect(r.counters.fragmentLimit).toBe(1);
    frag4(r, d, 0, 8, true, 0, 43);
    expect(frag4(r, d, 0, 8, true, 0, 44)).toBe(DefragStatus.Dropped);
    expect(r.counters.trackerLimit).toBe(1);
    expect(frag4(r, d, 8, 160, true, 0, 43)).toBe(DefragStatus.Dropped);
    expect(r.counters.memcapDrops).toBe(1);
    expect(r.memoryUsed).toBeLessThanOrEqual(100);
  });

  it('rejects fragments inconsistent with a known end', () => {
    const r = new IpDefrag();
    const d = datagram(100);
    frag4(r, d, 80, 100, false);
    expect(frag4(r, d, 64, 96, false)).toBe(DefragStatus.Dropped);
    expect(frag4(r, d, 88, 104, true)).toBe(DefragStatus.Dropped);
    expect(r.counters.invalid).toBe(2);
  });

  it('keys by address, id and protocol; IPv6 works the same way', () => {
    const r = new IpDefrag();
    const d = datagram(100);
    frag4(r, d, 0, 48, true, 0, 1);
    frag4(r, d, 48, 100, false, 0, 2);
    expect(r.trackerCount).toBe(2);
    expect(r.addIpv6(SRC6, 0, DST6, 0, 0x12345678, 17, 48, false, d, 48, 52, 0)).toBe(DefragStatus.Pending);
    expect(r.addIpv6(SRC6, 0, DST6, 0, 0x12345678, 17, 0, true, d, 0, 48, 0)).toBe(DefragStatus.Complete);
    expect(out(r)).toEqual(d);
  });

  it('any order and duplication of fragments reassembles the datagram', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4000 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 300 })), { maxLength: 5 }),
        fc.integer(),
        (n, cuts, extras, seed) => {
          const d = datagram(n);
          const pts = [...new Set(cuts.map((c) => (c % n) & ~7))].filter((p) => p > 0).sort((a, b) => a - b);
          const frags: [number, number][] = [];
          let prev = 0;
          for (const p of [...pts, n]) {
            frags.push([prev, p]);
            prev = p;
          }
          for (const [s, l] of extras) frags.push([(s % n) & ~7, Math.min(n, ((s % n) & ~7) + l + 1)]);
          let x = seed | 0 || 1;
          for (let i = frags.length - 1; i > 0; i--) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            const j = (x >>> 0) % (i + 1);
            [frags[i], frags[j]] = [frags[j]!, frags[i]!];
          }
          const r = new IpDefrag();
          let done = 0;
          for (const [a, b] of frags) {
            if (frag4(r, d, a, b, b < n) === DefragStatus.Complete) {
              done++;
              expect(out(r)).toEqual(d);
            }
          }
          // Duplicates after completion open a new tracker, which may complete again: same bytes.
          expect(done).toBeGreaterThanOrEqual(1);
          expect(r.counters.overlapsDifferentData).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
