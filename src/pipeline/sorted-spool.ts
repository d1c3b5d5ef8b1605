import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** How a spool orders its records and writes them to a run file (one JSON value per line) and back. */
export interface SpoolCodec<T> {
  /** Temporary directory name prefix, e.g. "mirrorscope-eve-". */
  readonly prefix: string;
  compare(a: T, b: T): number;
  encode(record: T): unknown;
  decode(value: unknown): T;
}

/**
 * Replay outputs in a total order without holding them all: records are collected, and whenever `runRecords` are
 * held they are sorted and written to a temporary file; reading merges the runs. Memory stays at one run however
 * long the capture, where keeping everything grew with the number of records.
 */
export class SortedSpool<T> {
  private held: T[] = [];
  private readonly runs: string[] = [];
  private dir: string | null = null;
  count = 0;

  constructor(
    private readonly codec: SpoolCodec<T>,
    private readonly runRecords: number,
  ) {}

  push(records: readonly T[]): void {
    for (const r of records) this.held.push(r);
    this.count += records.length;
    if (this.held.length >= this.runRecords) this.spill();
  }

  /** Every record, in codec.compare order; the temporary files are removed when the iteration ends. */
  async *sorted(): AsyncGenerator<T> {
    try {
      if (this.runs.length === 0) {
        const all = this.held.sort((a, b) => this.codec.compare(a, b));
        this.held = [];
        yield* all;
        return;
      }
      this.spill();
      yield* this.mergeRuns();
    } finally {
      if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
    }
  }

  private spill(): void {
    if (this.held.length === 0) return;
    const codec = this.codec;
    this.dir ??= mkdtempSync(join(tmpdir(), codec.prefix));
    const path = join(this.dir, `run-${this.runs.length}.jsonl`);
    const lines = this.held.sort((a, b) => codec.compare(a, b)).map((r) => JSON.stringify(codec.encode(r)));
    writeFileSync(path, lines.join('\n') + '\n');
    this.runs.push(path);
    this.held = [];
  }

  /** k-way merge of the sorted run files; the smallest head is found by a scan (a handful of runs per replay). */
  private async *mergeRuns(): AsyncGenerator<T> {
    const codec = this.codec;
    const readers = this.runs.map((p) => createInterface({ input: createReadStream(p), crlfDelay: Infinity })[Symbol.asyncIterator]());
    const next = async (it: AsyncIterator<string>): Promise<T | null> => {
      for (;;) {
        const r = await it.next();
        if (r.done === true) return null;
        if (r.value !== '') return codec.decode(JSON.parse(r.value));
      }
    };
    const heads: (T | null)[] = await Promise.all(readers.map(next));
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h !== null && h !== undefined && (best < 0 || codec.compare(h, heads[best]!) < 0)) best = i;
      }
      if (best < 0) return;
      yield heads[best]!;
      heads[best] = await next(readers[best]!);
    }
  }
}
