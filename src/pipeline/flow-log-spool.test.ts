import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFlowLogRecords } from '../flow/flow-log-order.js';
import { flowLogRecord, type FlowLogRecord } from '../flowlog/flow-log-record.js';
import { FlowLogSpool } from './flow-log-spool.js';

const record = fc
  .record({
    start: fc.integer({ min: 1795773600, max: 1795773900 }),
    srcaddr: fc.constantFrom('10.0.0.1', '10.0.0.2', '198.51.100.7'),
    srcport: fc.integer({ min: 0, max: 3 }),
    packets: fc.integer({ min: 1, max: 5 }),
    account_id: fc.option(fc.constantFrom('123456789012', '210987654321')),
    action: fc.constantFrom('ACCEPT' as const, 'REJECT' as const),
  })
  .map((r) => flowLogRecord({ ...r, version: 5, dstaddr: '10.0.9.9', dstport: 80, protocol: 6, end: r.start + 5, bytes: r.packets * 60 }));

describe('FlowLogSpool', () => {
  it('gives back every record in compareFlowLogRecords order, field for field, whether runs went to disk or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(record, { maxLength: 9 }), { maxLength: 10 }), fc.integer({ min: 1, max: 15 }), async (batches, runRecords) => {
        const spool = new FlowLogSpool(runRecords);
        const all: FlowLogRecord[] = [];
        for (const b of batches) {
          all.push(...b);
          spool.push(b);
        }
        const got: FlowLogRecord[] = [];
        for await (const r of spool.sorted()) got.push(r);
        expect(spool.count).toBe(all.length);
        // Equal records print identically, so the sorted lists must match exactly (key order included).
        expect(got.map((r) => JSON.stringify(r))).toEqual([...all].sort(compareFlowLogRecords).map((r) => JSON.stringify(r)));
      }),
      { numRuns: 100 },
    );
  });
});
