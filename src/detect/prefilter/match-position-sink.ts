/**
 * Reusable store for every occurrence found by a search: entry k says pattern id `ids[k]` ends just
 * before byte offset `ends[k]` (exclusive end, in the coordinates of the searched buffer).
 *
 * Grows by doubling when full, so a long-lived sink stops allocating once it has seen its worst case.
 */
export class MatchPositionSink {
  ids: Int32Array;
  ends: Int32Array;
  count: number;

  constructor(initialCapacity = 64) {
    const size = Math.max(1, initialCapacity);
    this.ids = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.count = 0;
  }

  reset(): void {
    this.count = 0;
  }

  push(id: number, end: number): void {
    if (this.count === this.ids.length) this.grow();
    this.ids[this.count] = id;
    this.ends[this.count] = end;
    this.count++;
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const ids = new Int32Array(size);
    ids.set(this.ids);
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.ids = ids;
    this.ends = ends;
  }
}
