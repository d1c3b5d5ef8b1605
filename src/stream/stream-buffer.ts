/**
 * Per-direction store of stream bytes addressed by absolute stream offset, after Suricata's streaming
 * buffer: one region of memory that slides forward, with held data described as [start, end) offset
 * ranges rather than pointers. Payload is always copied in, so callers may reuse packet buffers.
 *
 * Layout, in absolute offsets:
 *
 *     base          windowFloor     inspected      contigEnd     blocks (held out of order)
 *      |  look-back     |  inspected    |  pending    | hole | [####]  hole  [###]
 *      buf[0] ..................................................................... buf[capacity)
 *
 * - `contigEnd`: everything before it is in order (present, or a gap that was skipped).
 * - `inspected`: what the consumer has pulled through nextWindow(); pending = [inspected, contigEnd).
 * - `windowFloor`: end of the last skipped gap; windows never reach below it, so a match can never
 *   span a gap.
 * - Ahead of contigEnd: filled ranges (`blocks`) and known holes (`holes`: truncated tails and
 *   segments the memcap refused). Data always beats a hole, and for data against data the first
 *   arrival wins.
 *
 * A gap is skipped only while nothing is pending (inspected == contigEnd). That is what keeps the
 * storage linear: once a gap is skipped, nothing before it is needed, so the next slide drops it.
 * Skipping is authorised by a known hole at the edge, by requestSkipUntil() (peer ACKs, limits) or by
 * requestFlush(); nextWindow() resumes skipping once the consumer has drained what came before.
 *
 * TcpStream extends this class rather than owning one: a packet then reaches a single object for its
 * sequence state, storage bookkeeping and window, instead of chasing a pointer from one to the other
 * (with thousands of concurrent flows each of those is a cache miss).
 */
import type { InspectWindow } from './inspect-window.js';
import type { StreamCounters } from './stream-counters.js';
import { StreamEvent } from './stream-events.js';
import type { StreamMemcap } from './stream-memcap.js';

export interface StreamBufferLimits {
  /** Stop storing once this many bytes of the direction are behind the edge; 0 = no limit. */
  depth: number;
  /** Bytes kept behind `inspected` so later windows can include look-back. */
  lookbackBytes: number;
  /** Furthest a held byte may lie beyond contigEnd. */
  maxOutOfOrderBytes: number;
  /** Most separate held ranges (each one a run of out-of-order segments). */
  maxOutOfOrderBlocks: number;
}

/** Outcome of insert(). */
export const InsertResult = {
  Ok: 0,
  /** The buffer could not grow within its own cap even after dropping pending data. */
  NoRoom: 1,
  /** The memcap refused the growth. */
  Memcap: 2,
  /** The data lay at or beyond the depth limit and was not stored. */
  BeyondDepth: 3,
} as const;

const MAX_SEGMENT = 65536;
const MIN_CAPACITY = 4096;
const EMPTY = new Uint8Array(0);
/** Storage a drained stream keeps without shrinking: below it, shrinking and regrowing would churn. */
const SHRINK_ABOVE = 65536;
const SHRINK_TO = 16384;

/**
 * The range arrays of a stream that never held anything: most never do, and four arrays per stream are four
 * more objects to allocate and for every GC to visit. Frozen, so a write that skipped ownBlocks()/ownHoles()
 * throws instead of corrupting every other stream.
 */
const NO_RANGES = Object.freeze([]) as unknown as number[];

function nextPow2(n: number): number {
  let c = MIN_CAPACITY;
  while (c < n) c *= 2;
  return c;
}

