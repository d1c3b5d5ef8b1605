/**
 * TCP reassembly for one direction of one flow, fed with already-decoded TCP fields.
 *
 * ## Calls (made by the flow table, in packet order)
 * - `onSegment(seq, flags, data, dataOffset, capturedLength, wireLength)` for every TCP packet sent in
 *   this direction. `capturedLength` bytes of payload are present at data[dataOffset...];
 *   `wireLength` is the payload length the IP header claims. A mirror session's PacketLength (or the
 *   target MTU) cuts packets, so wireLength > capturedLength means the tail never reached us: it is
 *   recorded as a hole at once and skipped, not waited for.
 * - `onAck(ack)` for every packet of the *opposite* direction with ACK set. An ACK beyond the bytes we
 *   hold means the receiver got data the mirror lost (AWS drops mirror copies under congestion), so
 *   the hole is skipped once the ACK has been seen `ackGapGrace` times more without the data turning
 *   up: mirror copies behind an NLB or GWLB can arrive out of order, ACKs included.
 * - `flush()` at flow timeout or flow end: every remaining hole is skipped and all held data becomes
 *   available. RST flushes by itself; FIN only records where the stream ends, because a reordered
 *   FIN may overtake the last data.
 * Every call returns the StreamEvent bits it raised.
 *
 * ## Inspection contract (what the detection engine relies on)
 * After each call the engine drains the stream:
 *
 *     while (stream.nextWindow(maxLookback, win)) inspect(win);
 *
 * Each window is one contiguous run of in-order bytes [win.start, win.end) in absolute stream
 * offsets (offset 0 = first byte after the SYN's sequence number, or the first byte seen on midstream
 * pickup; offsets do not wrap, whatever the sequence numbers do). Bytes in [win.newDataStart,
 * win.end) have never been handed out before; [win.start, win.newDataStart) is look-back: up to
 * min(maxLookback, lookbackBytes) bytes the engine has already seen, included so that a pattern that
 * straddles a segment boundary is seen whole. Guarantees:
 * 1. Every in-order byte is new in exactly one window; retransmitted and overlapping bytes never
 *    become new again (first arrival wins), so they can never re-trigger a match.
 * 2. A window never spans a gap: after a hole is skipped, the next window starts at the hole's end
 *    with `afterGap` set and no look-back.
 * 3. So the engine reports a match iff its last byte is new (`win.reportsMatchEnding(end)`). Each
 *    occurrence of a pattern of length L <= maxLookback + 1 that does not cross a gap is then reported
 *    exactly once; longer ones are reported only if they fit in one window.
 * 4. The window's bytes are a view of this stream's storage, valid until the next call on the stream.
 * If the engine stops draining, pending bytes are dropped when storage is needed (counted as
 * `uninspectedDropped`), never buffered without bound.
 *
 * ## Overlap policy
 * First arrival wins, always, which is Suricata's `first` policy. None of Suricata's OS policies is
 * pure first-wins: its built-in default (OS_POLICY_DEFAULT = bsd; the shipped suricata.yaml maps
 * 0.0.0.0/0 to windows) and its linux policy both let a new segment that starts *before* held data
 * overwrite it. A passive mirror cannot know the receiver's OS, so we keep the first copy and count
 * every overlap whose bytes differ (stream.reassembly_overlap_different_data), the evasion signal.
 *
 * ## Midstream pickup
 * `midstream` defaults to true, unlike Suricata (stream.midstream: false): a mirror target is often
 * attached to sessions that are already established, and an ENI that joins a session mid-flight would
 * otherwise be invisible for its whole life. With midstream off, payload before a SYN is ignored and
 * counted as `noHandshake`.
 */
import { InsertResult, StreamBuffer } from './stream-buffer.js';
import type { StreamBufferLimits } from './stream-buffer.js';
import { StreamCounters } from './stream-counters.js';
import { StreamEvent } from './stream-events.js';
import type { StreamGlobals } from './stream-globals.js';
import { seqDiff } from './tcp-sequence.js';

export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
} as const;

