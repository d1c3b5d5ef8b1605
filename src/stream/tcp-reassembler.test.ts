import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InspectWindow } from './inspect-window.js';
import { StreamEvent } from './stream-events.js';
import { StreamGlobals } from './stream-globals.js';
import { TcpFlag, TcpStream } from './tcp-reassembler.js';
import type { TcpStreamOptions } from './tcp-reassembler.js';
import { seqAdd } from './tcp-sequence.js';

/** Drains every window and checks the contract invariants while doing so. */
class Collector {
  readonly win = new InspectWindow();
  /** New bytes by absolute offset; -1 where a gap was skipped. */
  readonly bytes: number[] = [];
  readonly windows: { start: number; end: number; newStart: number; afterGap: boolean }[] = [];
  next = 0;

  constructor(private readonly lookback = 64) {}

  drain(s: TcpStream): void {
    while (s.nextWindow(this.lookback, this.win)) {
      const w = this.win;
      expect(w.newDataStart).toBeGreaterThanOrEqual(this.next);
      expect(w.end).toBeGreaterThan(w.newDataStart);
      if (w.newDataStart > this.next) {
        // Bytes were skipped: only allowed across a gap.
        expect(w.afterGap).toBe(true);
        for (let o = this.next; o < w.newDataStart; o++) this.bytes[o] = -1;
      }
      if (w.afterGap) expect(w.start).toBe(w.newDataStart);
      expect(w.newDataStart - w.start).toBeLessThanOrEqual(this.lookback);
      const b = w.bytes();
      let lookbackMismatch = -1;
      for (let o = w.start; o < w.newDataStart; o++) {
        if (b[o - w.start] !== this.bytes[o]) {
          lookbackMismatch = o;
          break;
        }
      }
      expect(lookbackMismatch).toBe(-1);
      for (let o = w.newDataStart; o < w.end; o++) this.bytes[o] = b[o - w.start]!;
      this.windows.push({ start: w.start, end: w.end, newStart: w.newDataStart, afterGap: w.afterGap });
      this.next = w.end;
    }
  }

  text(): string {
    return this.bytes.map((b) => (b < 0 ? '~' : String.fromCharCode(b))).join('');
  }
}

function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

function mk(opts?: TcpStreamOptions, globals = new StreamGlobals()): TcpStream {
  return new TcpStream(globals, opts);
}

/** Sends payload `text` at stream offset `off` (base sequence `base`). */
/** A SYN whose ISN makes sequence 0 the stream's offset 0. */
function syn(s: TcpStream): void {
  s.onSegment(0xffffffff, TcpFlag.SYN, new Uint8Array(0), 0, 0, 0);
}

function send(s: TcpStream, base: number, off: number, text: string, flags = TcpFlag.ACK, wire?: number): number {
  const d = bytesOf(text);
  return s.onSegment(seqAdd(base, off), flags, d, 0, d.length, wire ?? d.length);
}

