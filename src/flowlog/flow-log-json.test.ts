import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flowLogJsonText, flowLogRecordJson } from './flow-log-json.js';
import { flowLogRecord } from './flow-log-record.js';
import { DEFAULT_FLOW_LOG_FORMAT, parseFlowLogFormat } from './vpc-flow-log-fields.js';

describe('flowLogRecordJson', () => {
  const record = flowLogRecord({ version: 2, srcaddr: '203.0.113.50', srcport: 41000, action: 'ACCEPT', tcp_flags: 3, flow_direction: 'ingress' });

  it('keeps the format order, writes "-" for unknown, and keeps numbers as numbers', () => {
    const json = flowLogRecordJson(record, DEFAULT_FLOW_LOG_FORMAT.fields);
    expect(JSON.stringify(json)).toBe(
      '{"version":2,"account_id":"-","interface_id":"-","srcaddr":"203.0.113.50","dstaddr":"-","srcport":41000,"dstport":"-",' +
        '"protocol":"-","packets":"-","bytes":"-","start":"-","end":"-","action":"ACCEPT","log_status":"-"}',
    );
  });

  it('gives every field by default and any chosen subset otherwise', () => {
    expect(Object.keys(flowLogRecordJson(record))).toHaveLength(39);
    expect(flowLogRecordJson(record, parseFlowLogFormat('${tcp-flags} ${flow-direction}').fields)).toEqual({ tcp_flags: 3, flow_direction: 'ingress' });
  });
});

describe('flowLogJsonText', () => {
  it('is the text JSON.stringify gives for flowLogRecordJson, for any values and field list', () => {
    const formats = [DEFAULT_FLOW_LOG_FORMAT.fields, parseFlowLogFormat('${tcp-flags} ${flow-direction} ${pkt-srcaddr}').fields, []];
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: null }),
        fc.option(fc.constantFrom('ACCEPT' as const, 'REJECT' as const), { nil: null }),
        fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
        fc.integer({ min: 0, max: formats.length - 1 }),
        (srcaddr, bytes, action, flowDirection, f) => {
          const r = flowLogRecord({ version: 5, srcaddr, bytes, action, flow_direction: flowDirection, tcp_flags: 19 });
          expect(flowLogJsonText((column) => r[column], formats[f]!)).toBe(JSON.stringify(flowLogRecordJson(r, formats[f]!)));
          expect(flowLogJsonText((column) => r[column])).toBe(JSON.stringify(flowLogRecordJson(r)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
