/**
 * What the prefilter found in one direction of a TCP stream, so a stream window's look-back is not searched again.
 *
 * A window is `[start, end)` of which `[start, newDataStart)` earlier windows already held. Every pattern occurrence
 * that ends before `newDataStart` lay wholly inside an earlier search region (each region begins `maxLength - 1`
 * bytes before its new data), so searching `[newDataStart - (maxLength - 1), end)` and adding back the ids that
 * earlier searches overlapping the look-back reported gives a superset of a whole-window search: never a missed
 * candidate, at worst a rule evaluated that the window cannot match. Suricata's raw stream inspection likewise
 * searches each byte about once.
 */
export class StreamHitMemory {
  /** Absolute stream offsets where each remembered search region ended, oldest first. */
  private readonly ends: number[] = [];
  private readonly ids: Int32Array[] = [];
  /** Entries held: most streams never have one, and this field saves reaching the arrays. */
  private size = 0;

  constructor(readonly generation: number) {}

  /** Ids from searches whose region reached past `windowStart`; older entries are dropped (streams only grow). */
  replay(windowStart: number, into: { addAll(ids: Int32Array, n: number): void }): void {
    if (this.size === 0) return;
    // shift() rather than splice(): no array of removed entries per call.
    while (this.ends.length > 0 && this.ends[0]! <= windowStart) {
      this.ends.shift();
      this.ids.shift();
    }
    this.size = this.ends.length;
    for (let i = 0; i < this.ids.length; i++) into.addAll(this.ids[i]!, this.ids[i]!.length);
  }

  remember(regionEnd: number, ids: Int32Array, n: number): void {
    this.ends.push(regionEnd);
    this.ids.push(ids.slice(0, n));
    this.size = this.ends.length;
  }
}
