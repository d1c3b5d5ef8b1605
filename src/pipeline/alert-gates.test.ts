import { describe, expect, it } from 'vitest';
import type { AlertGate } from '../detect/engine/index.js';
import { DecidedGates, StreamingGates, type GatedRecord } from './alert-gates.js';
import { unalertedFlowLine } from './eve-record.js';

// The first alert per source in 60 s is written, later ones are held back.
const limit: AlertGate = { key: 'sid1/10.0.0.1', spec: { type: 'limit', track: 'by_src', count: 1, seconds: 60 } };
const alert = (tsUs: number, flowKey: string): GatedRecord => ({ tsUs, gates: [limit], flowKey });
const flowEnd = (tsUs: number, key: string, gatedOnly = true): GatedRecord => (gatedOnly ? { tsUs, flowKey: key, gatedOnly } : { tsUs, flowKey: key });

describe('alert gates', () => {
  it('replay: decides gated alerts ahead, so a flow event sorted before them knows whether its flow kept one', () => {
    const a1 = alert(10, 'A');
    const b1 = alert(20, 'B');
    const a2 = alert(30, 'A');
    const gates = new DecidedGates([a1, b1, a2]);
    // Output order: both flow events first (they sort by flow start), then the alerts.
    expect(gates.flowAlerted(flowEnd(1, 'A'))).toBe(true);
    expect(gates.flowAlerted(flowEnd(2, 'B'))).toBe(false);
    expect(gates.flowAlerted({ tsUs: 3 })).toBe(true);
    expect(gates.flowAlerted(flowEnd(4, 'B', false))).toBe(true);
    expect([a1, { tsUs: 15 }, b1, a2].map((r) => gates.pass(r))).toEqual([true, true, false, false]);
    expect(gates.dropped).toBe(2);
  });

  it('listen: decides as records arrive, each flow event after its own alerts', () => {
    const gates = new StreamingGates();
    expect(gates.pass(alert(10, 'A'))).toBe(true);
    expect(gates.pass(alert(20, 'B'))).toBe(false);
    expect(gates.pass(alert(30, 'C'))).toBe(false);
    expect(gates.flowAlerted(flowEnd(1, 'A'))).toBe(true);
    expect(gates.flowAlerted(flowEnd(2, 'B'))).toBe(false);
    // C also had an alert without gates: its flow alerted whatever the gates said.
    expect(gates.flowAlerted(flowEnd(3, 'C', false))).toBe(true);
    expect(gates.dropped).toBe(2);
    expect(gates.heldFlows).toBe(0);
  });

  it('rewrites only the alerted field at the end of a flow event line', () => {
    expect(unalertedFlowLine('{"event_type":"flow","flow":{"reason":"timeout","alerted":true}}')).toBe(
      '{"event_type":"flow","flow":{"reason":"timeout","alerted":false}}',
    );
    expect(unalertedFlowLine('{"event_type":"flow","flow":{"alerted":false}}')).toBe('{"event_type":"flow","flow":{"alerted":false}}');
  });
});
