import type { AlertGate } from '../detect/engine/index.js';
import type { EveRecord } from './eve-record.js';
import { EveLineFile } from './eve-line-file.js';
import { SortedSpool, type SpoolCodec } from './sorted-spool.js';

/** Records kept in memory before a sorted run goes to disk. */
const DEFAULT_RUN_RECORDS = 150_000;
/** Line bytes per arena chunk. */
const ARENA_CHUNK_BYTES = 1 << 20;
const NO_BYTES = Buffer.alloc(0);

/**
 * An EVE record waiting for output: its order keys and its line as UTF-8 bytes, chunk[start, end). A line parked in
 * the spool's file (fileOffset >= 0) gets its chunk only as sorted() hands it out, valid until the next record.
 */
export interface SpooledEve {
  tsUs: number;
  fileIndex: number;
  recordNumber: number;
  seq: number;
  gates?: readonly AlertGate[];
  flowKey?: string;
  gatedOnly?: true;
  chunk: Buffer;
  start: number;
  end: number;
  fileOffset: number;
}

/** The line of a spooled record as text (of a parked line, only while it is the record sorted() last gave). */
export function spooledLine(r: SpooledEve): string {
  return r.chunk.toString('utf8', r.start, r.end);
}

/**
 * Output order for any worker count: time, then capture position, then emission order within one packet. Events
 * not tied to a packet (file -1, packet 0) break ties by their UTF-8 bytes: the only records compared by content,
 * and so the ones kept in memory.
 */
export function compareSpooledEve(a: SpooledEve, b: SpooledEve): number {
  if (a.tsUs !== b.tsUs) return a.tsUs - b.tsUs;
  if (a.fileIndex !== b.fileIndex) return a.fileIndex - b.fileIndex;
  if (a.recordNumber !== b.recordNumber) return a.recordNumber - b.recordNumber;
  if (a.recordNumber > 0) return a.seq - b.seq;
  return a.chunk.compare(b.chunk, b.start, b.end, a.start, a.end);
}

/**
 * Replay's EVE records in output order: they arrive roughly in time order but not exactly (flow ends and completed
 * transactions carry earlier times), so they go through a sorted spool.
 *
 * No line is kept as a string: every line waits for the end of the replay, and as strings they were the largest
 * thing the scavenger copied and promoted. A line tied to a packet (nearly every alert) is parked in an unlinked
 * temporary file (EveLineFile, which says why not memory) and read back in file order, which output order nearly
 * follows. The other lines (flow ends, transactions) are compared by content when their times tie, so they stay
 * in memory, as UTF-8 in large off-heap chunks. The writer copies either as it is: a line is encoded once.
 */
export class EveSpool {
  private readonly spool: SortedSpool<SpooledEve>;
  private readonly file = new EveLineFile();
  private chunk: Buffer = NO_BYTES;
  private used = 0;
  /** Records with deferred rate limits (few): the merger decides them before the output pass (gatedInOrder). */
  private readonly gated: SpooledEve[] = [];

  /**
   * `keepGated`: also keep every record with gates (its order keys, about 100 bytes each, for the whole replay) so
   * they can be decided ahead (gatedInOrder). Only flow events need that; without them the merger decides in the
   * output pass and memory stays bounded.
   */
  constructor(
    private readonly keepGated = false,
    runRecords = DEFAULT_RUN_RECORDS,
  ) {
    const codec: SpoolCodec<SpooledEve> = {
      prefix: 'mirrorscope-eve-',
      compare: compareSpooledEve,
      // A parked line stays in the file; only a line held in memory travels in the run.
      encode: (r) => [
        r.tsUs,
        r.fileIndex,
        r.recordNumber,
        r.seq,
        r.gates ?? null,
        r.fileOffset,
        r.end - r.start,
        r.fileOffset >= 0 ? null : spooledLine(r),
        r.flowKey ?? null,
        r.gatedOnly ?? null,
      ],
      decode: (value) => {
        const [tsUs, fileIndex, recordNumber, seq, gates, fileOffset, length, line, flowKey, gatedOnly] = value as [
          number,
          number,
          number,
          number,
          EveRecord['gates'] | null,
          number,
          number,
          string | null,
          string | null,
          true | null,
        ];
        const r = line === null ? parked(fileOffset, length) : this.held(line);
        copyKeys(r, { tsUs, fileIndex, recordNumber, seq, gates: gates ?? undefined, flowKey: flowKey ?? undefined, gatedOnly: gatedOnly ?? undefined });
        return r;
      },
    };
    this.spool = new SortedSpool(codec, runRecords);
  }

  get count(): number {
    return this.spool.count;
  }

  push(records: readonly EveRecord[]): void {
    if (records.length === 0) return;
    const out: SpooledEve[] = new Array<SpooledEve>(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      let s: SpooledEve;
      if (r.recordNumber > 0) {
        const at = this.file.append(r.line);
        s = parked(at, this.file.lastLength);
      } else {
        s = this.held(r.line);
      }
      copyKeys(s, r);
      if (s.gates !== undefined && this.keepGated) this.gated.push(s);
      out[i] = s;
    }
    this.spool.push(out);
  }

  /**
   * The records with gates, in output order: what a ThresholdGate decides over them is what it would decide in the
   * output pass (it looks at nothing else), so their verdicts can be known before the flow events that sort first.
   */
  gatedInOrder(): SpooledEve[] {
    return [...this.gated].sort(compareSpooledEve);
  }

  /** Every record in output order; the temporary files are removed when the iteration ends. */
  async *sorted(): AsyncGenerator<SpooledEve> {
    try {
      for await (const r of this.spool.sorted()) {
        if (r.fileOffset >= 0) {
          r.chunk = this.file.read(r.fileOffset, r.end);
          r.start = 0;
        }
        yield r;
      }
    } finally {
      this.file.close();
    }
  }

  private held(line: string): SpooledEve {
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
    return { tsUs: 0, fileIndex: 0, recordNumber: 0, seq: 0, chunk, start, end, fileOffset: -1 };
  }
}

/** Everything of an EVE record but its line: one place, for records pushed and records read back from a run. */
function copyKeys(s: SpooledEve, r: Omit<EveRecord, 'line'>): void {
  s.tsUs = r.tsUs;
  s.fileIndex = r.fileIndex;
  s.recordNumber = r.recordNumber;
  s.seq = r.seq;
  if (r.gates !== undefined) s.gates = r.gates;
  if (r.flowKey !== undefined) s.flowKey = r.flowKey;
  if (r.gatedOnly === true) s.gatedOnly = true;
}

/** A record whose line is in the spool's file: `end` holds its length until sorted() gives it bytes. */
function parked(fileOffset: number, length: number): SpooledEve {
  return { tsUs: 0, fileIndex: 0, recordNumber: 0, seq: 0, chunk: NO_BYTES, start: 0, end: length, fileOffset };
}
