import type { FlowDirection } from '../../flow/flow-direction.js';
import { ByteAccumulator } from '../byte-accumulator.js';
import { hexValue, isSpaceOrTab } from '../bytes.js';
import { HttpEvent } from './http-events.js';
import { copyOwned } from './owned-bytes.js';

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

/**
 * What a reader reports to, one call per framing step. The parser implements it once for both directions (the
 * direction says which side is speaking), so a flow's parser costs no handler objects or closures of its own.
 */
export interface HttpMessageHandler {
  /** Is this line a plausible start line? Used to reject garbage and to find the next message after a gap. */
  isStartLine(direction: FlowDirection, line: Uint8Array, start: number, end: number): boolean;
  /** HTTP/0.9 request: the start line alone is the whole head. */
  isHeadless(direction: FlowDirection, line: Uint8Array, start: number, end: number): boolean;
  /** The head is complete (owned copy). Returns the body framing: a length, `Framing.Chunked` or `UntilClose`. */
  onHead(direction: FlowDirection, head: Uint8Array, timestampUs: number): number;
  onBody(direction: FlowDirection, bytes: Uint8Array, start: number, end: number): void;
  /** Whether body bytes of the current message are kept (stored, not only counted). */
  bodyStored(direction: FlowDirection): boolean;
  /** Body bytes passed on without being read, when bodyStored said false: onBody without the bytes. */
  onBodyUnread(direction: FlowDirection, length: number): void;
  onBodyGap(direction: FlowDirection, length: number): void;
  /** The message ended; `truncated` when a gap, a parse failure or the end of the flow cut it short. */
  onComplete(direction: FlowDirection, truncated: boolean): void;
  onAnomaly(direction: FlowDirection, name: string): void;
}

/** Anomaly names by direction (requests are read to the server). */
const TOO_LONG_EVENT: readonly string[] = [HttpEvent.RequestFieldTooLong, HttpEvent.ResponseFieldTooLong];
const BAD_CHUNK_EVENT: readonly string[] = [HttpEvent.InvalidRequestChunkLen, HttpEvent.InvalidResponseChunkLen];

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
 *
 * Lines are read in place from the caller's bytes when they are whole there (the usual case: a head arrives in
 * one segment); only a head or line cut by a chunk boundary is gathered in the accumulator, which is created the
 * first time that happens. The head handed over is then one copy, whichever way it was read.
 */
export class HttpMessageReader {
  private state: S = S.Idle;
  /** The head so far (in the Head state) or the current line (line states), when cut by a chunk boundary. */
  private acc: ByteAccumulator | null = null;
  /** Where the current head line starts in the accumulator. */
  private lineStart = 0;
  private headLines = 0;
  private remaining = 0;
  private skipLine = false;
  private tsUs = 0;
  private nowUs = 0;
  private readonly handler: HttpMessageHandler;
  private readonly direction: FlowDirection;
  resyncs = 0;

  constructor(handler: HttpMessageHandler, direction: FlowDirection) {
    this.handler = handler;
    this.direction = direction;
  }

