import type { MatchPositionSink } from './match-position-sink.js';
import type { MatchSink } from './match-sink.js';
import type { MultiPatternMatcher } from './multi-pattern-matcher.js';
import { ASCII_LOWER } from './ascii-fold.js';
import { PatternSet } from './pattern-set.js';
import { PrefilterError } from './prefilter-error.js';

/**
 * Reference matcher: one `Buffer.indexOf` scan per pattern. Obviously correct rather than fast; it is
 * the oracle for the automaton's tests and the baseline row of the benchmark. Allocates per search.
 */
export class NaiveMatcher implements MultiPatternMatcher {
  private readonly set = new PatternSet();
  private compiled = false;
  private needles: Buffer[] = [];
  private folded = Buffer.alloc(0);

  get patternCount(): number {
    return this.set.patterns.length;
  }

  get maxId(): number {
    return this.set.maxId;
  }

  addPattern(bytes: Uint8Array, nocase: boolean, id: number): void {
    if (this.compiled) throw new PrefilterError('PREFILTER_ALREADY_COMPILED', 'addPattern after compile');
    this.set.add(bytes, nocase, id);
  }

  compile(): void {
    if (this.compiled) throw new PrefilterError('PREFILTER_ALREADY_COMPILED', 'compile called twice');
    this.compiled = true;
    this.needles = this.set.patterns.map((p) => Buffer.from(p.bytes));
  }

  search(buf: Uint8Array, start: number, end: number, out: MatchSink): number {
    out.ensureCapacity(this.set.maxId);
    out.reset();
    this.scan(buf, start, end, (p) => {
      for (const id of this.set.patterns[p]!.ids) out.add(id);
      return false;
    });
    return out.count;
  }

  searchPositions(buf: Uint8Array, start: number, end: number, out: MatchPositionSink): number {
    out.reset();
    this.scan(buf, start, end, (p, matchEnd) => {
      for (const id of this.set.patterns[p]!.ids) out.push(id, matchEnd);
      return true;
    });
    return out.count;
  }

  memoryBytes(): number {
    return this.needles.reduce((sum, n) => sum + n.length, 0);
  }

  /** Calls `hit(pattern, exclusiveEnd)` per occurrence; `hit` returning false stops that pattern. */
  private scan(buf: Uint8Array, start: number, end: number, hit: (p: number, matchEnd: number) => boolean): void {
    if (!this.compiled) throw new PrefilterError('PREFILTER_NOT_COMPILED', 'search before compile');
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= buf.length && start <= end)) {
      throw new PrefilterError('PREFILTER_BAD_WINDOW', `window [${start}, ${end}) outside buffer of ${buf.length}`);
    }
    const raw = Buffer.from(buf.buffer, buf.byteOffset + start, end - start);
    if (this.set.nocaseCount > 0) {
      if (this.folded.length < raw.length) this.folded = Buffer.alloc(raw.length);
      for (let i = 0; i < raw.length; i++) this.folded[i] = ASCII_LOWER[raw[i]!]!;
    }
    const folded = this.folded.subarray(0, raw.length);
    const patterns = this.set.patterns;
    for (let p = 0; p < patterns.length; p++) {
      const hay = patterns[p]!.nocase ? folded : raw;
      const needle = this.needles[p]!;
      for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
        if (!hit(p, start + at + needle.length)) break;
      }
    }
  }
}
