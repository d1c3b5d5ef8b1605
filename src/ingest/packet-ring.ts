import { MirrorscopeError } from '../errors.js';

/**
 * Control words at the start of the shared buffer (Int32 indices). Each writer's words sit on their own 64-byte
 * cache line: the producer stores HEAD and PUSHED on every push and the consumer TAIL and POPPED on every release,
 * and on one shared line every such store would evict the other thread's copy.
 */
const HEAD = 0;
const PUSHED = 1;
const TAIL = 16;
const POPPED = 17;
const CONSUMER_WAITING = 32;
// CONSUMER_WAITING values: running, asleep until a push wakes it, or napping (wakes by itself within its timeout).
const CONSUMER_RUNNING = 0;
const CONSUMER_ASLEEP = 1;
const CONSUMER_NAPPING = 2;
const PRODUCER_WAITING = 48;
const CONTROL_WORDS = 64;
const CONTROL_BYTES = CONTROL_WORDS * 4;

/** Record header: captureLength, wireLength, linkType, tsUs low, tsUs high, recordNumber, fileIndex. */
export const RING_RECORD_HEADER_BYTES = 28;
// A header whose first word is this says "the rest of the area is unused: continue at offset 0".
const WRAP = 0xffffffff;
const TWO_32 = 4294967296;

/** linkType of a record that carries no bytes, only a time: the consumer calls sink.tick(tsUs). */
export const TICK_LINK_TYPE = 0xffffffff;

/**
 * linkType of a control record: its bytes are a v8-serialized (structured clone) configuration, recordNumber the
 * reload id; the consumer calls sink.reload(config) there, between the packets before it and those after it.
 */
export const RELOAD_LINK_TYPE = 0xfffffffe;

/** Smallest data area accepted (tests use small rings to exercise wraparound). */
export const MIN_RING_CAPACITY = 64;

/**
 * Bytes one record takes in the ring. Payloads are padded to 4 bytes so every header is aligned and read through
 * one Uint32Array view instead of a DataView.
 */
export function ringRecordBytes(captureLength: number): number {
  return RING_RECORD_HEADER_BYTES + ((captureLength + 3) & ~3);
}

/**
 * Where a record of `need` bytes goes with the producer at w and the consumer at r: w, 0 (wrapping), or -1 when
 * there is no room. The producer always leaves one unused byte, so head === tail means empty.
 */
function placeRecord(w: number, r: number, need: number, cap: number): number {
  if (w >= r) {
    const end = cap - w;
    if (need < end || (need === end && r !== 0)) return w;
    return need < r ? 0 : -1;
  }
  return w + need < r ? w : -1;
}

/**
 * A single-producer single-consumer queue of variable-length packet records in a SharedArrayBuffer. Exactly one
 * thread pushes and one thread pops; each thread attaches its own PacketRing instance to the same buffer (the
 * cached positions below are per-thread). The producer never blocks in tryPush: a full ring is its caller's drop
 * decision. head and tail are byte offsets into the data area; head === tail means empty, so the producer always
 * leaves at least one unused byte between them.
 *
 * Consumer side: next() exposes one record through the fields below (valid until release() is called for it or a
 * later record), release() hands every record returned so far back to the producer.
 */
export class PacketRing {
  readonly buffer: SharedArrayBuffer;
  /** Size of the data area in bytes. */
  readonly capacity: number;
  /** The data area; record offsets below index into it. */
  readonly data: Uint8Array;
  private readonly control: Int32Array;
  private readonly words: Uint32Array;

  // Producer-local state.
  private writePos: number;
  private pushed: number;
  /** The consumer's position as last read; room computed from it is never more than the real room. */
  private seenTail = 0;
  private wakePending = false;
  /** Bytes pushed since a push found the consumer asleep and deferred its wake. */
  private deferredBytes = 0;
  /**
   * Producer: when true, a push that finds the consumer asleep only notes it, and flushWake() wakes it later. A
   * notify is a futex call (microseconds); a listener pushing one datagram at a time wakes once per event-loop
   * turn instead of once per datagram.
   */
  deferWake = false;

  // Consumer-local state.
  private readPos: number;
  private knownHead: number;
  private popped: number;

  /** The record returned by the last next(). */
  offset = 0;
  captureLength = 0;
  wireLength = 0;
  linkType = 0;
  tsUs = 0;
  recordNumber = 0;
  fileIndex = 0;

  /** Allocates a ring with a data area of `capacity` bytes (rounded up to 4). */
  static create(capacity: number): PacketRing {
    if (!Number.isInteger(capacity) || capacity < MIN_RING_CAPACITY || capacity > 0x7fff_0000) {
      throw new MirrorscopeError('RING_BAD_CAPACITY', `ring capacity must be an integer in [${MIN_RING_CAPACITY}, 2^31), got ${capacity}`);
    }
    const cap = (capacity + 3) & ~3;
    return new PacketRing(new SharedArrayBuffer(CONTROL_BYTES + cap));
  }