describe('TcpStream basics', () => {
  it('reassembles in order after a SYN and takes the ISN from it', () => {
    const s = mk();
    const c = new Collector();
    const isn = 1000;
    s.onSegment(isn, TcpFlag.SYN, new Uint8Array(0), 0, 0, 0);
    expect(s.isn).toBe(isn);
    expect(s.handshakeSeen).toBe(true);
    send(s, isn + 1, 0, 'GET / HT');
    c.drain(s);
    send(s, isn + 1, 8, 'TP/1.1\r\n');
    c.drain(s);
    expect(c.text()).toBe('GET / HTTP/1.1\r\n');
    expect(c.windows[1]).toEqual({ start: 0, end: 16, newStart: 8, afterGap: false });
    expect(s.counters.bytesReassembled).toBe(16);
    expect(s.counters.segments).toBe(2);
  });

  it('copies payload in: reusing the packet buffer does not change stored data', () => {
    const s = mk();
    const c = new Collector();
    const pkt = bytesOf('xxABCDxx');
    s.onSegment(500, TcpFlag.ACK, pkt, 2, 4, 4);
    pkt.fill(0x7a);
    c.drain(s);
    expect(c.text()).toBe('ABCD');
  });

  it('holds out-of-order data until the hole fills, ignores retransmissions', () => {
    const s = mk();
    const c = new Collector();
    send(s, 0, 0, 'aaaa');
    send(s, 0, 8, 'cccc');
    c.drain(s);
    expect(c.text()).toBe('aaaa');
    expect(s.counters.outOfOrderSegments).toBe(1);
    send(s, 0, 4, 'bbbb');
    c.drain(s);
    expect(c.text()).toBe('aaaabbbbcccc');
    const before = c.windows.length;
    expect(send(s, 0, 0, 'aaaa') & StreamEvent.Retransmission).toBeTruthy();
    c.drain(s);
    expect(c.windows.length).toBe(before);
    expect(s.counters.retransmissions).toBe(1);
    expect(s.counters.overlapsDifferentData).toBe(0);
  });

  it('keeps the first copy of overlapping data and raises overlap_different_data', () => {
    const s = mk();
    const c = new Collector();
    send(s, 0, 0, 'ab');
    send(s, 0, 4, 'EFGH');
    const ev = send(s, 0, 2, 'cdXXXXij');
    c.drain(s);
    expect(c.text()).toBe('abcdEFGHij');
    expect(ev & StreamEvent.OverlapDifferentData).toBeTruthy();
    expect(s.counters.overlapsDifferentData).toBe(1);
    // Different bytes below the edge are detected too, and never delivered.
    expect(send(s, 0, 0, 'ZZ') & StreamEvent.OverlapDifferentData).toBeTruthy();
    c.drain(s);
    expect(c.text()).toBe('abcdEFGHij');
  });

  it('picks up midstream by default; with midstream off waits for the SYN', () => {
    const on = mk();
    const c = new Collector();
    send(on, 77777, 0, 'mid');
    c.drain(on);
    expect(on.midstream).toBe(true);
    expect(on.isn).toBe(-1);
    expect(c.text()).toBe('mid');

    const off = mk({ midstream: false });
    const c2 = new Collector();
    send(off, 77777, 0, 'mid');
    c2.drain(off);
    expect(c2.text()).toBe('');
    expect(off.counters.noHandshake).toBe(1);
    off.onSegment(90000, TcpFlag.SYN | TcpFlag.ACK, new Uint8Array(0), 0, 0, 0);
    send(off, 90001, 0, 'hello');
    c2.drain(off);
    expect(c2.text()).toBe('hello');
  });

  it('segments before the base sequence are clipped and counted', () => {
    const s = mk();
    const c = new Collector();
    send(s, 1000, 0, 'world');
    const ev = send(s, 1000, -6, 'hello world!');
    c.drain(s);
    expect(ev & StreamEvent.BeforeBaseSeq).toBeTruthy();
    expect(c.text()).toBe('world!');
  });
});

describe('TcpStream sequence wraparound', () => {
  it('reassembles a message whose sequence numbers cross 2^32', () => {
    const s = mk();
    const c = new Collector();
    const isn = 0xffffffff - 5;
    s.onSegment(isn, TcpFlag.SYN, new Uint8Array(0), 0, 0, 0);
    send(s, isn + 1, 8, 'IJKLMNOP'); // seq wraps inside this one
    send(s, isn + 1, 0, 'ABCDEFGH');
    c.drain(s);
    expect(c.text()).toBe('ABCDEFGHIJKLMNOP');
  });

  it('keeps absolute offsets growing past 2^32 bytes (truncated segments, so the test is fast)', () => {
    const s = mk({ depth: 0 });
    const c = new Collector(0);
    const base = 123456;
    const wire = 65000;
    const n = Math.ceil(2 ** 32 / wire) + 3;
    const one = new Uint8Array([0x41]);
    for (let i = 0; i < n; i++) {
      s.onSegment(seqAdd(base, i * wire), TcpFlag.ACK, one, 0, 1, wire);
      while (s.nextWindow(0, c.win)) expect(c.win.start).toBe(i * wire);
    }
    expect(s.edge).toBe(n * wire);
    expect(s.edge).toBeGreaterThan(2 ** 32);
    expect(s.counters.gaps).toBe(n);
    expect(s.counters.gapBytes).toBe(n * (wire - 1));
    send(s, base, n * wire, 'tail');
    expect(s.nextWindow(0, c.win)).toBe(true);
    expect(c.win.newDataStart).toBe(n * wire);
    expect(String.fromCharCode(...c.win.bytes())).toBe('tail');
  });
});

