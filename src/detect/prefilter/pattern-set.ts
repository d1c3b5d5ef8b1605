import { ASCII_LOWER } from './ascii-fold.js';
import { PrefilterError } from './prefilter-error.js';

export interface StoredPattern {
  /** A private copy; already lowercased when `nocase`, so equal keys mean equal matching behaviour. */
  readonly bytes: Uint8Array;
  readonly nocase: boolean;
  /** Caller ids sharing these bytes and case mode, each once, in the order first added. */
  readonly ids: number[];
}

/**
 * Build-time pattern collection shared by the matchers: validates input and merges duplicates so a
 * matcher stores each (bytes, nocase) once however many rules use it.
 */
export class PatternSet {
  readonly patterns: StoredPattern[] = [];
  maxId = -1;
  nocaseCount = 0;
  private readonly index = new Map<string, number>();
  // Sets only for O(1) duplicate checks while building: one popular pattern can carry thousands of ids.
  private readonly idSets: Set<number>[] = [];

  add(bytes: Uint8Array, nocase: boolean, id: number): void {
    if (bytes.length === 0) {
      throw new PrefilterError('PREFILTER_EMPTY_PATTERN', `pattern for id ${id} is empty`);
    }
    if (!Number.isInteger(id) || id < 0 || id > 0x7ffffffe) {
      throw new PrefilterError('PREFILTER_BAD_ID', `pattern id must be an integer in [0, 2^31-2]: ${id}`);
    }
    const copy = Uint8Array.from(bytes);
    if (nocase) for (let i = 0; i < copy.length; i++) copy[i] = ASCII_LOWER[copy[i]!]!;
    // latin1 maps each byte to one code unit, so the key is exact and cheap to build.
    const key = (nocase ? 'i' : 's') + Buffer.from(copy.buffer, copy.byteOffset, copy.length).toString('latin1');
    let index = this.index.get(key);
    if (index === undefined) {
      index = this.patterns.length;
      this.index.set(key, index);
      this.patterns.push({ bytes: copy, nocase, ids: [] });
      this.idSets.push(new Set());
      if (nocase) this.nocaseCount++;
    }
    const idSet = this.idSets[index]!;
    if (!idSet.has(id)) {
      idSet.add(id);
      this.patterns[index]!.ids.push(id);
    }
    if (id > this.maxId) this.maxId = id;
  }
}
