import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyFlowLogRecord } from './flow-log-record.js';
import type { FlowLogRecord } from './flow-log-record.js';
import { FlowLogReadStats } from './flow-log-read-stats.js';
import { readFlowLogs } from './flow-log-reader.js';
import { FlowLogWriter } from './flow-log-writer.js';
import { VPC_FLOW_LOG_FIELDS, flowLogField, flowLogFormatOf } from './vpc-flow-log-fields.js';
import type { FlowLogFieldSpec, FlowLogFormat } from './vpc-flow-log-fields.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlog-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Strings as they occur in flow logs: no whitespace (the writer would rewrite it), not `-` or empty (those
 * mean unknown), and not a field name, which as a first value would make a line look like a header.
 */
const textValue = fc
  .stringMatching(/^[A-Za-z0-9.:\/_=+@-]{1,24}$/)
  .filter((s) => s !== '-' && flowLogField(s) === undefined);

function valueArbitrary(spec: FlowLogFieldSpec): fc.Arbitrary<string | number | null> {
  if (spec.column === 'action') return fc.constantFrom('ACCEPT', 'REJECT', null);
  if (spec.column === 'log_status') return fc.constantFrom('OK', 'NODATA', 'SKIPDATA', null);
  if (spec.kind === 'number') return fc.option(fc.integer({ min: 0, max: Math.min(spec.max, Number.MAX_SAFE_INTEGER) }), { nil: null });
  return fc.option(textValue, { nil: null });
}

const formatArbitrary: fc.Arbitrary<FlowLogFormat> = fc
  .shuffledSubarray([...VPC_FLOW_LOG_FIELDS], { minLength: 1 })
  .map((fields) => flowLogFormatOf(fields));

const caseArbitrary = formatArbitrary.chain((format) =>
  fc.record({
    format: fc.constant(format),
    gzip: fc.boolean(),
    records: fc.array(
      fc.tuple(...format.fields.map(valueArbitrary)).map((values) => {
        const record = emptyFlowLogRecord() as unknown as Record<string, unknown>;
        format.fields.forEach((spec, i) => {
          record[spec.column] = values[i];
        });
        return record as unknown as FlowLogRecord;
      }),
      { maxLength: 20 },
    ),
  }),
);

let run = 0;

describe('write then read', () => {
  it('reads back every flow record identically, for any format, text or gzip', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ format, gzip, records }) => {
        const path = join(dir, `case-${run++}.log${gzip ? '.gz' : ''}`);
        const writer = await FlowLogWriter.open(path, { format });
        await writer.writeAll(records);
        await writer.close();
        const stats = new FlowLogReadStats();
        const read: FlowLogRecord[] = [];
        for await (const record of readFlowLogs([path], stats)) read.push(record);
        const flows = records.filter((r) => r.log_status !== 'NODATA' && r.log_status !== 'SKIPDATA');
        expect(read).toEqual(flows);
        expect(stats.recordsRead).toBe(records.length);
        expect(stats.skippedLines).toBe(0);
        expect(stats.warnings).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });
});