export abstract class StreamBuffer<L extends StreamBufferLimits = StreamBufferLimits> {
  // After the constructor's parameters, the fields every packet reads come first: they share the first cache lines.
  protected contigEnd = 0;
  protected inspected = 0;
  private base = 0;
  private windowFloor = 0;
  private afterGap = false;
  /**
   * bStart.length and hStart.length, kept here: the in-order paths test them for every packet and the
   * arrays are separate objects (another cache line each) that are nearly always empty.
   */
  private blocks = 0;
  private holes = 0;
  /** Event bits raised since the owner last took them. */
  protected events = 0;
  /**
   * counters.bytesReassembled, counted here: `local` is a separate object, one more cache miss for every packet
   * of a cold flow. TcpStream copies it out when its counters are read.
   */
  protected reassembledBytes = 0;
  private skipUntil = 0;
  private flushing = false;
  private depthDone = false;
  private released = false;
  private buf: Uint8Array = EMPTY;
  /** buf.length, kept here so checks that do not touch the bytes need not reach the array object. */
  private bufSize = 0;
  private bStart = NO_RANGES;
  private bEnd = NO_RANGES;
  private hStart = NO_RANGES;
  private hEnd = NO_RANGES;
  private readonly maxCapacity: number;

  constructor(
    protected readonly limits: L,
    private readonly memcap: StreamMemcap,
    protected readonly local: StreamCounters,
    protected readonly global: StreamCounters,
  ) {
    this.maxCapacity = nextPow2(limits.lookbackBytes + limits.maxOutOfOrderBytes + MAX_SEGMENT);
  }

  /** Absolute offset up to which the stream is in order (data or skipped gaps). */
  get edge(): number {
    return this.contigEnd;
  }

  /** Runs of out-of-order data currently held. */
  get heldBlocks(): number {
    return this.blocks;
  }

  get depthReached(): boolean {
    return this.depthDone;
  }

  /** End of the furthest held range, or the edge when nothing is held. */
  protected get heldEnd(): number {
    const n = this.blocks;
    return n === 0 ? this.contigEnd : Math.max(this.contigEnd, this.bEnd[n - 1]!);
  }

  protected get firstHeldStart(): number {
    return this.blocks === 0 ? -1 : this.bStart[0]!;
  }

  protected get capacity(): number {
    return this.bufSize;
  }

  /** Back to a fresh stream starting at offset 0; storage is returned to the memcap. */
  reset(): void {
    this.freeStorage();
    this.base = 0;
    this.contigEnd = 0;
    this.inspected = 0;
    this.windowFloor = 0;
    this.afterGap = false;
    this.clearRanges();
    this.skipUntil = 0;
    this.flushing = false;
    this.depthDone = false;
    this.released = false;
    this.events = 0;
    this.reassembledBytes = 0;
  }

  /** Returns storage to the memcap; the stream stays usable and reallocates on demand. */
  protected freeStorage(): void {
    if (this.bufSize > 0) {
      this.memcap.release(this.bufSize);
      this.memcap.giveBuffer(this.buf);
    }
    this.buf = EMPTY;
    this.bufSize = 0;
  }