  /** Attaches to a ring created elsewhere (another thread's PacketRing.buffer). */
  static attach(buffer: SharedArrayBuffer): PacketRing {
    return new PacketRing(buffer);
  }

  private constructor(buffer: SharedArrayBuffer) {
    if (buffer.byteLength < CONTROL_BYTES + MIN_RING_CAPACITY || buffer.byteLength % 4 !== 0) {
      throw new MirrorscopeError('RING_BAD_BUFFER', `not a packet ring buffer (${buffer.byteLength} bytes)`);
    }
    this.buffer = buffer;
    this.capacity = buffer.byteLength - CONTROL_BYTES;
    this.control = new Int32Array(buffer, 0, CONTROL_WORDS);
    this.data = new Uint8Array(buffer, CONTROL_BYTES, this.capacity);
    this.words = new Uint32Array(buffer, CONTROL_BYTES, this.capacity >>> 2);
    this.writePos = Atomics.load(this.control, HEAD);
    this.pushed = Atomics.load(this.control, PUSHED);
    this.seenTail = Atomics.load(this.control, TAIL);
    this.readPos = Atomics.load(this.control, TAIL);
    this.knownHead = this.readPos;
    this.popped = Atomics.load(this.control, POPPED);
  }

  /**
   * Largest captureLength accepted. Bounded by half the area so that an empty ring takes it wherever the positions
   * stand (before the end or, wrapping, before the tail): a producer waiting for room can never wait forever.
   */
  get maxRecordLength(): number {
    return ((this.capacity >>> 1) & ~3) - 4 - RING_RECORD_HEADER_BYTES;
  }

  /** Records pushed and not yet released (from the shared counters; exact once both sides are quiet). */
  get queuedRecords(): number {
    return (Atomics.load(this.control, PUSHED) - Atomics.load(this.control, POPPED)) | 0;
  }

  /** Bytes between tail and head, wrap gap included. */
  get usedBytes(): number {
    const h = Atomics.load(this.control, HEAD);
    const t = Atomics.load(this.control, TAIL);
    return h >= t ? h - t : this.capacity - t + h;
  }

  // ---- producer ----

  /**
   * Copies one record in. Returns false, writing nothing, when there is no room (or the record is longer than
   * maxRecordLength and never will have).
   */
  tryPush(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    recordNumber: number,
    fileIndex: number,
  ): boolean {
    const cap = this.capacity;
    if (captureLength > this.maxRecordLength) return false;
    const need = RING_RECORD_HEADER_BYTES + ((captureLength + 3) & ~3);
    const w = this.writePos;
    // The consumer's line is read only when the tail seen last leaves no room (it has only moved on since).
    let at = placeRecord(w, this.seenTail, need, cap);
    if (at < 0) {
      this.seenTail = Atomics.load(this.control, TAIL);
      at = placeRecord(w, this.seenTail, need, cap);
      if (at < 0) return false;
    }
    // Not enough contiguous room before the end: mark the gap and start over at 0 (w < cap and 4-aligned, so the
    // marker word always fits).
    if (at === 0 && w !== 0) this.words[w >>> 2] = WRAP;
    const words = this.words;
    const h = at >>> 2;
    words[h] = captureLength;
    words[h + 1] = wireLength;
    words[h + 2] = linkType;
    words[h + 3] = tsUs % TWO_32;
    words[h + 4] = Math.floor(tsUs / TWO_32);
    words[h + 5] = recordNumber;
    words[h + 6] = fileIndex;
    if (captureLength > 0) {
      this.data.set(bytes.subarray(offset, offset + captureLength), at + RING_RECORD_HEADER_BYTES);
    }
    let next = at + need;
    if (next === cap) next = 0;
    this.writePos = next;
    this.pushed = (this.pushed + 1) | 0;
    // The header and bytes above are plain writes; this atomic store publishes them to the consumer's atomic load.
    Atomics.store(this.control, PUSHED, this.pushed);
    Atomics.store(this.control, HEAD, next);
    if (this.wakePending) {
      this.deferredBytes += need;
    } else if (Atomics.load(this.control, CONSUMER_WAITING) === CONSUMER_ASLEEP) {
      if (this.deferWake) {
        this.wakePending = true;
        this.deferredBytes = need;
      } else {
        Atomics.notify(this.control, HEAD);
      }
    }
    return true;
  }

  /** Ring bytes pushed since a deferred push found the consumer asleep (0: no wake is owed). */
  get pendingWakeBytes(): number {
    return this.wakePending ? this.deferredBytes : 0;
  }

