import { ByteAccumulator } from '../byte-accumulator.js';
import { hexValue, isSpaceOrTab } from '../bytes.js';

const CR = 0x0d;
const LF = 0x0a;

/** Body framing codes returned by `onHead`: a length >= 0, or one of these. */
export const Framing = {
  Chunked: -2,
  UntilClose: -3,
} as const;

/** Longest head (start line + headers) kept; beyond it the message is abandoned (libhtp's field limits are similar). */
export const MAX_HEAD_BYTES = 64 * 1024;
/** Longest chunk-size or trailer line, and longest line scanned while resynchronising. */
const MAX_LINE_BYTES = 8 * 1024;

export interface HttpReaderHandler {
  /** Is this line a plausible start line? Used to reject garbage and to find the next message after a gap. */
  isStartLine(line: Uint8Array, start: number, end: number): boolean;
  /** HTTP/0.9 request: the start line alone is the whole head. */
  isHeadless(line: Uint8Array, start: number, end: number): boolean;
  /** The head is complete (owned copy). Returns the body framing: a length, `Framing.Chunked` or `UntilClose`. */
  onHead(head: Uint8Array, timestampUs: number): number;
  onBody(bytes: Uint8Array, start: number, end: number): void;
  onBodyGap(length: number): void;
  /** The message ended; `truncated` when a gap, a parse failure or the end of the flow cut it short. */
  onComplete(truncated: boolean): void;
  onAnomaly(name: string): void;
}

const S = {
  Idle: 0,
  Head: 1,
  BodyLength: 2,
  ChunkSize: 3,
  ChunkData: 4,
  ChunkDataEnd: 5,
  Trailers: 6,
  BodyUntilClose: 7,
  Resync: 8,
  Dead: 9,
} as const;
type S = (typeof S)[keyof typeof S];

/**
 * Incremental HTTP/1.x message framing for one direction: start line and headers, then a Content-Length,
 * chunked or read-until-close body. Every decision is taken at a line end or by byte count, never at a chunk
 * boundary, so any chunking of the same stream produces the same messages. Gaps inside a known-length body are
 * skipped; anywhere else the reader drops to line-by-line resynchronisation until a new start line appears.
 */
export class HttpMessageReader {
  private state: S = S.Idle;
  private readonly head = new ByteAccumulator(512);
  private readonly line = new ByteAccumulator(64);
  private lineStart = 0;
  private headLines = 0;
  private remaining = 0;
  private skipLine = false;
  private tsUs = 0;
  private nowUs = 0;
  private readonly handler: HttpReaderHandler;
  private readonly tooLongEvent: string;
  private readonly badChunkEvent: string;
  private readonly gapEvent: string;
  private readonly resyncEvent: string;
  resyncs = 0;

  constructor(handler: HttpReaderHandler, events: { tooLong: string; badChunk: string; gap: string; resync: string }) {
    this.handler = handler;
    this.tooLongEvent = events.tooLong;
    this.badChunkEvent = events.badChunk;
    this.gapEvent = events.gap;
    this.resyncEvent = events.resync;
  }

  /** Stop parsing this direction for good (after a protocol upgrade or a CONNECT tunnel). */
  kill(): void {
    this.state = S.Dead;
  }

  get dead(): boolean {
    return this.state === S.Dead;
  }

  /** Inside a message (between its first byte and its end). */
  get inMessage(): boolean {
    return this.state !== S.Idle && this.state !== S.Resync && this.state !== S.Dead;
  }

