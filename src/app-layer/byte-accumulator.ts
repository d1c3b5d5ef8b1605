const NO_STORAGE = new Uint8Array(0);
/** Released storage up to this size is kept for the next accumulator on this thread (module state is per thread). */
const POOLED_MAX_BYTES = 4096;
const POOL_LIMIT = 64;
const SMALL_COPY = 64;
const pool: Uint8Array[] = [];

/**
 * A growable byte buffer for data that spans stream chunks (a header block, a TLS record, a DNS-over-TCP message).
 * It grows by doubling and is reused after `reset`, so a long-lived flow allocates only when a bigger unit arrives.
 */
export class ByteAccumulator {
  // Storage is taken on first use: most flows never need most of their parsers' accumulators, and every typed
  // array is a backing store the garbage collector must track.
  private buf: Uint8Array = NO_STORAGE;
  private len = 0;

  constructor(private readonly initialCapacity = 256) {}

  get length(): number {
    return this.len;
  }

  append(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    this.ensure(this.len + n);
    if (n <= SMALL_COPY) {
      // Header lines and record headers are short: a loop beats allocating a subarray view for set().
      const buf = this.buf;
      let w = this.len;
      for (let i = start; i < end; i++) buf[w++] = bytes[i]!;
    } else {
      this.buf.set(bytes.subarray(start, end), this.len);
    }
    this.len += n;
  }

  pushByte(b: number): void {
    this.ensure(this.len + 1);
    this.buf[this.len++] = b;
  }

  /** A view valid until the next append or reset. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /**
   * The backing array itself, for reading bytes [0, length) without creating a view per look (a parser checking
   * each completed line). Bytes beyond `length` are stale; valid until the next append, reset or release.
   */
  storage(): Uint8Array {
    return this.buf;
  }

  /** A copy that outlives this accumulator, for data handed to transactions. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  at(i: number): number {
    return this.buf[i]!;
  }

  /** Drop the first n bytes, keeping the rest (a record or message was consumed). */
  consume(n: number): void {
    if (n >= this.len) {
      this.len = 0;
      return;
    }
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
  }

  reset(): void {
    this.len = 0;
  }

  /**
   * Empties the accumulator and gives its storage back for reuse: for units that are copied out once complete (a
   * message head), so thousands of idle flows do not each hold a buffer. Views handed out earlier become invalid.
   */
  release(): void {
    this.len = 0;
    const b = this.buf;
    if (b === NO_STORAGE) return;
    this.buf = NO_STORAGE;
    if (b.length <= POOLED_MAX_BYTES && pool.length < POOL_LIMIT) pool.push(b);
  }

  private ensure(needed: number): void {
    if (needed <= this.buf.length) return;
    let cap = Math.max(this.buf.length * 2, this.initialCapacity, 64);
    while (cap < needed) cap *= 2;
    const pooled = this.buf === NO_STORAGE && pool.length > 0 && pool[pool.length - 1]!.length >= cap ? pool.pop()! : null;
    const next = pooled ?? new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
