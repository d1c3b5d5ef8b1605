import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { compareEveRecords, type EveRecord } from './detection-stage.js';

/** Records kept in memory before a sorted run goes to disk (about 100 MB of EVE at Suricata's line sizes). */
const DEFAULT_RUN_RECORDS = 150_000;

/**
 * Replay's EVE records in output order without holding them all: records arrive roughly in time order but not
 * exactly (flow ends and completed transactions carry earlier times), so they are collected, and whenever a run's
 * worth is held it is sorted and written to a temporary file; reading merges the runs. Memory stays at one run
 * however long the capture, where keeping everything grew with the number of events.
 */
export class EveSpool {
  private held: EveRecord[] = [];
  private readonly runs: string[] = [];
  private dir: string | null = null;
  count = 0;

  constructor(private readonly runRecords = DEFAULT_RUN_RECORDS) {}

  push(records: readonly EveRecord[]): void {
    for (const r of records) this.held.push(r);
    this.count += records.length;
    if (this.held.length >= this.runRecords) this.spill();
  }

  /** Every record, in compareEveRecords order; the temporary files are removed when the iteration ends. */
  async *sorted(): AsyncGenerator<EveRecord> {
    try {
      if (this.runs.length === 0) {
        const all = this.held.sort(compareEveRecords);
        this.held = [];
        yield* all;
        return;
      }
      this.spill();
      yield* mergeRuns(this.runs);
    } finally {
      if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
    }
  }

  private spill(): void {
    if (this.held.length === 0) return;
    this.dir ??= mkdtempSync(join(tmpdir(), 'mirrorscope-eve-'));
    const path = join(this.dir, `run-${this.runs.length}.jsonl`);
    const lines = this.held.sort(compareEveRecords).map((r) => JSON.stringify([r.tsUs, r.fileIndex, r.recordNumber, r.seq, r.gates ?? null, r.line]));
    writeFileSync(path, lines.join('\n') + '\n');
    this.runs.push(path);
    this.held = [];
  }
}

function decode(text: string): EveRecord {
  const [tsUs, fileIndex, recordNumber, seq, gates, line] = JSON.parse(text) as [number, number, number, number, EveRecord['gates'] | null, string];
  const r: EveRecord = { tsUs, fileIndex, recordNumber, seq, line };
  if (gates !== null && gates !== undefined) r.gates = gates;
  return r;
}

/** k-way merge of sorted run files; the smallest head is found by a scan (a handful of runs per replay). */
async function* mergeRuns(paths: readonly string[]): AsyncGenerator<EveRecord> {
  const readers = paths.map((p) => createInterface({ input: createReadStream(p), crlfDelay: Infinity })[Symbol.asyncIterator]());
  const heads: (EveRecord | null)[] = await Promise.all(readers.map(async (it) => next(it)));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h !== null && h !== undefined && (best < 0 || compareEveRecords(h, heads[best]!) < 0)) best = i;
    }
    if (best < 0) return;
    yield heads[best]!;
    heads[best] = await next(readers[best]!);
  }
}

async function next(it: AsyncIterator<string>): Promise<EveRecord | null> {
  for (;;) {
    const r = await it.next();
    if (r.done === true) return null;
    if (r.value !== '') return decode(r.value);
  }
}
