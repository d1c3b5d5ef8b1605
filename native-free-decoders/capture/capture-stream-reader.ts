import { CaptureParser } from './capture-parser.js';
import type { CaptureRecord } from './capture-record.js';
import type { CaptureTail } from './capture-tail.js';

export const DEFAULT_CAPTURE_BUFFER_SIZE = 4 * 1024 * 1024;

export interface CaptureStreamReaderOptions {
  /** Initial buffer size (default 4 MiB). */
  bufferSize?: number;
  /** Total input length when known (a regular file): a record that cannot complete then never grows the buffer. */
  inputSize?: number;
}

/** Most of the spare buffer's front kept free for the carry-over (records are rarely larger than this). */
const MAX_SPARE_HEADROOM = 256 * 1024;

/**
 * Owns one fixed buffer with carry-over in front of a CaptureParser. Sources either read straight into
 * `buffer` at `writeOffset` and call commit(n) (no copy), or hand over chunks with push(). The buffer grows only
 * when a single record is larger than it.
 *
 * A source that reads ahead (the next chunk on another thread while this one is parsed) reads into `spare` at
 * `spareOffset` instead, then calls acceptSpare(n) and parsePending(). The spare's front is kept free so the
 * unparsed rest of the current buffer moves in ahead of the new bytes and the two buffers swap roles: the chunk
 * itself is never copied, only a carry-over smaller than a record.
 */
export class CaptureStreamReader {
  readonly parser = new CaptureParser();
  private buf: Uint8Array;
  private spareBuf: Uint8Array | null = null;
  /** Unparsed bytes are buf[begin, filled); begin is 0 except between acceptSpare and the next compaction. */
  private begin = 0;
  private filled = 0;
  /** Bytes of input that were dropped because they could only belong to the incomplete tail. */
  private discarded = 0;
  private readonly inputSize: number;

  constructor(options: CaptureStreamReaderOptions = {}) {
    const size = options.bufferSize ?? DEFAULT_CAPTURE_BUFFER_SIZE;
    if (!Number.isInteger(size) || size < 64) throw new RangeError(`capture buffer size ${size} must be an integer >= 64`);
    this.buf = new Uint8Array(size);
    this.inputSize = options.inputSize ?? Infinity;
  }

  /** Read into buffer[writeOffset, writeOffset + writableLength), then commit(bytesRead). */
  get buffer(): Uint8Array {
    return this.buf;
  }

  get writeOffset(): number {
    return this.filled;
  }

  get writableLength(): number {
    return this.buf.length - this.filled;
  }

  /** True once onRecord asked the parser to stop: feed nothing more. */
  get stopped(): boolean {
    return this.parser.stopped;
  }

  /** `n` bytes were written at writeOffset: parses every complete record now in the buffer. */
  commit(n: number, onRecord: (r: CaptureRecord) => void): void {
    if (n < 0 || n > this.writableLength) throw new RangeError(`commit(${n}) with ${this.writableLength} bytes writable`);
    this.filled += n;
    this.process(onRecord);
    this.compact();
  }

  /** The buffer a read-ahead source fills at spareOffset (up to its end) while the current one is parsed. */
  get spare(): Uint8Array {
    return (this.spareBuf ??= new Uint8Array(this.buf.length));
  }

  get spareOffset(): number {
    return Math.min(MAX_SPARE_HEADROOM, this.spare.length >>> 2);
  }

  /**
   * `n` bytes were read into spare at spareOffset: they become the input after the unparsed rest, and the spare is
   * free for the next read when this returns. Nothing is parsed unless the rest is too long to move in front of
   * them (a record larger than the headroom); then they are copied behind it and parsed here, as push() would.
   */
  acceptSpare(n: number, onRecord: (r: CaptureRecord) => void): void {
    const spare = this.spare;
    const at = this.spareOffset;
    if (n < 0 || at + n > spare.length) throw new RangeError(`acceptSpare(${n}) with ${spare.length - at} bytes readable`);
    const left = this.filled - this.begin;
    if (left > at) {
      this.compact();
      this.push(spare.subarray(at, at + n), onRecord);
      return;
    }
    spare.set(this.buf.subarray(this.begin, this.filled), at - left);
    this.spareBuf = this.buf;
    this.buf = spare;
    this.begin = at - left;
    this.filled = at + n;
  }

  /** Parses every complete record accepted so far (after acceptSpare). */
  parsePending(onRecord: (r: CaptureRecord) => void): void {
    this.process(onRecord);
  }

  /** Copies a chunk in (in pieces when it is larger than the free space) and parses as it goes. */
  push(chunk: Uint8Array, onRecord: (r: CaptureRecord) => void): void {
    let off = 0;
    while (off < chunk.length && !this.parser.stopped) {
      const room = this.buf.length - this.filled;
      if (room === 0) {
        // The buffer did not grow because the pending record cannot complete within inputSize: the rest is tail.
        this.discard(chunk.length - off);
        return;
      }
      const n = Math.min(room, chunk.length - off);
      this.buf.set(chunk.subarray(off, off + n), this.filled);
      off += n;
      this.commit(n, onRecord);
    }
  }

  /** Counts input bytes the source skipped without offering them (they can only be part of the cut-short tail). */
  discard(n: number): void {
    this.discarded += n;
  }

  /** End of input: null for a clean end, else the cut-short tail. Throws CaptureFormatError for empty input. */
  end(): CaptureTail | null {
    const tail = this.parser.end(this.filled - this.begin);
    if (tail !== null && this.discarded > 0) tail.bytesPresent += this.discarded;
    return tail;
  }

  private process(onRecord: (r: CaptureRecord) => void): void {
    const parser = this.parser;
    // Nothing can complete yet: avoid re-parsing the same partial record for every small chunk.
    if (this.filled - this.begin >= parser.bytesNeeded) this.begin += parser.parse(this.buf, this.begin, this.filled, onRecord);
    this.ensureRoom();
  }

  /** Moves the unparsed rest to the front, so writes append behind it. */
  private compact(): void {
    if (this.begin === 0) return;
    if (this.filled > this.begin) this.buf.copyWithin(0, this.begin, this.filled);
    this.filled -= this.begin;
    this.begin = 0;
  }

  private ensureRoom(): void {
    const need = this.parser.bytesNeeded;
    if (need <= this.buf.length || this.parser.stopped) return;
    if (this.parser.bytesConsumed + need > this.inputSize) return;
    this.compact();
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.filled));
    this.buf = bigger;
  }
}
