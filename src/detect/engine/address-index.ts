/**
 * Candidate lookup by address for rules the content prefilter cannot narrow down: chiefly IP-reputation rules
 * (`alert ip [list of addresses] any -> $HOME_NET any (...)`), hundreds of which would otherwise run on every
 * packet. Each such rule is indexed on its more selective side (source or destination) when that side names few
 * IPv4 addresses; the index splits the address space into segments and lists the rules covering each one, in the
 * spirit of Suricata's IP-only radix trees. IPv6 packets get every indexed rule (their header check decides).
 */
import type { CandidateSet } from './candidate-set.js';
import type { CompiledSignature } from './compiled-signature.js';
import type { PacketFields } from './inspection-context.js';

/** A side naming at most this many IPv4 addresses is selective enough to index. */
const MAX_INDEXED_ADDRESSES = 1 << 20;

function coverage(v4: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < v4.length; i += 2) n += v4[i + 1]! - v4[i]! + 1;
  return n;
}

class SegmentIndex {
  private readonly bounds: Float64Array;
  private readonly start: Int32Array;
  private readonly ids: Int32Array;

  constructor(entries: ReadonlyArray<{ id: number; v4: Uint32Array }>) {
    const points = new Set<number>();
    for (const e of entries) {
      for (let i = 0; i < e.v4.length; i += 2) {
        points.add(e.v4[i]!);
        points.add(e.v4[i + 1]! + 1);
      }
    }
    const bounds = Float64Array.from(points).sort();
    const lists: number[][] = Array.from({ length: bounds.length }, () => []);
    for (const e of entries) {
      for (let i = 0; i < e.v4.length; i += 2) {
        let k = lowerBound(bounds, e.v4[i]!);
        const end = e.v4[i + 1]! + 1;
        for (; k < bounds.length && bounds[k]! < end; k++) lists[k]!.push(e.id);
      }
    }
    const start = new Int32Array(bounds.length + 1);
    for (let k = 0; k < lists.length; k++) start[k + 1] = start[k]! + lists[k]!.length;
    const ids = new Int32Array(start[lists.length]!);
    lists.forEach((l, k) => ids.set(l, start[k]!));
    this.bounds = bounds;
    this.start = start;
    this.ids = ids;
  }

  collect(ip: number, out: CandidateSet): void {
    // the segment whose start is the last bound <= ip
    const k = lowerBound(this.bounds, ip + 1) - 1;
    if (k < 0) return;
    for (let i = this.start[k]!; i < this.start[k + 1]!; i++) out.add(this.ids[i]!);
  }
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class AddressIndex {
  private readonly bySrc: SegmentIndex;
  private readonly byDst: SegmentIndex;
  /** Every indexed rule: what a non-IPv4 packet gets. */
  readonly all: Int32Array;

  private constructor(src: SegmentIndex, dst: SegmentIndex, all: Int32Array) {
    this.bySrc = src;
    this.byDst = dst;
    this.all = all;
  }

  /** Splits `sigs` into those the index takes and the rest (returned). Null index when it takes none. */
  static build(sigs: readonly CompiledSignature[]): { index: AddressIndex | null; rest: CompiledSignature[] } {
    const src: Array<{ id: number; v4: Uint32Array }> = [];
    const dst: Array<{ id: number; v4: Uint32Array }> = [];
    const rest: CompiledSignature[] = [];
    for (const cs of sigs) {
      const s = cs.sig;
      const sc = s.src.any ? Infinity : coverage(s.src.v4);
      const dc = s.dst.any ? Infinity : coverage(s.dst.v4);
      if (s.bidirectional || Math.min(sc, dc) > MAX_INDEXED_ADDRESSES) {
        rest.push(cs);
        continue;
      }
      if (sc <= dc) src.push({ id: cs.order, v4: s.src.v4 });
      else dst.push({ id: cs.order, v4: s.dst.v4 });
    }
    if (src.length + dst.length === 0) return { index: null, rest };
    const all = Int32Array.from([...src, ...dst].map((e) => e.id)).sort();
    return { index: new AddressIndex(new SegmentIndex(src), new SegmentIndex(dst), all), rest };
  }

  collect(p: PacketFields, out: CandidateSet): void {
    if (p.ipVersion !== 4) {
      out.addAll(this.all, this.all.length);
      return;
    }
    this.bySrc.collect(p.srcV4, out);
    this.byDst.collect(p.dstV4, out);
  }
}