  /**
   * Store src[srcOffset, srcOffset + len) at absolute offset `offset`. Bytes below the edge and bytes
   * already held are compared, never overwritten (first arrival wins).
   */
  protected insert(offset: number, src: Uint8Array, srcOffset: number, len: number): number {
    // Whether this segment overlapped held or delivered data, and whether any of those bytes differed.
    let overlap = false;
    let different = false;
    let s = offset;
    let e = offset + len;
    const depth = this.limits.depth;
    if (depth > 0 && e > depth) {
      if (s >= depth) return InsertResult.BeyondDepth;
      e = depth;
    }
    if (this.released) return InsertResult.BeyondDepth;

    if (s < this.contigEnd) {
      const oe = e < this.contigEnd ? e : this.contigEnd;
      overlap = true;
      let cs = s;
      if (cs < this.windowFloor) cs = this.windowFloor;
      if (cs < this.base) cs = this.base;
      if (oe > cs && this.differs(cs, src, srcOffset + (cs - s), oe - cs)) different = true;
      s = oe;
      if (s >= e) {
        this.noteOverlap(overlap, different);
        return InsertResult.Ok;
      }
    }

    const room = this.ensureRoom(e);
    if (room !== InsertResult.Ok) {
      this.noteOverlap(overlap, different);
      return room;
    }
    // Reclaiming room may have dropped pending bytes and let the edge move past s: start over.
    if (s < this.contigEnd) return this.insert(offset, src, srcOffset, len);

    // In-order fast path: nothing held that this segment touches.
    if (s === this.contigEnd && (this.blocks === 0 || this.bStart[0]! >= e)) {
      this.buf.set(src.subarray(srcOffset + (s - offset), srcOffset + (e - offset)), s - this.base);
      this.bytesInOrder(e - s);
      this.contigEnd = e;
      this.noteOverlap(overlap, different);
      this.advance();
      return InsertResult.Ok;
    }

    // Walk the held ranges that [s, e) touches; fill only the empty parts.
    this.ownBlocks();
    const bStart = this.bStart;
    const bEnd = this.bEnd;
    let i = 0;
    while (i < bEnd.length && bEnd[i]! < s) i++;
    let cur = s;
    while (cur < e) {
      if (i < bStart.length && bStart[i]! <= cur) {
        const be = bEnd[i]!;
        if (be > cur) {
          const oe = e < be ? e : be;
          overlap = true;
          if (this.differs(cur, src, srcOffset + (cur - offset), oe - cur)) different = true;
          cur = oe;
          if (cur >= e) break;
        }
        const limit = i + 1 < bStart.length && bStart[i + 1]! < e ? bStart[i + 1]! : e;
        this.copyIn(cur, limit, src, srcOffset + (cur - offset));
        bEnd[i] = limit;
        cur = limit;
        if (i + 1 < bStart.length && bStart[i + 1] === limit) {
          bEnd[i] = bEnd[i + 1]!;
          bStart.splice(i + 1, 1);
          bEnd.splice(i + 1, 1);
          this.blocks--;
        }
      } else {
        const limit = i < bStart.length && bStart[i]! < e ? bStart[i]! : e;
        this.copyIn(cur, limit, src, srcOffset + (cur - offset));
        bStart.splice(i, 0, cur);
        bEnd.splice(i, 0, limit);
        this.blocks++;
        cur = limit;
        if (i + 1 < bStart.length && bStart[i + 1] === limit) {
          bEnd[i] = bEnd[i + 1]!;
          bStart.splice(i + 1, 1);
          bEnd.splice(i + 1, 1);
          this.blocks--;
        }
      }
    }
    this.noteOverlap(overlap, different);
    this.advance();
    return InsertResult.Ok;
  }

  /** Remember [start, end) as bytes that will never arrive (e.g. the cut tail of a truncated segment). */
  protected addHole(start: number, end: number): void {
    const depth = this.limits.depth;
    if (depth > 0 && end > depth) end = depth;
    if (end <= start || end <= this.contigEnd) return;
    this.ownHoles();
    const hs = this.hStart;
    let i = hs.length;
    while (i > 0 && hs[i - 1]! > start) i--;
    hs.splice(i, 0, start);
    this.hEnd.splice(i, 0, end);
    this.holes++;
    this.advance();
  }

  /** Allow holes below `offset` to be skipped (peer ACKed past them, or a hold limit was hit). */
  protected requestSkipUntil(offset: number): void {
    if (offset > this.skipUntil) this.skipUntil = offset;
    this.advance();
  }

  /** Allow every hole to be skipped so that all held data becomes in order (close, timeout). */
  protected requestFlush(): void {
    this.flushing = true;
    this.advance();
  }

  /**
   * Throw away pending bytes the consumer never pulled. Used when storage must be reclaimed; the
   * loss is counted so that a consumer that forgets to drain is visible in the stats.
   */
  protected dropPending(): void {
    const n = this.contigEnd - this.inspected;
    if (n <= 0) return;
    this.local.uninspectedDropped += n;
    this.global.uninspectedDropped += n;
    this.inspected = this.contigEnd;
    this.windowFloor = this.contigEnd;
    this.afterGap = true;
    this.advance();
  }

