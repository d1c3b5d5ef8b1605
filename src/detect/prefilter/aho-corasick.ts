import { ASCII_LOWER, isAsciiLetter } from './ascii-fold.js';
import type { MatchPositionSink } from './match-position-sink.js';
import type { MatchSink } from './match-sink.js';
import type { MultiPatternMatcher } from './multi-pattern-matcher.js';
import { PatternSet } from './pattern-set.js';
import { PrefilterError } from './prefilter-error.js';

export interface AhoCorasickOptions {
  /**
   * Budget for the dense transition table. States are numbered breadth-first and the shallowest ones
   * that fit get a full row; the rest keep only their trie edges plus a failure link. Traffic spends
   * almost all its time near the root, so a few MiB of rows buy nearly full-DFA speed where a full
   * table for 20k ET patterns would need ~180 MiB. Default 16 MiB.
   */
  readonly maxDenseTableBytes?: number;
}

export interface AhoCorasickStats {
  readonly patterns: number;
  readonly states: number;
  readonly denseStates: number;
  readonly sparseStates: number;
  /** Byte equivalence classes (columns of a dense row), including class 0 for bytes in no pattern. */
  readonly alphabetClasses: number;
  /** Whether input is case-folded (some pattern is nocase). */
  readonly caseFolded: boolean;
  /** Case-sensitive patterns with letters, compared against the raw bytes after a folded hit. */
  readonly verifiedPatterns: number;
  readonly denseTableBytes: number;
  readonly sparseBytes: number;
  readonly outputBytes: number;
  readonly totalBytes: number;
}

const DEFAULT_MAX_DENSE_TABLE_BYTES = 16 * 1024 * 1024;
// Sign bit of an encoded transition: the target state has outputs. One test per byte in the hot loop.
const HAS_OUTPUT = 0x80000000 | 0;
const STATE_MASK = 0x7fffffff;
const IDENTITY: Uint8Array = Uint8Array.from({ length: 256 }, (_, b) => b);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U8 = new Uint8Array(0);
const EMPTY_U16 = new Uint16Array(0);
const EMPTY_U32 = new Uint32Array(0);

/** The first position at or after i (at most last) whose byte pair the root cannot skip. */
function skipAtRoot(skip: Uint8Array, buf: Uint8Array, i: number, last: number): number {
  // The second byte of one pair is the first of the next: carrying it halves the loads.
  let a = buf[i]!;
  while (i < last) {
    const b = buf[i + 1]!;
    if (skip[(a << 8) | b] === 0) break;
    a = b;
    i++;
  }
  return i;
}

/** Patterns at least this long use Wu-Manber shifts at the root (shorter ones rarely allow a useful jump). */
const WM_MIN_LENGTH = 4;
/**
 * Byte pairs are folded into a 4 KiB shift table that stays in L1 (a full 64 KiB one did not, and its lookups were
 * the scan's cost). Pairs that share a slot share the smallest shift: some jumps get shorter, none too long.
 */
const WM_TABLE_BITS = 12;

function wmIndex(a: number, b: number): number {
  return ((a << 4) ^ b ^ (a >>> 4)) & ((1 << WM_TABLE_BITS) - 1);
}

/**
 * From the root at i: the first position at which a pattern may start, or `end` when none can start and still end
 * inside the window (every pattern is at least m long).
 */
function wuManberAtRoot(shift: Uint8Array, buf: Uint8Array, i: number, end: number, m: number): number {
  let j = i + m - 1;
  while (j < end) {
    const s = shift[wmIndex(buf[j - 1]!, buf[j]!)]!;
    if (s === 0) return j - m + 1;
    j += s;
  }
  return end;
}

/**
 * Aho-Corasick over bytes, laid out in typed arrays.
 *
 * Encoding of a state in the transition arrays ("x", 31 bits, plus HAS_OUTPUT):
 * - dense state d (d < denseStates): x = d * classes, its row offset, so a step is one load with no
 *   multiply on the dependency chain;
 * - sparse state s: x = denseLimit + (s - denseStates), found in the CSR edge arrays.
 *
 * Case: when any pattern is nocase, the byte-to-class map folds A-Z onto a-z, so folding costs
 * nothing per byte; case-sensitive patterns containing letters are then confirmed by comparing their
 * raw bytes at the hit. With no nocase pattern nothing is folded and nothing verified. A second
 * automaton for the case-sensitive half would read every byte twice (see bench/prefilter.ts).
 */
