/**
 * Global byte budget shared by every stream buffer (Suricata's stream.reassembly.memcap idea).
 * Only buffer storage is accounted: the cost of a stream object itself is the flow table's concern.
 */
export class StreamMemcap {
  used = 0;
  peak = 0;
  /** Reservations refused because they would have crossed the limit. */
  refused = 0;

  constructor(public limit: number = 64 * 1024 * 1024) {}

  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) {
      this.refused++;
      return false;
    }
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
    return true;
  }

  release(bytes: number): void {
    this.used -= bytes;
    if (this.used < 0) this.used = 0;
  }

  /**
   * Recycled storage for the common sizes. A mirror target opens streams all the time; allocating and zeroing a
   * fresh 4-16 KiB buffer for each, and letting the GC collect it, cost more than the reassembly itself. Pooled
   * buffers count as free against the memcap, and the pool itself is bounded.
   */
  private readonly pools: Uint8Array[][] = [[], [], [], []];

  /**
   * A buffer of exactly `size` bytes: from the pool when one is free. A pooled buffer is NOT zeroed: it still holds
   * an earlier stream's bytes. Streams never read a byte they did not write (windows and overlap comparisons cover
   * only stored data), so clearing it cost a full-buffer write per new stream for nothing.
   */
  takeBuffer(size: number): Uint8Array {
    const slot = poolSlot(size);
    if (slot >= 0) {
      const b = this.pools[slot]!.pop();
      if (b !== undefined) return b;
    }
    return new Uint8Array(size);
  }

  /** Hand back storage no stream uses any more. */
  giveBuffer(buf: Uint8Array): void {
    const slot = poolSlot(buf.length);
    if (slot < 0) return;
    const pool = this.pools[slot]!;
    if (pool.length < POOL_MAX_BUFFERS) pool.push(buf);
  }
}

/** Pooled sizes: 4, 8, 16 and 32 KiB (what a drained stream holds: look-back plus a few segments). */
const POOL_MIN_SHIFT = 12;
const POOL_MAX_BUFFERS = 2048;

function poolSlot(size: number): number {
  const shift = 31 - Math.clz32(size);
  if (size !== 1 << shift) return -1;
  const slot = shift - POOL_MIN_SHIFT;
  return slot >= 0 && slot < 4 ? slot : -1;
}
