/**
 * The signatures to evaluate for one inspection: ids (internal order numbers) merged from several prefilter
 * searches and "always" lists, each once, then sorted so rules run in Suricata's order. Reused; no allocation
 * per packet.
 */
export class CandidateSet {
  ids: Int32Array;
  count = 0;
  private seen: Uint32Array;
  private epoch = 1;

  constructor(capacity: number) {
    this.ids = new Int32Array(Math.max(1, capacity));
    this.seen = new Uint32Array(Math.max(1, capacity));
  }

  reset(): void {
    this.count = 0;
    if (this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    } else {
      this.epoch++;
    }
  }

  add(id: number): void {
    if (this.seen[id] === this.epoch) return;
    this.seen[id] = this.epoch;
    this.ids[this.count++] = id;
  }

  addAll(ids: Int32Array, n: number): void {
    for (let i = 0; i < n; i++) this.add(ids[i]!);
  }

  /** Ascending; insertion sort for the usual handful, the typed-array sort beyond that. */
  sort(): void {
    const a = this.ids;
    const n = this.count;
    if (n > 48) {
      a.subarray(0, n).sort();
      return;
    }
    for (let i = 1; i < n; i++) {
      const v = a[i]!;
      let j = i - 1;
      while (j >= 0 && a[j]! > v) {
        a[j + 1] = a[j]!;
        j--;
      }
      a[j + 1] = v;
    }
  }
}