export interface TcpStreamOptions {
  /** Pick up streams whose handshake was missed. Default true (see header). */
  midstream?: boolean;
  /** Reassembly depth per direction in bytes; 0 = unlimited. Default 1 MiB, as Suricata. */
  depth?: number;
  /** Look-back retained for inspection windows. Default 4096. */
  lookbackBytes?: number;
  /** How far beyond the in-order edge data is held before the hole is declared lost. Default 256 KiB. */
  maxOutOfOrderBytes?: number;
  /** How many separate out-of-order runs are held before the first hole is declared lost. Default 64. */
  maxOutOfOrderBlocks?: number;
  /** Extra sightings of an ACK beyond our data before the hole is skipped. Default 2. */
  ackGapGrace?: number;
}

export interface ResolvedTcpStreamOptions extends StreamBufferLimits {
  midstream: boolean;
  ackGapGrace: number;
}

export function resolveTcpStreamOptions(o: TcpStreamOptions = {}): ResolvedTcpStreamOptions {
  // Already complete (a caller resolved once for all its streams): share it rather than copy per stream.
  if (isResolved(o)) return o;
  return {
    midstream: o.midstream ?? true,
    depth: o.depth ?? 1024 * 1024,
    lookbackBytes: o.lookbackBytes ?? 4096,
    maxOutOfOrderBytes: o.maxOutOfOrderBytes ?? 256 * 1024,
    maxOutOfOrderBlocks: o.maxOutOfOrderBlocks ?? 64,
    ackGapGrace: o.ackGapGrace ?? 2,
  };
}

function isResolved(o: TcpStreamOptions): o is ResolvedTcpStreamOptions {
  return (
    typeof o.midstream === 'boolean' &&
    typeof o.depth === 'number' &&
    typeof o.lookbackBytes === 'number' &&
    typeof o.maxOutOfOrderBytes === 'number' &&
    typeof o.maxOutOfOrderBlocks === 'number' &&
    typeof o.ackGapGrace === 'number'
  );
}

/** A sequence number this far from the edge cannot belong to the stream (2^30). */
const MAX_SEQ_DISTANCE = 1 << 30;

/**
 * The storage half (edge, heldBlocks, depthReached, and nextWindow with the inspection contract in the file header)
 * is inherited from StreamBuffer.
 */
export class TcpStream extends StreamBuffer<ResolvedTcpStreamOptions> {
  private hasBase = false;
  /**
   * Sequence number of offset 0, kept as a signed 32-bit value: an unsigned one above 2^31 is not a small
   * integer, and V8 would then box the field in a separate heap number that every packet dereferences.
   */
  private baseSeq = 0;
  private finOffset = -1;
  private rstSeen = false;
  private ackedOffset = -1;
  private ackPressure = 0;
  /** counters.segments, counted here like StreamBuffer's reassembledBytes (the two counters every packet bumps). */
  private segmentCount = 0;
  /** The SYN's sequence number, signed like baseSeq; meaningful only once synSeen. */
  private isnValue = 0;
  private synSeen = false;
  private pickedUpMidstream = false;

  constructor(globals: StreamGlobals, options?: TcpStreamOptions | ResolvedTcpStreamOptions) {
    super(resolveTcpStreamOptions(options), globals.memcap, new StreamCounters(), globals.counters);
  }

  /** Per-stream counters (the StreamGlobals ones sum every stream): a snapshot, so read them through this getter. */
  get counters(): StreamCounters {
    const c = this.local;
    c.segments = this.segmentCount;
    c.bytesReassembled = this.reassembledBytes;
    return c;
  }

  /** Forget everything so the object can serve a new flow (pooling); storage goes back to the memcap. */
  override reset(): void {
    super.reset();
    this.local.reset();
    this.hasBase = false;
    this.baseSeq = 0;
    this.isnValue = 0;
    this.synSeen = false;
    this.pickedUpMidstream = false;
    this.finOffset = -1;
    this.rstSeen = false;
    this.ackedOffset = -1;
    this.ackPressure = 0;
    this.segmentCount = 0;
  }