  feed(bytes: Uint8Array, start: number, end: number, timestampUs: number): void {
    this.nowUs = timestampUs;
    let i = start;
    while (i < end) {
      switch (this.state) {
        case S.Idle: {
          const b = bytes[i]!;
          if (b === CR || b === LF) {
            i++;
            break;
          }
          this.beginHead();
          break;
        }
        case S.Head: {
          const lf = bytes.indexOf(LF, i);
          const hasLf = lf !== -1 && lf < end;
          const stop = hasLf ? lf + 1 : end;
          if (this.head.length + (stop - i) > MAX_HEAD_BYTES) {
            this.handler.onAnomaly(this.tooLongEvent);
            this.enterResync(!hasLf);
            i = stop;
            break;
          }
          this.head.append(bytes, i, stop);
          i = stop;
          if (hasLf) this.headLineComplete();
          break;
        }
        case S.BodyLength: {
          const n = Math.min(this.remaining, end - i);
          this.handler.onBody(bytes, i, i + n);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finish(false);
          break;
        }
        case S.ChunkData: {
          const n = Math.min(this.remaining, end - i);
          this.handler.onBody(bytes, i, i + n);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = S.ChunkDataEnd;
            this.line.reset();
          }
          break;
        }
        case S.ChunkSize:
        case S.ChunkDataEnd:
        case S.Trailers:
        case S.Resync: {
          i = this.takeLine(bytes, i, end);
          break;
        }
        case S.BodyUntilClose: {
          this.handler.onBody(bytes, i, end);
          i = end;
          break;
        }
        default:
          i = end;
      }
    }
  }

  gap(length: number): void {
    switch (this.state) {
      case S.Dead:
        return;
      case S.BodyLength:
        this.handler.onAnomaly(this.gapEvent);
        if (length < this.remaining) {
          this.remaining -= length;
          this.handler.onBodyGap(length);
        } else {
          this.handler.onBodyGap(this.remaining);
          const over = length > this.remaining;
          this.remaining = 0;
          this.finish(true);
          if (over) this.enterResync(false);
        }
        return;
      case S.ChunkData:
        this.handler.onAnomaly(this.gapEvent);
        if (length < this.remaining) {
          this.remaining -= length;
          this.handler.onBodyGap(length);
          return;
        }
        this.finish(true);
        this.enterResync(false);
        return;
      case S.BodyUntilClose:
        this.handler.onAnomaly(this.gapEvent);
        this.handler.onBodyGap(length);
        return;
      case S.Head:
        // No transaction exists before the head is complete, so there is nothing to mark.
        this.enterResync(false);
        return;
      case S.ChunkSize:
      case S.ChunkDataEnd:
      case S.Trailers:
        this.handler.onAnomaly(this.gapEvent);
        this.finish(true);
        this.enterResync(false);
        return;
      default:
        this.enterResync(false);
    }
  }

  /** End of the stream in this direction: finish whatever is in progress. */
  close(): void {
    switch (this.state) {
      case S.Head:
        if (this.head.length > 0) {
          this.handler.onHead(this.head.copy(), this.tsUs);
          this.handler.onComplete(true);
        }
        break;
      case S.BodyUntilClose:
        this.handler.onComplete(false);
        break;
      case S.BodyLength:
      case S.ChunkSize:
      case S.ChunkData:
      case S.ChunkDataEnd:
      case S.Trailers:
        this.handler.onComplete(true);
        break;
      default:
        break;
    }
    if (this.state !== S.Dead) this.state = S.Idle;
  }

  private beginHead(): void {
    this.state = S.Head;
    this.head.reset();
    this.lineStart = 0;
    this.headLines = 0;
    this.tsUs = this.nowUs;
  }

  private enterResync(midLine: boolean): void {
    if (this.state === S.Dead) return;
    this.state = S.Resync;
    this.line.reset();
    this.skipLine = midLine;
    this.resyncs++;
    this.handler.onAnomaly(this.resyncEvent);
  }

  /** A line just completed inside the head accumulator. */
  private headLineComplete(): void {
    const h = this.head.view();
    const lineEnd = h.length;
    let contentEnd = lineEnd - 1;
    if (contentEnd > this.lineStart && h[contentEnd - 1] === CR) contentEnd--;
    const first = this.headLines === 0;
    this.headLines++;
    const lineStart = this.lineStart;
    this.lineStart = lineEnd;
    if (first) {
      if (!this.handler.isStartLine(h, lineStart, contentEnd)) {
        this.enterResync(false);
        return;
      }
      if (this.handler.isHeadless(h, lineStart, contentEnd)) this.headComplete();
      return;
    }
    if (contentEnd === lineStart) this.headComplete();
  }

  private headComplete(): void {
    const framing = this.handler.onHead(this.head.copy(), this.tsUs);
    this.head.release();
    if (framing === Framing.Chunked) {
      this.state = S.ChunkSize;
      this.line.reset();
    } else if (framing === Framing.UntilClose) {
      this.state = S.BodyUntilClose;
    } else if (framing > 0) {
      this.state = S.BodyLength;
      this.remaining = framing;
    } else {
      this.finish(false);
    }
  }

  private finish(truncated: boolean): void {
    this.state = S.Idle;
    this.handler.onComplete(truncated);
  }

  /** Accumulate one line for the line-oriented states; returns the new read position. */
  private takeLine(bytes: Uint8Array, i: number, end: number): number {
    const lf = bytes.indexOf(LF, i);
    const hasLf = lf !== -1 && lf < end;
    const stop = hasLf ? lf + 1 : end;
    if (this.skipLine) {
      if (hasLf) this.skipLine = false;
      return stop;
    }
    if (this.line.length + (stop - i) > MAX_LINE_BYTES) {
      this.line.reset();
      if (this.state !== S.Resync) {
        this.handler.onAnomaly(this.state === S.Trailers ? this.tooLongEvent : this.badChunkEvent);
        this.finish(true);
        this.enterResync(!hasLf);
      } else {
        this.skipLine = !hasLf;
      }
      return stop;
    }
    this.line.append(bytes, i, stop);
    if (!hasLf) return stop;
    const l = this.line.view();
    let contentEnd = l.length - 1;
    if (contentEnd > 0 && l[contentEnd - 1] === CR) contentEnd--;
    switch (this.state) {
      case S.ChunkSize:
        this.chunkSizeLine(l, contentEnd);
        break;
      case S.ChunkDataEnd:
        // The CRLF after chunk data; a missing one is tolerated, as libhtp does.
        if (contentEnd === 0) {
          this.state = S.ChunkSize;
          this.line.reset();
        } else {
          this.state = S.ChunkSize;
          this.chunkSizeLine(l, contentEnd);
        }
        break;
      case S.Trailers:
        if (contentEnd === 0) this.finish(false);
        break;
      case S.Resync:
        if (contentEnd > 0 && this.handler.isStartLine(l, 0, contentEnd)) {
          this.beginHead();
          this.head.append(l, 0, l.length);
          this.line.reset();
          this.headLineComplete();
          return stop;
        }
        break;
      default:
        break;
    }
    this.line.reset();
    return stop;
  }

  private chunkSizeLine(l: Uint8Array, end: number): void {
    let i = 0;
    while (i < end && isSpaceOrTab(l[i]!)) i++;
    let size = 0;
    let digits = 0;
    while (i < end) {
      const v = hexValue(l[i]!);
      if (v < 0) break;
      size = size * 16 + v;
      digits++;
      i++;
    }
    while (i < end && isSpaceOrTab(l[i]!)) i++;
    const validTail = i === end || l[i] === 0x3b; // chunk extensions follow ';'
    if (digits === 0 || !validTail || size > Number.MAX_SAFE_INTEGER) {
      this.handler.onAnomaly(this.badChunkEvent);
      this.line.reset();
      this.finish(true);
      this.enterResync(false);
      return;
    }
    this.line.reset();
    if (size === 0) {
      this.state = S.Trailers;
    } else {
      this.state = S.ChunkData;
      this.remaining = size;
    }
  }
}
