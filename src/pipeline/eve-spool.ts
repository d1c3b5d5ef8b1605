import type { AlertGate } from '../detect/engine/index.js';
import type { EveRecord } from './detection-stage.js';
import { SortedSpool, type SpoolCodec } from './sorted-spool.js';

/** Records kept in memory before a sorted run goes to disk (about 100 MB of EVE at Suricata's line sizes). */
const DEFAULT_RUN_RECORDS = 150_000;
/** Line bytes per arena chunk. */
const ARENA_CHUNK_BYTES = 1 << 20;

/** An EVE record waiting for output: its order keys, and its line as UTF-8 bytes, chunk[start, end). */
export interface SpooledEve {
  tsUs: number;
  fileIndex: number;
  recordNumber: number;
  seq: number;
  gates?: readonly AlertGate[];
  chunk: Buffer;
  start: number;
  end: number;
}

/** The line of a spooled record as text. */
export function spooledLine(r: SpooledEve): string {
  return r.chunk.toString('utf8', r.start, r.end);
}

/** compareEveRecords over spooled records: events not tied to a packet break ties by their UTF-8 bytes. */
export function compareSpooledEve(a: SpooledEve, b: SpooledEve): number {
  if (a.tsUs !== b.tsUs) return a.tsUs - b.tsUs;
  if (a.fileIndex !== b.fileIndex) return a.fileIndex - b.fileIndex;
  if (a.recordNumber !== b.recordNumber) return a.recordNumber - b.recordNumber;
  if (a.recordNumber > 0) return a.seq - b.seq;
  return a.chunk.compare(b.chunk, b.start, b.end, a.start, a.end);
}

const EVE_CODEC: SpoolCodec<SpooledEve> = {
  prefix: 'mirrorscope-eve-',
  compare: compareSpooledEve,
  encode: (r) => [r.tsUs, r.fileIndex, r.recordNumber, r.seq, r.gates ?? null, spooledLine(r)],
  decode: (value) => {
    const [tsUs, fileIndex, recordNumber, seq, gates, line] = value as [number, number, number, number, EveRecord['gates'] | null, string];
    const chunk = Buffer.from(line, 'utf8');
    const r: SpooledEve = { tsUs, fileIndex, recordNumber, seq, chunk, start: 0, end: chunk.length };
    if (gates !== null && gates !== undefined) r.gates = gates;
    return r;
  },
};

/**
 * Replay's EVE records in output order: they arrive roughly in time order but not exactly (flow ends and completed
 * transactions carry earlier times), so they go through a sorted spool.
 *
 * Lines are kept as UTF-8 in large off-heap chunks, not as strings: every alert line waits for the end of the
 * replay, and as strings they were the largest thing the scavenger copied and promoted, and what grew the heap (a
 * fresh page costs a fault). The writer takes the bytes as they are, so a line is encoded once, as before.
 */
export class EveSpool {
  private readonly spool: SortedSpool<SpooledEve>;
  private chunk: Buffer = Buffer.allocUnsafeSlow(0);
  private used = 0;

  constructor(runRecords = DEFAULT_RUN_RECORDS) {
    this.spool = new SortedSpool(EVE_CODEC, runRecords);
  }

  get count(): number {
    return this.spool.count;
  }

  push(records: readonly EveRecord[]): void {
    if (records.length === 0) return;
    const out: SpooledEve[] = new Array<SpooledEve>(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const s = this.store(r.line);
      if (r.gates !== undefined) s.gates = r.gates;
      s.tsUs = r.tsUs;
      s.fileIndex = r.fileIndex;
      s.recordNumber = r.recordNumber;
      s.seq = r.seq;
      out[i] = s;
    }
    this.spool.push(out);
  }

  /** Every record in output order; the temporary files are removed when the iteration ends. */
  sorted(): AsyncGenerator<SpooledEve> {
    return this.spool.sorted();
  }

  private store(line: string): SpooledEve {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: checking that bound avoids measuring the line first.
    let room = this.chunk.length - this.used;
    if (line.length * 3 > room) {
      const bytes = Buffer.byteLength(line, 'utf8');
      if (bytes > room) {
        this.chunk = Buffer.allocUnsafeSlow(Math.max(ARENA_CHUNK_BYTES, bytes));
        this.used = 0;
        room = this.chunk.length;
      }
    }
    const chunk = this.chunk;
    const start = this.used;
    const end = start + chunk.write(line, start, room, 'utf8');
    this.used = end;
    return { tsUs: 0, fileIndex: 0, recordNumber: 0, seq: 0, chunk, start, end };
  }
}
