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

/**
 * Owns one fixed buffer with carry-over in front of a CaptureParser. Sources either read straight into
 * `buffer` at `writeOffset` and call commit(n) (no copy), or hand over chunks with push(). The buffer grows only
 * when a single record is larger than it.
 */
export class CaptureStreamReader {
  readonly parser = new CaptureParser();
  private buf: Uint8Array;
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
    const tail = this.parser.end(this.filled);
    if (tail !== null && this.discarded > 0) tail.bytesPresent += this.discarded;
    return tail;
  }

  private process(onRecord: (r: CaptureRecord) => void): void {
    const parser = this.parser;
    // Nothing can complete yet: avoid re-parsing the same partial record for every small chunk.
    if (this.filled < parser.bytesNeeded) {
      this.ensureRoom();
      return;
    }
    const used = parser.parse(this.buf, 0, this.filled, onRecord);
    const left = this.filled - used;
    if (used > 0 && left > 0) this.buf.copyWithin(0, used, this.filled);
    this.filled = left;
    this.ensureRoom();
  }

  private ensureRoom(): void {
    const need = this.parser.bytesNeeded;
    if (need <= this.buf.length || this.parser.stopped) return;
    if (this.parser.bytesConsumed + need > this.inputSize) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.filled));
    this.buf = bigger;
  }
}