describe('TcpStream holes', () => {
  it('skips the cut tail of a truncated segment at once and delivers what follows at the right offsets', () => {
    const s = mk();
    const c = new Collector();
    send(s, 0, 0, 'head');
    const ev = send(s, 0, 4, 'cut', TcpFlag.ACK, 10); // 7 bytes never captured
    send(s, 0, 14, 'after');
    c.drain(s);
    expect(ev & StreamEvent.Truncated).toBeTruthy();
    expect(c.text()).toBe('headcut~~~~~~~after');
    expect(s.counters.gaps).toBe(1);
    expect(s.counters.gapBytes).toBe(7);
    expect(s.counters.truncatedSegments).toBe(1);
    const last = c.windows[c.windows.length - 1]!;
    expect(last).toEqual({ start: 14, end: 19, newStart: 14, afterGap: true });
  });

  it('remembers a truncated out-of-order segment until the edge reaches it', () => {
    const s = mk();
    const c = new Collector();
    syn(s);
    send(s, 0, 14, 'after');
    c.drain(s);
    send(s, 0, 4, 'cut', TcpFlag.ACK, 10);
    c.drain(s);
    expect(c.text()).toBe('');
    send(s, 0, 0, 'head');
    c.drain(s);
    expect(c.text()).toBe('headcut~~~~~~~after');
  });

  it('a full retransmission of a truncated segment fills the hole if it arrives first', () => {
    const s = mk();
    const c = new Collector();
    syn(s);
    send(s, 0, 8, 'tail');
    send(s, 0, 4, 'ab', TcpFlag.ACK, 4);
    send(s, 0, 4, 'abcd');
    send(s, 0, 0, 'head');
    c.drain(s);
    expect(c.text()).toBe('headabcdtail');
    expect(s.counters.gaps).toBe(0);
  });

  it('a lost segment becomes a gap at flush; data after it is still inspected', () => {
    const s = mk();
    const c = new Collector();
    send(s, 0, 0, 'one.');
    send(s, 0, 8, 'three');
    c.drain(s);
    expect(c.text()).toBe('one.');
    s.flush();
    c.drain(s);
    expect(c.text()).toBe('one.~~~~three');
    expect(s.counters.gaps).toBe(1);
    expect(s.counters.gapBytes).toBe(4);
  });

  it('the peer ACKing past a hole skips it after the grace', () => {
    const s = mk({ ackGapGrace: 2 });
    const c = new Collector();
    send(s, 0, 0, 'one.');
    send(s, 0, 8, 'three');
    c.drain(s);
    s.onAck(13);
    s.onAck(13);
    c.drain(s);
    expect(c.text()).toBe('one.');
    const ev = s.onAck(13);
    c.drain(s);
    expect(ev & StreamEvent.SeqGap).toBeTruthy();
    expect(c.text()).toBe('one.~~~~three');
    expect(s.counters.ackedGaps).toBe(1);
  });

  it('the hole is not skipped when the data arrives within the grace (reordered behind its ACK)', () => {
    const s = mk({ ackGapGrace: 2 });
    const c = new Collector();
    send(s, 0, 0, 'one.');
    s.onAck(8);
    send(s, 0, 4, 'two.');
    c.drain(s);
    expect(c.text()).toBe('one.two.');
    expect(s.counters.gaps).toBe(0);
  });

  it('forces a gap when held data would exceed maxOutOfOrderBytes', () => {
    const s = mk({ maxOutOfOrderBytes: 1000 });
    const c = new Collector();
    send(s, 0, 0, 'a');
    send(s, 0, 600, 'x'.repeat(100));
    send(s, 0, 1500, 'y'.repeat(100)); // would end 1599 bytes past the edge at 1
    c.drain(s);
    expect(s.counters.forcedGaps).toBe(1);
    expect(s.counters.gaps).toBeGreaterThanOrEqual(1);
    expect(c.bytes[600]).toBe(0x78);
    expect(s.edge).toBe(700);
    s.flush();
    c.drain(s);
    expect(c.bytes[1599]).toBe(0x79);
  });

  it('forces a gap when too many separate runs are held', () => {
    const s = mk({ maxOutOfOrderBlocks: 4 });
    const c = new Collector();
    send(s, 0, 0, 'a');
    for (let i = 1; i <= 6; i++) send(s, 0, i * 10, 'b');
    c.drain(s);
    expect(s.counters.forcedGaps).toBeGreaterThan(0);
    expect(s.heldBlocks).toBeLessThanOrEqual(4);
  });

  it('RST flushes; FIN marks completion', () => {
    const s = mk();
    const c = new Collector();
    send(s, 0, 0, 'ab');
    send(s, 0, 4, 'ef', TcpFlag.ACK | TcpFlag.FIN);
    expect(s.finSeen).toBe(true);
    expect(s.complete).toBe(false);
    send(s, 0, 2, 'cd');
    c.drain(s);
    expect(s.complete).toBe(true);
    expect(c.text()).toBe('abcdef');

    const r = mk();
    const c2 = new Collector();
    send(r, 0, 0, 'ab');
    send(r, 0, 4, 'ef');
    r.onSegment(6, TcpFlag.RST, new Uint8Array(0), 0, 0, 0);
    c2.drain(r);
    expect(c2.text()).toBe('ab~~ef');
    expect(r.closed).toBe(true);
  });
});