export class AhoCorasickMatcher implements MultiPatternMatcher {
  private readonly set = new PatternSet();
  private readonly maxDenseTableBytes: number;
  private compiled = false;

  private classMap: Uint16Array = EMPTY_U16;
  private classes = 1;
  private denseStates = 0;
  private denseLimit = 0;
  /** True when no state is sparse: search can skip the dense/sparse test per byte. */
  private allDense = false;
  private stateCount = 0;
  private table: Int32Array = EMPTY_I32;
  private sparseEdgeStart: Int32Array = EMPTY_I32;
  private sparseEdgeClass: Uint16Array = EMPTY_U16;
  private sparseEdgeTarget: Int32Array = EMPTY_I32;
  private sparseFail: Int32Array = EMPTY_I32;
  private outStart: Int32Array = EMPTY_I32;
  private outPattern: Int32Array = EMPTY_I32;
  private patLength: Int32Array = EMPTY_I32;
  private patVerify: Uint8Array = EMPTY_U8;
  private patBytesStart: Int32Array = EMPTY_I32;
  private patBytes: Uint8Array = EMPTY_U8;
  private patIdStart: Int32Array = EMPTY_I32;
  private patIds: Int32Array = EMPTY_I32;
  // Per-pattern "reported in this search" stamps; lives here because search is synchronous and a
  // matcher is per worker, and it lets a repeated pattern skip its id loop in O(1).
  private patEpoch: Uint32Array = EMPTY_U32;
  // Per-state "every output already reported" stamps: one-byte and other frequent patterns hit the
  // same states hundreds of times per packet, and this makes each repeat one load and compare.
  private stateEpoch: Uint32Array = EMPTY_U32;
  private epoch = 0;
  /**
   * Byte pairs (first << 8 | second) that, read from the root, leave the automaton where reading the second
   * byte alone from the root would: a position starting such a pair cannot begin a match, so the search stays
   * at the root and steps over it. The test per byte has no dependency on the previous state, so runs of
   * uninteresting bytes (most traffic) cost a fraction of a transition. Null when too few pairs qualify.
   */
  private rootSkip: Uint8Array | null = null;
  /**
   * Wu-Manber shifts over byte pairs, used at the root when every pattern has at least WM_MIN_LENGTH bytes: the
   * pair ending at position i + minLength - 1 tells how far the first possible match start lies beyond i. With
   * long patterns most positions are jumped over unread. Null when patterns are short (then rootSkip serves).
   */
  private wmShift: Uint8Array | null = null;
  private minLength = 0;
  private verifiedCount = 0;
  private caseFolded = false;
  private maxLength = 0;

  constructor(options: AhoCorasickOptions = {}) {
    this.maxDenseTableBytes = options.maxDenseTableBytes ?? DEFAULT_MAX_DENSE_TABLE_BYTES;
  }

  get patternCount(): number {
    return this.set.patterns.length;
  }

  get maxId(): number {
    return this.set.maxId;
  }

  /** Length of the longest pattern (0 when empty): a search resumed this many bytes minus one early misses nothing. */
  get maxPatternLength(): number {
    return this.maxLength;
  }

  addPattern(bytes: Uint8Array, nocase: boolean, id: number): void {
    if (this.compiled) throw new PrefilterError('PREFILTER_ALREADY_COMPILED', 'addPattern after compile');
    this.set.add(bytes, nocase, id);
  }