  /** Initial sequence number from the SYN, or -1 when the stream was picked up midstream. */
  get isn(): number {
    return this.synSeen ? this.isnValue >>> 0 : -1;
  }

  /** Sequence number of absolute offset 0, once known. */
  get baseSequence(): number {
    return this.baseSeq >>> 0;
  }

  get started(): boolean {
    return this.hasBase;
  }

  get midstream(): boolean {
    return this.pickedUpMidstream;
  }

  get handshakeSeen(): boolean {
    return this.synSeen;
  }

  get finSeen(): boolean {
    return this.finOffset >= 0;
  }

  get closed(): boolean {
    return this.finOffset >= 0 || this.rstSeen;
  }

  /**
   * Once drained, the sequence number up to which the peer's ACKs change nothing here, or -1. An ACK at or below the
   * in-order edge only confirms bytes already in order; it matters when no ACK beyond the edge is building pressure
   * to skip a gap. Lets the caller leave this stream untouched for such ACKs (nine in ten ACK deliveries on the bench
   * capture), and for this direction's segments without payload, SYN, FIN or RST, until it changes again: a cache
   * miss spared per packet.
   */
  get quietAckSeq(): number {
    if (!this.hasBase || this.ackedOffset > this.contigEnd || this.ackPressure !== 0) return -1;
    return (this.baseSeq + this.contigEnd) >>> 0;
  }

  /** FIN seen and every byte before it is in order. */
  get complete(): boolean {
    return this.rstSeen || (this.finOffset >= 0 && this.contigEnd >= this.finOffset);
  }

  /** Hand storage back to the memcap (a finished, drained direction keeps no bytes); it reallocates on demand. */
  releaseStorage(): void {
    this.freeStorage();
  }

  /** Bytes of storage this stream currently holds against the memcap. */
  get storageBytes(): number {
    return this.capacity;
  }

  /** Absolute stream offset of a sequence number, relative to the current edge (so no wrap issues). */
  offsetOf(seq: number): number {
    const edge = this.contigEnd;
    return edge + seqDiff(seq, (this.baseSeq + edge) >>> 0);
  }

  onSegment(
    seq: number,
    flags: number,
    data: Uint8Array,
    dataOffset: number,
    capturedLength: number,
    wireLength: number,
  ): number {
    const c = this.local;
    const g = this.global;
    let events = 0;
    if (capturedLength < 0) capturedLength = 0;
    if (dataOffset < 0) dataOffset = 0;
    if (dataOffset + capturedLength > data.length) capturedLength = Math.max(0, data.length - dataOffset);
    const wire = wireLength > capturedLength ? wireLength : capturedLength;
    let dataSeq = seq >>> 0;

    if ((flags & TcpFlag.SYN) !== 0) {
      dataSeq = (dataSeq + 1) >>> 0;
      if (!this.hasBase) {
        this.hasBase = true;
        this.synSeen = true;
        this.isnValue = seq | 0;
        this.baseSeq = dataSeq | 0;
      }
    }
    if (!this.hasBase) {
      if (wire > 0 && !this.limits.midstream) {
        c.noHandshake++;
        g.noHandshake++;
        return events;
      }
      if (wire > 0 || (flags & TcpFlag.FIN) !== 0) {
        this.hasBase = true;
        this.pickedUpMidstream = true;
        this.baseSeq = dataSeq | 0;
      }
    }

    if (wire > 0 && this.hasBase) events |= this.onPayload(dataSeq, data, dataOffset, capturedLength, wire);

    if ((flags & TcpFlag.FIN) !== 0 && this.hasBase && this.finOffset < 0) {
      const fo = this.offsetOf((dataSeq + wire) >>> 0);
      if (fo >= 0) this.finOffset = fo;
    }
    if ((flags & TcpFlag.RST) !== 0 && this.hasBase) {
      this.rstSeen = true;
      this.requestFlush();
    }
    events |= this.checkAckGap();
    return events | this.takeBufferEvents();
  }