describe('TcpStream limits', () => {
  it('stops at the depth limit and frees storage once drained', () => {
    const g = new StreamGlobals();
    const s = mk({ depth: 1000 }, g);
    const c = new Collector();
    let ev = 0;
    for (let i = 0; i < 30; i++) {
      ev |= send(s, 0, i * 100, String.fromCharCode(65 + (i % 26)).repeat(100));
      c.drain(s);
    }
    expect(ev & StreamEvent.DepthReached).toBeTruthy();
    expect(c.bytes.length).toBe(1000);
    expect(s.depthReached).toBe(true);
    expect(s.counters.depthReached).toBe(1);
    expect(g.counters.depthReached).toBe(1);
    expect(s.storageBytes).toBe(0);
    expect(g.memcap.used).toBe(0);
  });

  it('memcap refusals are counted drops; the stream continues after the gap', () => {
    const g = new StreamGlobals(4096);
    const a = mk({}, g);
    const b = mk({}, g);
    const cb = new Collector();
    send(a, 0, 0, 'x'.repeat(100));
    expect(g.memcap.used).toBe(4096);
    const ev = send(b, 0, 0, 'lost');
    expect(ev & StreamEvent.MemcapDrop).toBeTruthy();
    expect(b.counters.memcapDrops).toBe(1);
    expect(g.counters.memcapDrops).toBe(1);
    a.reset();
    expect(g.memcap.used).toBe(0);
    send(b, 0, 4, 'kept');
    cb.drain(b);
    expect(cb.text()).toBe('~~~~kept');
    expect(b.counters.gaps).toBe(1);
  });

  it('global counters sum the streams', () => {
    const g = new StreamGlobals();
    const a = mk({}, g);
    const b = mk({}, g);
    send(a, 0, 0, 'abc');
    send(b, 0, 0, 'de');
    send(b, 0, 0, 'de');
    expect(g.counters.segments).toBe(3);
    expect(g.counters.bytesReassembled).toBe(5);
    expect(g.counters.retransmissions).toBe(1);
  });

  it('a consumer that never drains cannot make the buffer grow without bound', () => {
    const g = new StreamGlobals();
    const s = mk({ depth: 0, maxOutOfOrderBytes: 8192, lookbackBytes: 1024 }, g);
    const seg = 'z'.repeat(1400);
    for (let i = 0; i < 1000; i++) send(s, 0, i * 1400, seg);
    expect(s.storageBytes).toBeLessThanOrEqual(128 * 1024);
    expect(s.counters.uninspectedDropped).toBeGreaterThan(0);
  });
});

/** Segments a message: cut points, plus extra copies of random sub-ranges, in a random order. */
const scenario = fc
  .record({
    msg: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
    cuts: fc.array(fc.nat(), { maxLength: 30 }),
    extras: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 400 })), { maxLength: 10 }),
    isn: fc.integer({ min: 0, max: 0xffffffff }),
    seed: fc.integer(),
  })
  .map(({ msg, cuts, extras, isn, seed }) => {
    const points = [...new Set(cuts.map((c) => c % msg.length))].filter((p) => p > 0).sort((a, b) => a - b);
    const segs: [number, number][] = [];
    let prev = 0;
    for (const p of [...points, msg.length]) {
      segs.push([prev, p]);
      prev = p;
    }
    for (const [start, len] of extras) {
      const s = start % msg.length;
      segs.push([s, Math.min(msg.length, s + len + 1)]);
    }
    // Deterministic shuffle from the seed, so shrinking stays meaningful.
    let x = seed | 0 || 1;
    for (let i = segs.length - 1; i > 0; i--) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const j = (x >>> 0) % (i + 1);
      [segs[i], segs[j]] = [segs[j]!, segs[i]!];
    }
    return { msg, segs, isn };
  });