  compile(): void {
    if (this.compiled) throw new PrefilterError('PREFILTER_ALREADY_COMPILED', 'compile called twice');
    this.compiled = true;
    const patterns = this.set.patterns;
    const fold = this.set.nocaseCount > 0 ? ASCII_LOWER : IDENTITY;
    this.caseFolded = fold === ASCII_LOWER;

    // Alphabet compression: every byte no pattern uses behaves alike (back towards the root), so they
    // share class 0; each used (folded) byte gets its own column.
    const used = new Uint8Array(256);
    for (const p of patterns) for (let i = 0; i < p.bytes.length; i++) used[fold[p.bytes[i]!]!] = 1;
    const rank = new Uint16Array(256);
    let classes = 1;
    for (let v = 0; v < 256; v++) if (used[v] === 1) rank[v] = classes++;
    const classMap = new Uint16Array(256);
    for (let b = 0; b < 256; b++) classMap[b] = rank[fold[b]!]!;
    this.classMap = classMap;
    this.classes = classes;

    // Trie. Edges live in one map keyed by state * classes + class; child lists give BFS order.
    const gotoMap = new Map<number, number>();
    const firstChild: number[] = [-1];
    const nextSibling: number[] = [-1];
    const edgeClass: number[] = [0];
    const own: number[][] = [[]];
    for (let pi = 0; pi < patterns.length; pi++) {
      const bytes = patterns[pi]!.bytes;
      let s = 0;
      for (let i = 0; i < bytes.length; i++) {
        const c = classMap[bytes[i]!]!;
        const key = s * classes + c;
        let t = gotoMap.get(key);
        if (t === undefined) {
          t = firstChild.length;
          firstChild.push(-1);
          nextSibling.push(firstChild[s]!);
          firstChild[s] = t;
          edgeClass.push(c);
          own.push([]);
          gotoMap.set(key, t);
        }
        s = t;
      }
      own[s]!.push(pi);
    }
    const n = firstChild.length;
    this.stateCount = n;

    // Breadth-first numbering (new id = position in BFS) and failure links on the old ids.
    const order = new Int32Array(n);
    const newId = new Int32Array(n);
    const fail = new Int32Array(n);
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const s = order[head]!;
      newId[s] = head++;
      for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) {
        const c = edgeClass[t]!;
        let f = s === 0 ? -1 : fail[s]!;
        let target = 0;
        while (f !== -1) {
          const g = gotoMap.get(f * classes + c);
          if (g !== undefined) {
            target = g;
            break;
          }
          f = f === 0 ? -1 : fail[f]!;
        }
        fail[t] = target;
        order[tail++] = t;
      }
    }

    // Outputs, flattened in BFS order: own patterns first, then the (already written) list of the
    // failure state, which holds every shorter pattern that is a suffix.
    const outStart = new Int32Array(n + 1);
    for (let u = 0; u < n; u++) {
      const s = order[u]!;
      const inherited = u === 0 ? 0 : outStart[newId[fail[s]!]! + 1]! - outStart[newId[fail[s]!]!]!;
      outStart[u + 1] = outStart[u]! + own[s]!.length + inherited;
    }
    const outPattern = new Int32Array(outStart[n]!);
    for (let u = 1; u < n; u++) {
      const s = order[u]!;
      let w = outStart[u]!;
      for (const pi of own[s]!) outPattern[w++] = pi;
      const f = newId[fail[s]!]!;
      outPattern.copyWithin(w, outStart[f]!, outStart[f + 1]!);
    }
    this.outStart = outStart;
    this.outPattern = outPattern;

    const rowBytes = classes * 4;
    const denseStates = Math.min(n, Math.max(1, Math.floor(this.maxDenseTableBytes / rowBytes)));
    const denseLimit = denseStates * classes;
    if (denseLimit + (n - denseStates) > STATE_MASK) {
      throw new PrefilterError('PREFILTER_TOO_LARGE', `automaton too large: ${n} states`);
    }
    this.denseStates = denseStates;
    this.denseLimit = denseLimit;
    this.allDense = denseStates === n;
    const encode = (u: number): number =>
      (u < denseStates ? u * classes : denseLimit + u - denseStates) |
      (outStart[u + 1]! > outStart[u]! ? HAS_OUTPUT : 0);

    // Dense rows: a state's row is its failure state's row (already built, it is shallower) with the
    // state's own edges written over it.
    const table = new Int32Array(denseLimit);
    for (let u = 0; u < denseStates; u++) {
      const s = order[u]!;
      const row = u * classes;
      if (u !== 0) {
        const f = newId[fail[s]!]! * classes;
        table.copyWithin(row, f, f + classes);
      }
      for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) table[row + edgeClass[t]!] = encode(newId[t]!);
    }
    this.table = table;

    // Sparse states: CSR edge lists plus the failure state's unflagged encoding.
    const sparseCount = n - denseStates;
    const edgeStart = new Int32Array(sparseCount + 1);
    for (let u = denseStates; u < n; u++) {
      let k = 0;
      for (let t = firstChild[order[u]!]!; t !== -1; t = nextSibling[t]!) k++;
      edgeStart[u - denseStates + 1] = edgeStart[u - denseStates]! + k;
    }
    const sparseEdgeClass = new Uint16Array(edgeStart[sparseCount]!);
    const sparseEdgeTarget = new Int32Array(edgeStart[sparseCount]!);
    const sparseFail = new Int32Array(sparseCount);
    for (let u = denseStates; u < n; u++) {
      const s = order[u]!;
      let w = edgeStart[u - denseStates]!;
      for (let t = firstChild[s]!; t !== -1; t = nextSibling[t]!) {
        sparseEdgeClass[w] = edgeClass[t]!;
        sparseEdgeTarget[w++] = encode(newId[t]!);
      }
      sparseFail[u - denseStates] = encode(newId[fail[s]!]!) & STATE_MASK;
    }
    this.sparseEdgeStart = edgeStart;
    this.sparseEdgeClass = sparseEdgeClass;
    this.sparseEdgeTarget = sparseEdgeTarget;
    this.sparseFail = sparseFail;

    // Per-pattern data for verification and id fan-out.
    const pc = patterns.length;
    const patLength = new Int32Array(pc);
    const patVerify = new Uint8Array(pc);
    const patBytesStart = new Int32Array(pc + 1);
    const patIdStart = new Int32Array(pc + 1);
    for (let pi = 0; pi < pc; pi++) {
      const p = patterns[pi]!;
      patLength[pi] = p.bytes.length;
      if (p.bytes.length > this.maxLength) this.maxLength = p.bytes.length;
      if (this.caseFolded && !p.nocase && p.bytes.some(isAsciiLetter)) {
        patVerify[pi] = 1;
        this.verifiedCount++;
      }
      patBytesStart[pi + 1] = patBytesStart[pi]! + (patVerify[pi] === 1 ? p.bytes.length : 0);
      patIdStart[pi + 1] = patIdStart[pi]! + p.ids.length;
    }
    const patBytes = new Uint8Array(patBytesStart[pc]!);
    const patIds = new Int32Array(patIdStart[pc]!);
    for (let pi = 0; pi < pc; pi++) {
      const p = patterns[pi]!;
      if (patVerify[pi] === 1) patBytes.set(p.bytes, patBytesStart[pi]!);
      patIds.set(p.ids, patIdStart[pi]!);
    }
    this.patLength = patLength;
    this.patVerify = patVerify;
    this.patBytesStart = patBytesStart;
    this.patBytes = patBytes;
    this.patIdStart = patIdStart;
    this.patIds = patIds;
    this.patEpoch = new Uint32Array(pc);
    this.stateEpoch = new Uint32Array(n);
    this.minLength = pc === 0 ? 0 : Math.min(...Array.from(patLength));
    this.wmShift = this.minLength >= WM_MIN_LENGTH ? this.buildWmShift() : null;
    this.rootSkip = this.wmShift === null ? this.buildRootSkip() : null;
  }

  private buildWmShift(): Uint8Array {
    const m = Math.min(this.minLength, 256);
    const shift = new Uint8Array(1 << WM_TABLE_BITS).fill(m - 1);
    // The raw bytes that behave like each pattern byte (both cases when the automaton folds).
    const variants = (b: number): number[] => (this.caseFolded && isAsciiLetter(b) ? [b | 0x20, b & ~0x20] : [b]);
    for (const p of this.set.patterns) {
      for (let j = 1; j < m; j++) {
        const d = m - 1 - j;
        for (const a of variants(p.bytes[j - 1]!)) {
          for (const b of variants(p.bytes[j]!)) {
            const k = wmIndex(a, b);
            if (shift[k]! > d) shift[k] = d;
          }
        }
      }
    }
    return shift;
  }

  private buildRootSkip(): Uint8Array | null {
    const skip = new Uint8Array(65536);
    const classMap = this.classMap;
    let skippable = 0;
    for (let a = 0; a < 256; a++) {
      const s1 = this.step(0, classMap[a]!);
      // A pattern ends at the first byte, or the first byte may start one: the position is not skippable for any second byte.
      if (s1 < 0) continue;
      for (let b = 0; b < 256; b++) {
        const c = classMap[b]!;
        if ((this.step(s1 & STATE_MASK, c) & STATE_MASK) === (this.step(0, c) & STATE_MASK)) {
          skip[(a << 8) | b] = 1;
          skippable++;
        }
      }
    }
    // With few skippable pairs the extra test per byte costs more than it saves.
    return skippable >= 32768 ? skip : null;
  }

  /** One transition from encoded state x (no flag) on class c. */
  private step(x: number, c: number): number {
    return x < this.denseLimit ? this.table[x + c]! : this.sparseStep(x, c);
  }

  search(buf: Uint8Array, start: number, end: number, out: MatchSink): number {
    this.checkWindow(buf, start, end);
    out.ensureCapacity(this.set.maxId);
    out.reset();
    const epoch = this.nextEpoch();
    const classMap = this.classMap;
    const table = this.table;
    const denseLimit = this.denseLimit;
    const skip = this.rootSkip;
    let v = 0;
    const wm = this.wmShift;
    if (wm !== null) {
      const m = this.minLength;
      for (let i = start; i < end; i++) {
        if (v === 0) {
          i = wuManberAtRoot(wm, buf, i, end, m);
          if (i >= end) break;
        }
        const c = classMap[buf[i]!]!;
        const x = v & STATE_MASK;
        v = x < denseLimit ? table[x + c]! : this.sparseStep(x, c);
        if (v < 0) this.reportDistinct(v & STATE_MASK, buf, i, out, epoch);
      }
      return out.count;
    }
    if (this.allDense && skip !== null) {
      // The usual case for a rule group's automaton: every state has a full row, and the root skips.
      const last = end - 1;
      for (let i = start; i < end; i++) {
        if (v === 0) i = skipAtRoot(skip, buf, i, last);
        v = table[(v & STATE_MASK) + classMap[buf[i]!]!]!;
        if (v < 0) this.reportDistinct(v & STATE_MASK, buf, i, out, epoch);
      }
      return out.count;
    }
    if (this.allDense) {
      for (let i = start; i < end; i++) {
        v = table[(v & STATE_MASK) + classMap[buf[i]!]!]!;
        if (v < 0) this.reportDistinct(v & STATE_MASK, buf, i, out, epoch);
      }
      return out.count;
    }
    const last = end - 1;
    for (let i = start; i < end; i++) {
      if (v === 0 && skip !== null) i = skipAtRoot(skip, buf, i, last);
      const c = classMap[buf[i]!]!;
      const x = v & STATE_MASK;
      v = x < denseLimit ? table[x + c]! : this.sparseStep(x, c);
      if (v < 0) this.reportDistinct(v & STATE_MASK, buf, i, out, epoch);
    }
    return out.count;
  }

  searchPositions(buf: Uint8Array, start: number, end: number, out: MatchPositionSink): number {
    this.checkWindow(buf, start, end);
    out.reset();
    const classMap = this.classMap;
    const table = this.table;
    const denseLimit = this.denseLimit;
    const skip = this.rootSkip;
    const wm = this.wmShift;
    const last = end - 1;
    let v = 0;
    for (let i = start; i < end; i++) {
      if (v === 0 && wm !== null) {
        i = wuManberAtRoot(wm, buf, i, end, this.minLength);
        if (i >= end) break;
      }
      if (v === 0 && skip !== null) i = skipAtRoot(skip, buf, i, last);
      const c = classMap[buf[i]!]!;
      const x = v & STATE_MASK;
      v = x < denseLimit ? table[x + c]! : this.sparseStep(x, c);
      if (v < 0) this.reportAll(v & STATE_MASK, buf, i, out);
    }
    return out.count;
  }

  memoryBytes(): number {
    return this.stats().totalBytes;
  }

  stats(): AhoCorasickStats {
    const denseTableBytes =
      this.table.byteLength + this.classMap.byteLength + (this.rootSkip?.byteLength ?? 0) + (this.wmShift?.byteLength ?? 0);
    const sparseBytes =
      this.sparseEdgeStart.byteLength +
      this.sparseEdgeClass.byteLength +
      this.sparseEdgeTarget.byteLength +
      this.sparseFail.byteLength;
    const outputBytes =
      this.outStart.byteLength +
      this.outPattern.byteLength +
      this.patLength.byteLength +
      this.patVerify.byteLength +
      this.patBytesStart.byteLength +
      this.patBytes.byteLength +
      this.patIdStart.byteLength +
      this.patIds.byteLength +
      this.patEpoch.byteLength +
      this.stateEpoch.byteLength;
    return {
      patterns: this.set.patterns.length,
      states: this.stateCount,
      denseStates: this.denseStates,
      sparseStates: this.stateCount - this.denseStates,
      alphabetClasses: this.classes,
      caseFolded: this.caseFolded,
      verifiedPatterns: this.verifiedCount,
      denseTableBytes,
      sparseBytes,
      outputBytes,
      totalBytes: denseTableBytes + sparseBytes + outputBytes,
    };
  }

  /**
   * Transition from a sparse state: its own edges, else down the failure chain. Each failure step
   * loses depth that a byte earlier gained, so the amortised cost stays O(1) per byte.
   */
  private sparseStep(x: number, c: number): number {
    const edgeStart = this.sparseEdgeStart;
    const edgeClass = this.sparseEdgeClass;
    const denseLimit = this.denseLimit;
    for (;;) {
      const s = x - denseLimit;
      const e1 = edgeStart[s + 1]!;
      for (let e = edgeStart[s]!; e < e1; e++) if (edgeClass[e] === c) return this.sparseEdgeTarget[e]!;
      x = this.sparseFail[s]!;
      if (x < denseLimit) return this.table[x + c]!;
    }
  }

  private stateOf(x: number): number {
    return x < this.denseLimit ? (x / this.classes) | 0 : this.denseStates + x - this.denseLimit;
  }

  private reportDistinct(x: number, buf: Uint8Array, last: number, out: MatchSink, epoch: number): void {
    const state = this.stateOf(x);
    if (this.stateEpoch[state] === epoch) return;
    let complete = true;
    const o1 = this.outStart[state + 1]!;
    for (let o = this.outStart[state]!; o < o1; o++) {
      const p = this.outPattern[o]!;
      if (this.patEpoch[p] === epoch) continue;
      if (this.patVerify[p] === 1 && !this.verify(p, buf, last)) {
        complete = false;
        continue;
      }
      this.patEpoch[p] = epoch;
      const i1 = this.patIdStart[p + 1]!;
      for (let i = this.patIdStart[p]!; i < i1; i++) out.add(this.patIds[i]!);
    }
    if (complete) this.stateEpoch[state] = epoch;
  }

  private reportAll(x: number, buf: Uint8Array, last: number, out: MatchPositionSink): void {
    const state = this.stateOf(x);
    const o1 = this.outStart[state + 1]!;
    for (let o = this.outStart[state]!; o < o1; o++) {
      const p = this.outPattern[o]!;
      if (this.patVerify[p] === 1 && !this.verify(p, buf, last)) continue;
      const i1 = this.patIdStart[p + 1]!;
      for (let i = this.patIdStart[p]!; i < i1; i++) out.push(this.patIds[i]!, last + 1);
    }
  }

  /** Raw-byte comparison of a case-sensitive pattern ending at `last` (inclusive). */
  private verify(p: number, buf: Uint8Array, last: number): boolean {
    const len = this.patLength[p]!;
    const bytes = this.patBytes;
    const b0 = this.patBytesStart[p]!;
    const at = last - len + 1;
    for (let k = 0; k < len; k++) if (buf[at + k] !== bytes[b0 + k]) return false;
    return true;
  }

  private nextEpoch(): number {
    if (this.epoch === 0xffffffff) {
      this.patEpoch.fill(0);
      this.stateEpoch.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  private checkWindow(buf: Uint8Array, start: number, end: number): void {
    if (!this.compiled) throw new PrefilterError('PREFILTER_NOT_COMPILED', 'search before compile');
    // `| 0` rejects fractions and NaN, which would otherwise read undefined bytes silently.
    if (!((start | 0) === start && (end | 0) === end && start >= 0 && end <= buf.length && start <= end)) {
      throw new PrefilterError('PREFILTER_BAD_WINDOW', `window [${start}, ${end}) outside buffer of ${buf.length}`);
    }
  }
}