  /** An ACK number carried by a packet of the opposite direction. */
  onAck(ack: number): number {
    if (!this.hasBase) return 0;
    let off = this.offsetOf(ack >>> 0);
    // The FIN occupies one sequence number but no byte.
    if (this.finOffset >= 0 && off > this.finOffset) off = this.finOffset;
    if (off - this.contigEnd > MAX_SEQ_DISTANCE || off < 0) return 0;
    if (off > this.ackedOffset) this.ackedOffset = off;
    return this.checkAckGap() | this.takeBufferEvents();
  }

  /** Skip every hole and make all held data available (flow timeout, flow end). */
  flush(): number {
    this.requestFlush();
    return this.takeBufferEvents();
  }

  /** Event bits raised while draining windows (gaps skipped lazily); call after the drain loop if wanted. */
  takeEvents(): number {
    return this.takeBufferEvents();
  }

  private onPayload(dataSeq: number, data: Uint8Array, dataOffset: number, captured: number, wire: number): number {
    const c = this.local;
    const g = this.global;
    let events = 0;
    this.segmentCount++;
    g.segments++;
    const edge = this.contigEnd;
    const rel = seqDiff(dataSeq, (this.baseSeq + edge) >>> 0);
    if (rel > MAX_SEQ_DISTANCE || rel < -MAX_SEQ_DISTANCE) {
      c.outOfWindow++;
      g.outOfWindow++;
      return StreamEvent.OutOfWindow;
    }
    let off = edge + rel;
    let skip = 0;
    if (off < 0) {
      c.beforeBaseSeq++;
      g.beforeBaseSeq++;
      events |= StreamEvent.BeforeBaseSeq;
      skip = -off;
      if (skip >= wire) return events;
      off = 0;
    }
    const end = off + (wire - skip);
    if (end <= edge) {
      c.retransmissions++;
      g.retransmissions++;
      events |= StreamEvent.Retransmission;
    } else if (off > edge) {
      c.outOfOrderSegments++;
      g.outOfOrderSegments++;
    }
    if (wire > captured) {
      c.truncatedSegments++;
      g.truncatedSegments++;
      events |= StreamEvent.Truncated;
    }

    // Holding this segment would exceed the out-of-order limits: declare the oldest hole lost.
    const o = this.limits;
    const capEnd = off + Math.max(0, captured - skip);
    if (capEnd - this.contigEnd > o.maxOutOfOrderBytes || this.heldBlocks >= o.maxOutOfOrderBlocks) {
      if (off > this.contigEnd) {
        const first = this.firstHeldStart;
        let target = capEnd - o.maxOutOfOrderBytes;
        if (this.heldBlocks >= o.maxOutOfOrderBlocks && first > target) target = first;
        if (target > this.contigEnd) {
          c.forcedGaps++;
          g.forcedGaps++;
          // A forced gap needs the consumer drained; a lagging consumer loses its pending bytes.
          if (this.inspected < this.contigEnd) this.dropPending();
          this.requestSkipUntil(target);
        }
      }
    }

    if (captured > skip) {
      const r = this.insert(off, data, dataOffset + skip, captured - skip);
      if (r === InsertResult.Memcap || r === InsertResult.NoRoom) {
        if (r === InsertResult.Memcap) {
          c.memcapDrops++;
          g.memcapDrops++;
          events |= StreamEvent.MemcapDrop;
        }
        this.addHole(Math.max(off, this.contigEnd), capEnd);
      }
    }
    if (wire > captured) this.addHole(off + Math.max(0, captured - skip), end);
    return events;
  }

  private checkAckGap(): number {
    if (this.ackedOffset <= this.contigEnd) {
      this.ackPressure = 0;
      return 0;
    }
    this.ackPressure++;
    if (this.ackPressure <= this.limits.ackGapGrace) return 0;
    this.ackPressure = 0;
    // Counted when authorised: the skip itself may wait until the consumer drains pending bytes.
    this.local.ackedGaps++;
    this.global.ackedGaps++;
    this.requestSkipUntil(this.ackedOffset);
    return 0;
  }

  private takeBufferEvents(): number {
    const e = this.events;
    this.events = 0;
    return e;
  }
}