  /** Back to a fresh direction, for a parser reused by another flow; held storage goes back to the pool. */
  reset(): void {
    this.state = S.Idle;
    this.acc?.release();
    this.lineStart = 0;
    this.headLines = 0;
    this.remaining = 0;
    this.skipLine = false;
    this.tsUs = 0;
    this.nowUs = 0;
    this.resyncs = 0;
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
        case S.Head:
          i = this.heldLength() === 0 ? this.headInPlace(bytes, i, end) : this.headHeld(bytes, i, end);
          break;
        case S.BodyLength: {
          const n = Math.min(this.remaining, end - i);
          this.handler.onBody(this.direction, bytes, i, i + n);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finish(false);
          break;
        }
        case S.ChunkData: {
          const n = Math.min(this.remaining, end - i);
          this.handler.onBody(this.direction, bytes, i, i + n);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = S.ChunkDataEnd;
            this.acc?.reset();
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
          this.handler.onBody(this.direction, bytes, i, end);
          i = end;
          break;
        }
        default:
          i = end;
      }
    }
  }

  /**
   * Body bytes ahead that need not be read: in a body of known length, or a chunk's data, whose bytes are not kept,
   * all but the last byte (which ends the body or the chunk, so it goes through feed at the packet that carries it).
   * 0 otherwise.
   */
  get unreadBodyAhead(): number {
    const s = this.state;
    return (s === S.BodyLength || s === S.ChunkData) && !this.handler.bodyStored(this.direction) ? this.remaining - 1 : 0;
  }

  /** Passes over `length` body bytes without reading them; at most unreadBodyAhead. */
  skipBody(length: number): void {
    if ((this.state !== S.BodyLength && this.state !== S.ChunkData) || length >= this.remaining) return;
    this.handler.onBodyUnread(this.direction, length);
    this.remaining -= length;
  }

  gap(length: number): void {
    const h = this.handler;
    const dir = this.direction;
    switch (this.state) {
      case S.Dead:
        return;
      case S.BodyLength:
        h.onAnomaly(dir, HttpEvent.Gap);
        if (length < this.remaining) {
          this.remaining -= length;
          h.onBodyGap(dir, length);
        } else {
          h.onBodyGap(dir, this.remaining);
          const over = length > this.remaining;
          this.remaining = 0;
          this.finish(true);
          if (over) this.enterResync(false);
        }
        return;
      case S.ChunkData:
        h.onAnomaly(dir, HttpEvent.Gap);
        if (length < this.remaining) {
          this.remaining -= length;
          h.onBodyGap(dir, length);
          return;
        }
        this.finish(true);
        this.enterResync(false);
        return;
      case S.BodyUntilClose:
        h.onAnomaly(dir, HttpEvent.Gap);
        h.onBodyGap(dir, length);
        return;
      case S.Head:
        // No transaction exists before the head is complete, so there is nothing to mark.
        this.enterResync(false);
        return;
      case S.ChunkSize:
      case S.ChunkDataEnd:
      case S.Trailers:
        h.onAnomaly(dir, HttpEvent.Gap);
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
        // A head cut short is always held: reading in place stops only at a complete head or a chunk's end.
        if (this.heldLength() > 0) {
          this.handler.onHead(this.direction, copyOwned(this.acc!.storage(), 0, this.acc!.length), this.tsUs);
          this.handler.onComplete(this.direction, true);
        }
        break;
      case S.BodyUntilClose:
        this.handler.onComplete(this.direction, false);
        break;
      case S.BodyLength:
      case S.ChunkSize:
      case S.ChunkData:
      case S.ChunkDataEnd:
      case S.Trailers:
        this.handler.onComplete(this.direction, true);
        break;
      default:
        break;
    }
    if (this.state !== S.Dead) this.state = S.Idle;
  }

  private heldLength(): number {
    return this.acc === null ? 0 : this.acc.length;
  }

  private held(): ByteAccumulator {
    return (this.acc ??= new ByteAccumulator(512));
  }

  private beginHead(): void {
    this.state = S.Head;
    this.acc?.reset();
    this.lineStart = 0;
    this.headLines = 0;
    this.tsUs = this.nowUs;
  }

  private enterResync(midLine: boolean): void {
    if (this.state === S.Dead) return;
    this.state = S.Resync;
    this.acc?.reset();
    this.skipLine = midLine;
    this.resyncs++;
    this.handler.onAnomaly(this.direction, HttpEvent.Resync);
  }

  /**
   * A head starting at bytes[i] with nothing held: its lines are checked where they are, and a complete head is
   * copied out once. If the chunk ends first, what it has of the head is held and reading continues in headHeld.
   */
  private headInPlace(bytes: Uint8Array, i: number, end: number): number {
    const headStart = i;
    let lineStart = i;
    let lines = 0;
    for (;;) {
      const lf = bytes.indexOf(LF, i);
      const hasLf = lf !== -1 && lf < end;
      const stop = hasLf ? lf + 1 : end;
      if (stop - headStart > MAX_HEAD_BYTES) {
        this.handler.onAnomaly(this.direction, TOO_LONG_EVENT[this.direction]!);
        this.enterResync(!hasLf);
        return stop;
      }
      if (!hasLf) {
        this.held().append(bytes, headStart, end);
        this.lineStart = lineStart - headStart;
        this.headLines = lines;
        return end;
      }
      let contentEnd = lf;
      if (contentEnd > lineStart && bytes[contentEnd - 1] === CR) contentEnd--;
      const first = lines === 0;
      lines++;
      const ls = lineStart;
      lineStart = stop;
      i = stop;
      if (first) {
        if (!this.handler.isStartLine(this.direction, bytes, ls, contentEnd)) {
          this.enterResync(false);
          return stop;
        }
        if (this.handler.isHeadless(this.direction, bytes, ls, contentEnd)) {
          this.headComplete(copyOwned(bytes, headStart, stop));
          return stop;
        }
      } else if (contentEnd === ls) {
        this.headComplete(copyOwned(bytes, headStart, stop));
        return stop;
      }
    }
  }

  /** One more line (or part of one) of a head that is being held across chunks. */
  private headHeld(bytes: Uint8Array, i: number, end: number): number {
    const acc = this.held();
    const lf = bytes.indexOf(LF, i);
    const hasLf = lf !== -1 && lf < end;
    const stop = hasLf ? lf + 1 : end;
    if (acc.length + (stop - i) > MAX_HEAD_BYTES) {
      this.handler.onAnomaly(this.direction, TOO_LONG_EVENT[this.direction]!);
      this.enterResync(!hasLf);
      return stop;
    }
    acc.append(bytes, i, stop);
    if (hasLf) this.heldHeadLineComplete();
    return stop;
  }

  /** A line just completed inside the held head. */
  private heldHeadLineComplete(): void {
    const acc = this.held();
    const h = acc.storage();
    const lineEnd = acc.length;
    let contentEnd = lineEnd - 1;
    if (contentEnd > this.lineStart && h[contentEnd - 1] === CR) contentEnd--;
    const first = this.headLines === 0;
    this.headLines++;
    const lineStart = this.lineStart;
    this.lineStart = lineEnd;
    if (first) {
      if (!this.handler.isStartLine(this.direction, h, lineStart, contentEnd)) {
        this.enterResync(false);
        return;
      }
      if (this.handler.isHeadless(this.direction, h, lineStart, contentEnd)) this.headComplete(copyOwned(h, 0, lineEnd));
      return;
    }
    if (contentEnd === lineStart) this.headComplete(copyOwned(h, 0, lineEnd));
  }

  private headComplete(head: Uint8Array): void {
    const framing = this.handler.onHead(this.direction, head, this.tsUs);
    // Idle flows should not each keep a head-sized buffer: the storage goes back to the pool.
    this.acc?.release();
    if (framing === Framing.Chunked) {
      this.state = S.ChunkSize;
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
    this.handler.onComplete(this.direction, truncated);
  }

  /** One line for the line-oriented states, in place when whole in this chunk; returns the new read position. */
  private takeLine(bytes: Uint8Array, i: number, end: number): number {
    const lf = bytes.indexOf(LF, i);
    const hasLf = lf !== -1 && lf < end;
    const stop = hasLf ? lf + 1 : end;
    if (this.skipLine) {
      if (hasLf) this.skipLine = false;
      return stop;
    }
    const held = this.heldLength();
    if (held + (stop - i) > MAX_LINE_BYTES) {
      this.acc?.reset();
      if (this.state !== S.Resync) {
        const event = this.state === S.Trailers ? TOO_LONG_EVENT[this.direction]! : BAD_CHUNK_EVENT[this.direction]!;
        this.handler.onAnomaly(this.direction, event);
        this.finish(true);
        this.enterResync(!hasLf);
      } else {
        this.skipLine = !hasLf;
      }
      return stop;
    }
    if (held === 0 && hasLf) {
      let contentEnd = lf;
      if (contentEnd > i && bytes[contentEnd - 1] === CR) contentEnd--;
      if (this.state === S.Resync && contentEnd > i && this.handler.isStartLine(this.direction, bytes, i, contentEnd)) {
        // The head is read again from its first line, in place.
        this.beginHead();
        return i;
      }
      this.lineComplete(bytes, i, contentEnd);
      return stop;
    }
    const acc = this.held();
    acc.append(bytes, i, stop);
    if (!hasLf) return stop;
    const l = acc.storage();
    let contentEnd = acc.length - 1;
    if (contentEnd > 0 && l[contentEnd - 1] === CR) contentEnd--;
    if (this.state === S.Resync && contentEnd > 0 && this.handler.isStartLine(this.direction, l, 0, contentEnd)) {
      // The held line becomes the first line of the head.
      this.state = S.Head;
      this.lineStart = 0;
      this.headLines = 0;
      this.tsUs = this.nowUs;
      this.heldHeadLineComplete();
      return stop;
    }
    this.lineComplete(l, 0, contentEnd);
    return stop;
  }

  /** A complete line l[start..contentEnd) (CRLF excluded) in a line-oriented state other than a resync start. */
  private lineComplete(l: Uint8Array, start: number, contentEnd: number): void {
    switch (this.state) {
      case S.ChunkSize:
        this.chunkSizeLine(l, start, contentEnd);
        break;
      case S.ChunkDataEnd:
        // The CRLF after chunk data; a missing one is tolerated, as libhtp does.
        this.state = S.ChunkSize;
        if (contentEnd !== start) this.chunkSizeLine(l, start, contentEnd);
        break;
      case S.Trailers:
        if (contentEnd === start) this.finish(false);
        break;
      default:
        break;
    }
    this.acc?.reset();
  }

  private chunkSizeLine(l: Uint8Array, start: number, end: number): void {
    let i = start;
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
      this.handler.onAnomaly(this.direction, BAD_CHUNK_EVENT[this.direction]!);
      this.acc?.reset();
      this.finish(true);
      this.enterResync(false);
      return;
    }
    this.acc?.reset();
    if (size === 0) {
      this.state = S.Trailers;
    } else {
      this.state = S.ChunkData;
      this.remaining = size;
    }
  }
}