describe('TcpStream properties', () => {
  it('any order and duplication of same-data segments reassembles the original', () => {
    fc.assert(
      fc.property(scenario, ({ msg, segs, isn }) => {
        const s = mk();
        const c = new Collector();
        s.onSegment(isn, TcpFlag.SYN, msg, 0, 0, 0);
        for (const [a, b] of segs) {
          s.onSegment(seqAdd(isn, 1 + a), TcpFlag.ACK, msg, a, b - a, b - a);
          c.drain(s);
        }
        s.flush();
        c.drain(s);
        expect(Uint8Array.from(c.bytes)).toEqual(msg);
        expect(s.counters.gaps).toBe(0);
        expect(s.counters.overlapsDifferentData).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reassembles long streams while storage slides (small look-back and hold limits)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer(),
        fc.integer({ min: 0, max: 0xffffffff }),
        (n, segLen, seed, isn) => {
          const msg = Uint8Array.from({ length: n }, (_, i) => (i * 13 + (i >> 8)) & 0xff);
          const s = mk({ lookbackBytes: 16, maxOutOfOrderBytes: 20_000, depth: 0 });
          const c = new Collector(16);
          s.onSegment(isn, TcpFlag.SYN, msg, 0, 0, 0);
          // Local reordering: swap disjoint neighbour pairs, as an NLB path might. Displacement stays
          // one segment, well inside maxOutOfOrderBytes, so no gap may be forced.
          const segs: number[] = [];
          for (let a = 0; a < n; a += segLen) segs.push(a);
          let x = seed | 0 || 1;
          for (let i = 0; i + 1 < segs.length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            if ((x & 3) === 0) {
              [segs[i], segs[i + 1]] = [segs[i + 1]!, segs[i]!];
              i++;
            }
          }
          for (const a of segs) {
            const len = Math.min(segLen, n - a);
            s.onSegment(seqAdd(isn, 1 + a), TcpFlag.ACK, msg, a, len, len);
            c.drain(s);
          }
          expect(c.bytes.length).toBe(n);
          // Buffer.compare: deep equality on 60k-element arrays is very slow in the matcher.
          expect(Buffer.compare(Uint8Array.from(c.bytes), msg)).toBe(0);
          expect(s.counters.gaps).toBe(0);
          expect(s.storageBytes).toBeLessThanOrEqual(128 * 1024);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('with different data, the first arrival wins for every byte', () => {
    fc.assert(
      fc.property(scenario, ({ msg, segs, isn }) => {
        const s = mk();
        const c = new Collector();
        s.onSegment(isn, TcpFlag.SYN, msg, 0, 0, 0);
        const model = new Int16Array(msg.length).fill(-1);
        let differs = false;
        segs.forEach(([a, b], k) => {
          // Each segment's copy of the bytes is tagged with its arrival number.
          const data = new Uint8Array(b - a);
          for (let i = a; i < b; i++) data[i - a] = (msg[i]! + k) & 0xff;
          let segDiffers = false;
          for (let i = a; i < b; i++) {
            if (model[i] === -1) model[i] = data[i - a]!;
            else if (model[i] !== data[i - a]) segDiffers = true;
          }
          if (segDiffers) differs = true;
          s.onSegment(seqAdd(isn, 1 + a), TcpFlag.ACK, data, 0, data.length, data.length);
          c.drain(s);
        });
        s.flush();
        c.drain(s);
        expect(Array.from(c.bytes)).toEqual(Array.from(model));
        expect(s.counters.overlapsDifferentData > 0).toBe(differs);
      }),
      { numRuns: 300 },
    );
  });

  it('a pattern split across segments is reported exactly once, however the segments arrive', () => {
    const pattern = bytesOf('EVIL-PAYLOAD');
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), ({ msg, segs, isn }, spots) => {
        const m = Uint8Array.from(msg, (b) => b & 0x3f); // no byte of the pattern's letters
        const expected = new Set<number>();
        for (const spot of spots) {
          const at = spot % Math.max(1, m.length - pattern.length + 1);
          if (at + pattern.length > m.length) continue;
          if ([...expected].some((e) => Math.abs(e - (at + pattern.length)) < pattern.length)) continue;
          m.set(pattern, at);
          expected.add(at + pattern.length);
        }
        const s = mk();
        const win = new InspectWindow();
        const found: number[] = [];
        const drain = () => {
          while (s.nextWindow(pattern.length - 1, win)) {
            const b = win.bytes();
            outer: for (let i = 0; i + pattern.length <= b.length; i++) {
              for (let k = 0; k < pattern.length; k++) if (b[i + k] !== pattern[k]) continue outer;
              const end = win.start + i + pattern.length;
              if (win.reportsMatchEnding(end)) found.push(end);
            }
          }
        };
        s.onSegment(isn, TcpFlag.SYN, m, 0, 0, 0);
        for (const [a, b] of segs) {
          s.onSegment(seqAdd(isn, 1 + a), TcpFlag.ACK, m, a, b - a, b - a);
          drain();
          // Retransmit what we just sent: must never re-report.
          s.onSegment(seqAdd(isn, 1 + a), TcpFlag.ACK, m, a, b - a, b - a);
          drain();
        }
        s.flush();
        drain();
        expect(found.sort((x, y) => x - y)).toEqual([...expected].sort((x, y) => x - y));
      }),
      { numRuns: 300 },
    );
  });
});