  /**
   * Hand the consumer the pending bytes, with up to `maxLookback` already-inspected bytes before
   * them. Returns false when there is nothing new.
   */
  nextWindow(maxLookback: number, out: InspectWindow): boolean {
    if (this.inspected === this.contigEnd) this.advance();
    if (this.inspected === this.contigEnd) {
      if (this.depthDone && !this.released) this.release();
      else this.shrink();
      return false;
    }
    let lb = maxLookback < this.limits.lookbackBytes ? maxLookback : this.limits.lookbackBytes;
    if (lb < 0) lb = 0;
    let ws = this.inspected - lb;
    if (ws < this.windowFloor) ws = this.windowFloor;
    if (ws < this.base) ws = this.base;
    out.buffer = this.buf;
    out.bufferOffset = ws - this.base;
    out.start = ws;
    out.end = this.contigEnd;
    out.newDataStart = this.inspected;
    out.afterGap = this.afterGap && ws === this.windowFloor;
    this.afterGap = false;
    this.inspected = this.contigEnd;
    return true;
  }

  private release(): void {
    this.released = true;
    this.clearRanges();
    this.freeStorage();
  }

  private ownBlocks(): void {
    if (this.bStart !== NO_RANGES) return;
    this.bStart = [];
    this.bEnd = [];
  }

  private ownHoles(): void {
    if (this.hStart !== NO_RANGES) return;
    this.hStart = [];
    this.hEnd = [];
  }

  private clearRanges(): void {
    // Truncating an array is a runtime call even when it is already empty, which it nearly always is.
    if (this.blocks !== 0) {
      this.bStart.length = 0;
      this.bEnd.length = 0;
      this.blocks = 0;
    }
    if (this.holes !== 0) {
      this.hStart.length = 0;
      this.hEnd.length = 0;
      this.holes = 0;
    }
  }

  private noteOverlap(overlap: boolean, different: boolean): void {
    if (!overlap) return;
    this.local.overlaps++;
    this.global.overlaps++;
    if (different) {
      this.local.overlapsDifferentData++;
      this.global.overlapsDifferentData++;
      this.events |= StreamEvent.OverlapDifferentData;
    }
  }

  private bytesInOrder(n: number): void {
    this.reassembledBytes += n;
    this.global.bytesReassembled += n;
  }

  private copyIn(from: number, to: number, src: Uint8Array, srcIndex: number): void {
    if (to <= from) return;
    this.buf.set(src.subarray(srcIndex, srcIndex + (to - from)), from - this.base);
  }

  private differs(from: number, src: Uint8Array, srcIndex: number, n: number): boolean {
    const buf = this.buf;
    let j = from - this.base;
    if (j < 0 || j + n > buf.length) return false;
    for (let k = 0; k < n; k++, j++) if (buf[j] !== src[srcIndex + k]) return true;
    return false;
  }

  /** Move the edge over held data, and over holes when skipping is allowed and nothing is pending. */
  private advance(): void {
    const bStart = this.bStart;
    const bEnd = this.bEnd;
    const hStart = this.hStart;
    const hEnd = this.hEnd;
    for (;;) {
      if (this.blocks > 0 && bStart[0]! <= this.contigEnd) {
        const be = bEnd[0]!;
        if (be > this.contigEnd) {
          this.bytesInOrder(be - this.contigEnd);
          this.contigEnd = be;
        }
        bStart.shift();
        bEnd.shift();
        this.blocks--;
        continue;
      }
      if (this.holes > 0 && hEnd[0]! <= this.contigEnd) {
        hStart.shift();
        hEnd.shift();
        this.holes--;
        continue;
      }
      if (this.inspected !== this.contigEnd) break;
      let target = -1;
      if (this.holes > 0 && hStart[0]! <= this.contigEnd) target = hEnd[0]!;
      else if (this.skipUntil > this.contigEnd) target = this.skipUntil;
      else if (this.flushing && this.blocks > 0) target = bStart[0]!;
      if (target < 0) break;
      if (this.blocks > 0 && bStart[0]! < target) target = bStart[0]!;
      const depth = this.limits.depth;
      if (depth > 0 && target > depth) target = depth;
      if (target <= this.contigEnd) break;
      this.skipGap(target);
    }
    const depth = this.limits.depth;
    if (!this.depthDone && depth > 0 && this.contigEnd >= depth) {
      this.depthDone = true;
      this.local.depthReached++;
      this.global.depthReached++;
      this.events |= StreamEvent.DepthReached;
    }
  }

