import { compareEveRecords, type EveRecord } from './detection-stage.js';
import { SortedSpool, type SpoolCodec } from './sorted-spool.js';

/** Records kept in memory before a sorted run goes to disk (about 100 MB of EVE at Suricata's line sizes). */
const DEFAULT_RUN_RECORDS = 150_000;

const EVE_CODEC: SpoolCodec<EveRecord> = {
  prefix: 'mirrorscope-eve-',
  compare: compareEveRecords,
  encode: (r) => [r.tsUs, r.fileIndex, r.recordNumber, r.seq, r.gates ?? null, r.line],
  decode: (value) => {
    const [tsUs, fileIndex, recordNumber, seq, gates, line] = value as [number, number, number, number, EveRecord['gates'] | null, string];
    const r: EveRecord = { tsUs, fileIndex, recordNumber, seq, line };
    if (gates !== null && gates !== undefined) r.gates = gates;
    return r;
  },
};

/**
 * Replay's EVE records in output order: they arrive roughly in time order but not exactly (flow ends and completed
 * transactions carry earlier times), so they go through a sorted spool.
 */
export class EveSpool extends SortedSpool<EveRecord> {
  constructor(runRecords = DEFAULT_RUN_RECORDS) {
    super(EVE_CODEC, runRecords);
  }
}
