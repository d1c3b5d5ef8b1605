import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EveRecord } from './eve-record.js';
import { EveSpool, spooledLine } from './eve-spool.js';

/** The order the spool must give, stated over strings (ASCII lines: their UTF-16 and UTF-8 orders agree). */
function compareEveRecords(a: EveRecord, b: EveRecord): number {
  if (a.tsUs !== b.tsUs) return a.tsUs - b.tsUs;
  if (a.fileIndex !== b.fileIndex) return a.fileIndex - b.fileIndex;
  if (a.recordNumber !== b.recordNumber) return a.recordNumber - b.recordNumber;
  if (a.recordNumber > 0) return a.seq - b.seq;
  return a.line < b.line ? -1 : a.line > b.line ? 1 : 0;
}

const record = fc.record({
  tsUs: fc.integer({ min: 0, max: 50 }),
  fileIndex: fc.integer({ min: -1, max: 2 }),
  recordNumber: fc.integer({ min: 0, max: 20 }),
  seq: fc.integer({ min: 0, max: 5 }),
  line: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  gated: fc.boolean(),
});

function toRecord(r: { tsUs: number; fileIndex: number; recordNumber: number; seq: number; line: string; gated: boolean }): EveRecord {
  const out: EveRecord = { tsUs: r.tsUs, fileIndex: r.fileIndex, recordNumber: r.recordNumber, seq: r.seq, line: r.line };
  if (r.gated) out.gates = [{ key: `k${r.seq}`, spec: { type: 'limit', track: 'by_src', count: 1, seconds: 60 } }];
  return out;
}

async function drain(spool: EveSpool): Promise<EveRecord[]> {
  const out: EveRecord[] = [];
  for await (const r of spool.sorted()) {
    const e: EveRecord = { tsUs: r.tsUs, fileIndex: r.fileIndex, recordNumber: r.recordNumber, seq: r.seq, line: spooledLine(r) };
    if (r.gates !== undefined) e.gates = r.gates;
    out.push(e);
  }
  return out;
}

const spoolDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('mirrorscope-eve-'));

describe('EveSpool', () => {
  it('gives every record in output order, whether runs went to disk or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(record, { maxLength: 9 }), { maxLength: 12 }), fc.integer({ min: 1, max: 20 }), async (batches, runRecords) => {
        const spool = new EveSpool(true, runRecords);
        const all: EveRecord[] = [];
        for (const b of batches) {
          const recs = b.map(toRecord);
          all.push(...recs);
          spool.push(recs);
        }
        const got = await drain(spool);
        const want = [...all].sort(compareEveRecords);
        expect(spool.count).toBe(all.length);
        // Records equal under the comparator may come in any order: compare by the order keys and the whole content.
        expect(got.map((r) => JSON.stringify(r)).sort()).toEqual(want.map((r) => JSON.stringify(r)).sort());
        for (let i = 1; i < got.length; i++) expect(compareEveRecords(got[i - 1]!, got[i]!)).toBeLessThanOrEqual(0);
        // The gated records, decided ahead, come in the order the output gives them.
        const gated = spool.gatedInOrder().map((r) => `${r.tsUs}/${r.fileIndex}/${r.recordNumber}/${r.seq}`);
        expect(gated).toEqual(got.filter((r) => r.gates !== undefined).map((r) => `${r.tsUs}/${r.fileIndex}/${r.recordNumber}/${r.seq}`));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps lines longer than an arena chunk and non-ASCII lines intact', async () => {
    const spool = new EveSpool();
    const lines = ['{"a":"\u00e9\u{1F600}"}', 'x'.repeat(3 << 20), '{"b":1}', 'y'.repeat(700_000), 'w'.repeat(700_000)];
    spool.push(lines.map((line, i) => ({ tsUs: i, fileIndex: 0, recordNumber: i + 1, seq: 0, line })));
    expect((await drain(spool)).map((r) => r.line)).toEqual(lines);
  });

  it('removes its temporary files once read', async () => {
    const before = new Set(spoolDirs());
    const spool = new EveSpool(false, 2);
    spool.push([toRecord({ tsUs: 3, fileIndex: 0, recordNumber: 1, seq: 0, line: 'a', gated: false })]);
    spool.push([toRecord({ tsUs: 1, fileIndex: 0, recordNumber: 2, seq: 0, line: 'b', gated: true })]);
    spool.push([toRecord({ tsUs: 2, fileIndex: 0, recordNumber: 3, seq: 0, line: 'c', gated: false })]);
    expect(spoolDirs().filter((d) => !before.has(d))).toHaveLength(1);
    const got = await drain(spool);
    expect(got.map((r) => r.line)).toEqual(['b', 'c', 'a']);
    expect(got[0]!.gates).toHaveLength(1);
    expect(spoolDirs().filter((d) => !before.has(d) && existsSync(`${tmpdir()}/${d}`))).toHaveLength(0);
  });
});
