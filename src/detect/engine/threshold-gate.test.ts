import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRulesFromText } from '../rule/rule-loader.js';
import { DetectGlobalState } from './global-state.js';
import { SyntheticPacket } from './synthetic-packet.js';
import { ThresholdGate } from './threshold-gate.js';
import { ThresholdStore, type AlertGate } from './thresholds.js';

const RULES = `
alert tcp any any -> any any (msg:"df"; content:"a"; detection_filter:track by_dst, count 2, seconds 10; sid:1;)
alert tcp any any -> any any (msg:"limit"; content:"a"; threshold:type limit, track by_src, count 1, seconds 10; sid:2;)
alert tcp any any -> any any (msg:"both"; content:"a"; threshold:type both, track by_rule, count 3, seconds 10; sid:3;)
alert tcp any any -> any any (msg:"df+th"; content:"a"; detection_filter:track by_src, count 1, seconds 10; threshold:type threshold, track by_dst, count 2, seconds 10; sid:4;)
`;

describe('ThresholdGate', () => {
  it('decides deferred gates exactly as inline thresholds would, in the same order', () => {
    const sigs = loadRulesFromText(RULES).signatures;
    const host = fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3');
    const hit = fc.record({ sig: fc.integer({ min: 0, max: sigs.length - 1 }), src: host, dst: host, dtSec: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.array(hit, { maxLength: 60 }), (hits) => {
        const inline = new ThresholdStore();
        const keys = new DetectGlobalState().thresholds;
        const gate = new ThresholdGate();
        let t = 0;
        for (const h of hits) {
          t += h.dtSec * 1e6;
          const sig = sigs[h.sig]!;
          const p = new SyntheticPacket({ src: h.src, dst: h.dst });
          const specs = [sig.detectionFilter, sig.threshold].filter((s) => s !== null);
          const want = specs.every((s) => inline.allow(s, sig, p, 1, t));
          const gates: AlertGate[] = specs.map((spec) => ({ key: keys.keyOf(spec, sig, p, 1), spec }));
          expect(gate.pass(gates, t)).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('passes alerts without gates and counts what it holds back', () => {
    const gate = new ThresholdGate();
    expect(gate.pass(undefined, 0)).toBe(true);
    const spec = { type: 'limit', track: 'by_src', count: 1, seconds: 60 } as const;
    expect(gate.pass([{ key: 'k', spec }], 0)).toBe(true);
    expect(gate.pass([{ key: 'k', spec }], 1)).toBe(false);
    expect(gate.dropped).toBe(1);
  });
});
