import { constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { ByteAccumulator } from '../byte-accumulator.js';

/** Suricata's default `request-body-limit` and `response-body-limit` (100 KiB). */
export const DEFAULT_BODY_LIMIT = 100 * 1024;

/** Decompressed output beyond this is treated as a compression bomb (Suricata's default bomb limit is 1 MiB). */
export const DECOMPRESSION_LIMIT = 1024 * 1024;

/**
 * A message body as the detection engine sees it: dechunked bytes up to the configured limit, with flags saying
 * whether more was seen (truncated) or bytes were lost (gap).
 */
export class HttpBody {
  // Taken on first stored byte: with body inspection off (limit 0, the default unless a rule reads bodies) no body
  // ever needs storage, and most transactions would otherwise carry two idle accumulators.
  private data: ByteAccumulator | null = null;
  private readonly limit: number;
  /** Bytes of body seen after dechunking, stored or not. */
  seen = 0;
  truncated = false;
  gap = false;
  private frozen: Uint8Array | null = null;

  constructor(limit: number) {
    this.limit = limit;
  }

  append(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.seen += n;
    const room = this.limit - this.length;
    if (room <= 0) {
      if (n > 0) this.truncated = true;
      return;
    }
    if (n > room) {
      this.truncated = true;
      end = start + room;
    }
    (this.data ??= new ByteAccumulator(0)).append(bytes, start, end);
    this.frozen = null;
  }

  /** Whether another body byte would be stored (below the limit); when not, bytes need only be counted. */
  get storing(): boolean {
    return this.limit - this.length > 0;
  }

  /** `length` more body bytes, unseen: what append does once the body no longer stores (storing is false). */
  countUnstored(length: number): void {
    this.seen += length;
    if (length > 0) this.truncated = true;
  }

  markGap(length: number): void {
    this.seen += length;
    this.gap = true;
  }

  get length(): number {
    return this.data === null ? 0 : this.data.length;
  }

  /** The stored body as an owned array (cached until the next append). */
  bytes(): Uint8Array {
    if (this.frozen === null) this.frozen = this.data === null ? new Uint8Array(0) : this.data.copy();
    return this.frozen;
  }
}

export type ContentCoding = 'gzip' | 'deflate' | 'identity';

export function contentCodingOf(value: string): ContentCoding {
  // Only a single coding is handled; stacked codings ("gzip, br") are left as they are.
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  return 'identity';
}

export interface DecodeResult {
  readonly bytes: Uint8Array;
  readonly failed: boolean;
  readonly bomb: boolean;
}

/**
 * Decompress a stored (possibly truncated) body. Sync flush lets a cut-off stream yield what it has, which is
 * what a streaming decompressor (libhtp's) would have produced by that point. Output is capped at `limit`.
 * zlib reports bad data by throwing; that is caught here so a corrupt body is an event, never an exception.
 */
export function decodeBody(data: Uint8Array, coding: ContentCoding, limit: number): DecodeResult {
  if (coding === 'identity' || data.length === 0) return { bytes: data, failed: false, bomb: false };
  const attempt = (input: Uint8Array): Uint8Array | 'bomb' | null => {
    const opts = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: DECOMPRESSION_LIMIT };
    const tries = coding === 'gzip' ? [gunzipSync] : [inflateSync, inflateRawSync];
    for (const fn of tries) {
      try {
        return new Uint8Array(fn(input, opts));
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'bomb';
      }
    }
    return null;
  };
  const first = attempt(data);
  let out: Uint8Array | null = first === 'bomb' ? null : first;
  const bomb = first === 'bomb';
  if (bomb) {
    // Halve the input until its output fits: a bounded number of tries that yields a usable prefix.
    for (let n = data.length >> 1; n > 0; n >>= 1) {
      const r = attempt(data.subarray(0, n));
      if (r !== 'bomb') {
        out = r;
        break;
      }
    }
  }
  if (out === null) return { bytes: data, failed: !bomb, bomb };
  return { bytes: out.length > limit ? out.subarray(0, limit) : out, failed: false, bomb };
}
