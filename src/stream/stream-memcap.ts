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
}
