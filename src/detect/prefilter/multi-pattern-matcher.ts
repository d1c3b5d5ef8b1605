import type { MatchPositionSink } from './match-position-sink.js';
import type { MatchSink } from './match-sink.js';

/**
 * The multi-pattern prefilter contract, after Suricata's MpmTableElmt: a build phase
 * (`addPattern` ... `compile`) and a search phase that may run any number of times and writes into
 * a caller-owned, reusable sink.
 *
 * Ids are the caller's pattern ids (non-negative int32), mapped by the caller to signatures. Adding
 * the same bytes with the same `nocase` under several ids stores the pattern once and reports every
 * id; an id given to several patterns is reported once per search.
 */
export interface MultiPatternMatcher {
  addPattern(bytes: Uint8Array, nocase: boolean, id: number): void;

  /** Freezes the pattern set and builds the search structures; `addPattern` throws afterwards. */
  compile(): void;

  /**
   * Resets `out`, then writes each id whose pattern occurs entirely inside `buf[start, end)` exactly
   * once. Returns the number of ids written (`out.count`). Allocates nothing once `out` is sized.
   */
  search(buf: Uint8Array, start: number, end: number, out: MatchSink): number;

  /**
   * Resets `out`, then writes one entry per occurrence per id: the id and the exclusive end offset of
   * that occurrence. For callers that anchor verification at match positions.
   */
  searchPositions(buf: Uint8Array, start: number, end: number, out: MatchPositionSink): number;

  /** Distinct stored patterns (after dedupe of identical bytes + case mode). */
  readonly patternCount: number;

  /** Largest id added, or -1; a `MatchSink` needs capacity `maxId + 1`. */
  readonly maxId: number;

  /** Bytes held by the compiled search structures. */
  memoryBytes(): number;
}