  /** Wakes the consumer if a deferred push found it asleep. */
  flushWake(): void {
    if (!this.wakePending) return;
    this.wakePending = false;
    this.deferredBytes = 0;
    Atomics.notify(this.control, HEAD);
  }

  /** A record without bytes telling the consumer that time has reached tsUs. */
  tryPushTick(tsUs: number): boolean {
    return this.tryPush(this.data, 0, 0, 0, TICK_LINK_TYPE, tsUs, 0, 0);
  }

  /**
   * Producer side: sleep until the consumer releases something (or timeoutMs passes). Only sleeps if the tail is
   * still where the last failed tryPush saw it, so a release in between is never missed.
   */
  waitForSpace(timeoutMs: number): void {
    Atomics.store(this.control, PRODUCER_WAITING, 1);
    Atomics.wait(this.control, TAIL, this.seenTail, timeoutMs);
    Atomics.store(this.control, PRODUCER_WAITING, 0);
  }

  /** Wakes a consumer sleeping in waitForData (control messages ride beside the ring). */
  wakeConsumer(): void {
    Atomics.notify(this.control, HEAD);
  }

  /** Wakes a producer sleeping in waitForSpace. */
  wakeProducer(): void {
    Atomics.notify(this.control, TAIL);
  }

  // ---- consumer ----

  /** True when a record is waiting (reads the shared head). */
  hasData(): boolean {
    this.knownHead = Atomics.load(this.control, HEAD);
    return this.knownHead !== this.readPos;
  }

  /** Exposes the next record through the fields; false when the ring is empty. */
  next(): boolean {
    let r = this.readPos;
    if (r === this.knownHead) {
      this.knownHead = Atomics.load(this.control, HEAD);
      if (r === this.knownHead) return false;
    }
    const words = this.words;
    if (words[r >>> 2] === WRAP) r = 0;
    const h = r >>> 2;
    const len = words[h]!;
    this.offset = r + RING_RECORD_HEADER_BYTES;
    this.captureLength = len;
    this.wireLength = words[h + 1]!;
    this.linkType = words[h + 2]!;
    this.tsUs = words[h + 4]! * TWO_32 + words[h + 3]!;
    this.recordNumber = words[h + 5]!;
    this.fileIndex = words[h + 6]!;
    r += RING_RECORD_HEADER_BYTES + ((len + 3) & ~3);
    this.readPos = r === this.capacity ? 0 : r;
    this.popped = (this.popped + 1) | 0;
    return true;
  }

  /** Returns every record handed out by next() to the producer; their bytes may be overwritten from now on. */
  release(): void {
    Atomics.store(this.control, POPPED, this.popped);
    Atomics.store(this.control, TAIL, this.readPos);
    if (Atomics.load(this.control, PRODUCER_WAITING) !== 0 && this.worthWaking()) Atomics.notify(this.control, TAIL);
  }

  /**
   * A producer waiting for room is woken once a quarter of the ring is free (or the ring is empty), not after every
   * record: waking it per record made producer and consumer trade the core one record at a time (a futex call and
   * two context switches per packet in a replay, where the producer is always ahead).
   */
  private worthWaking(): boolean {
    const h = Atomics.load(this.control, HEAD);
    const t = this.readPos;
    if (h === t) return true;
    const used = h >= t ? h - t : this.capacity - t + h;
    return this.capacity - used >= this.capacity >>> 2;
  }

  /**
   * Consumer side: sleep until the producer pushes (or wakeConsumer, or timeoutMs). Returns at once when data is
   * already there.
   */
  waitForData(timeoutMs: number): void {
    this.waitAs(CONSUMER_ASLEEP, timeoutMs);
  }

  /**
   * Consumer side: sleep for at most napMs, without asking the producer to wake it. For a consumer that expects
   * more records soon: on a VM a futex wake costs the producer tens of microseconds (an inter-processor interrupt),
   * which a live socket thread paid a thousand times a second.
   */
  napForData(napMs: number): void {
    this.waitAs(CONSUMER_NAPPING, napMs);
  }

  private waitAs(mode: number, timeoutMs: number): void {
    Atomics.store(this.control, CONSUMER_WAITING, mode);
    if (!this.hasData()) Atomics.wait(this.control, HEAD, this.knownHead, timeoutMs);
    Atomics.store(this.control, CONSUMER_WAITING, CONSUMER_RUNNING);
  }

  /**
   * Re-reads the consumer position from the shared words. For a new consumer taking over from one that died: the
   * records it released are gone, the rest are delivered again.
   */
  resyncConsumer(): void {
    this.readPos = Atomics.load(this.control, TAIL);
    this.knownHead = this.readPos;
    this.popped = Atomics.load(this.control, POPPED);
  }
}