  private skipGap(to: number): void {
    const n = to - this.contigEnd;
    this.local.gaps++;
    this.global.gaps++;
    this.local.gapBytes += n;
    this.global.gapBytes += n;
    this.events |= StreamEvent.SeqGap;
    this.contigEnd = to;
    this.inspected = to;
    this.windowFloor = to;
    this.afterGap = true;
  }

  /** Make buf cover [base, end): slide out what no window can need, then grow within the caps. */
  private ensureRoom(end: number): number {
    if (end - this.base <= this.bufSize) return InsertResult.Ok;
    this.slide();
    if (end - this.base <= this.bufSize && this.retained() * 2 <= this.bufSize) return InsertResult.Ok;
    let need = end - this.base;
    if (need > this.maxCapacity) {
      this.dropPending();
      this.slide();
      need = end - this.base;
      if (need <= this.bufSize) return InsertResult.Ok;
      if (need > this.maxCapacity) return InsertResult.NoRoom;
    }
    // Doubling keeps slides rare: a slide then copies at most half the buffer.
    let cap = nextPow2(Math.max(need, this.retained() * 2));
    if (cap > this.maxCapacity) cap = this.maxCapacity;
    if (cap < need) cap = need;
    if (cap <= this.bufSize) return InsertResult.Ok;
    if (!this.memcap.tryReserve(cap - this.bufSize)) {
      return need <= this.bufSize ? InsertResult.Ok : InsertResult.Memcap;
    }
    const next = this.memcap.takeBuffer(cap);
    const used = this.usedEnd() - this.base;
    if (used > 0) next.set(this.buf.subarray(0, used));
    if (this.bufSize > 0) {
      this.memcap.release(this.bufSize);
      this.memcap.giveBuffer(this.buf);
    }
    this.buf = next;
    this.bufSize = cap;
    return InsertResult.Ok;
  }

  /**
   * Give storage back once everything is inspected: a buffer that grew for a burst (a response body arriving
   * faster than its ACKs) would otherwise keep its peak size for the life of the flow, and thousands of quiet
   * flows would hold the memcap hostage. Keeps what the look-back still needs.
   */
  private shrink(): void {
    if (this.bufSize <= SHRINK_ABOVE) return;
    this.slide();
    const keep = this.retained();
    const cap = nextPow2(Math.max(keep * 2, SHRINK_TO));
    if (cap >= this.bufSize) return;
    const next = this.memcap.takeBuffer(cap);
    if (keep > 0) next.set(this.buf.subarray(0, keep));
    this.memcap.release(this.bufSize - cap);
    this.memcap.giveBuffer(this.buf);
    this.buf = next;
    this.bufSize = cap;
  }

  /** First offset any future window or comparison could still need. */
  private keepFrom(): number {
    let k = this.inspected - this.limits.lookbackBytes;
    if (k < this.windowFloor) k = this.windowFloor;
    if (k < this.base) k = this.base;
    return k;
  }

  private usedEnd(): number {
    const he = this.heldEnd;
    const u = he > this.contigEnd ? he : this.contigEnd;
    return u > this.base ? u : this.base;
  }

  private retained(): number {
    return this.usedEnd() - this.base;
  }

  private slide(): void {
    const k = this.keepFrom();
    if (k <= this.base) return;
    const ue = this.usedEnd();
    if (ue > k) {
      const from = k - this.base;
      // Past the end of storage there is only skipped gap, never data.
      const to = Math.min(ue - this.base, this.bufSize);
      if (from < to) this.buf.copyWithin(0, from, to);
    }
    this.base = k;
  }
}
