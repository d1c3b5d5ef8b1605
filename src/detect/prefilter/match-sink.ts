import { PrefilterError } from './prefilter-error.js';

/**
 * Reusable store for the distinct candidate ids of one search.
 *
 * `seen` holds, per id, the epoch in which it was last added; bumping the epoch forgets every id at
 * once, so clearing costs O(1) instead of O(ids), and nothing is allocated per search.
 */
export class MatchSink {
  /** Distinct ids in the order first found; valid entries are `ids[0 .. count)`. */
  ids: Int32Array;
  count: number;
  private seen: Uint32Array;
  private epoch: number;

  constructor(idCapacity = 0) {
    this.ids = new Int32Array(idCapacity);
    this.seen = new Uint32Array(idCapacity);
    this.count = 0;
    this.epoch = 1;
  }

  /** Number of distinct ids this sink can hold (ids must be < capacity). */
  get capacity(): number {
    return this.seen.length;
  }

  /** Grows (once, allocating) so that ids up to `maxId` fit; matchers call it before searching. */
  ensureCapacity(maxId: number): void {
    if (maxId < this.seen.length) return;
    if (!Number.isInteger(maxId) || maxId < 0 || maxId > 0x7fffffff) {
      throw new PrefilterError('PREFILTER_BAD_ID', `id capacity out of range: ${maxId}`);
    }
    const size = maxId + 1;
    const ids = new Int32Array(size);
    ids.set(this.ids.subarray(0, this.count));
    const seen = new Uint32Array(size);
    seen.set(this.seen);
    this.ids = ids;
    this.seen = seen;
  }

  reset(): void {
    this.count = 0;
    if (this.epoch === 0xffffffff) {
      // Wrapping would make stale stamps look current; a full clear every 2^32 searches is free enough.
      this.seen.fill(0);
      this.epoch = 1;
    } else {
      this.epoch++;
    }
  }

  /** Adds `id` unless already present in this search; returns whether it was new. */
  add(id: number): boolean {
    if (this.seen[id] === this.epoch) return false;
    this.seen[id] = this.epoch;
    this.ids[this.count++] = id;
    return true;
  }

  has(id: number): boolean {
    return id < this.seen.length && this.seen[id] === this.epoch;
  }
}
