import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRulesFromText } from '../rule/rule-loader.js';
import { AlertSink } from './alert.js';
import { DetectEngine } from './detect-engine.js';
import { DetectGlobalState } from './global-state.js';
import { FlowDirection, InspectionContext } from './inspection-context.js';
import { flowDetectState } from '../../../tests/helpers/flow-detect-state.js';
import { SyntheticPacket } from './synthetic-packet.js';

const RULES = `
alert tcp any any -> any any (msg:"split"; flow:to_server; content:"needle"; fast_pattern; content:"tail"; distance:0; sid:1;)
alert tcp any any -> any any (msg:"abba"; flow:to_server; content:"abba"; sid:2;)
alert tcp any any -> any any (msg:"two"; flow:to_server; content:"bab"; content:"aab"; distance:1; sid:3;)
alert tcp any any -> any any (msg:"long"; flow:to_server; content:"aabbaabb"; sid:4;)
`;

function setup() {
  const rs = loadRulesFromText(RULES);
  const engine = DetectEngine.build(rs.signatures);
  const ctx = new InspectionContext(new SyntheticPacket({}), new DetectGlobalState());
  const flow = flowDetectState(engine);
  const out = new AlertSink();
  /** Inspects stream[0, cut) in chunks ending at `cuts`, each window with up to `lookback` bytes before its new data. */
  const run = (stream: Uint8Array, cuts: number[], lookback: number, withOffset: boolean): string[] => {
    const seen: string[] = [];
    let prev = 0;
    for (const cut of [...cuts, stream.length]) {
      if (cut <= prev) continue;
      const start = Math.max(0, prev - lookback);
      ctx.reset(new SyntheticPacket({}), 0);
      ctx.direction = FlowDirection.ToServer;
      ctx.flow = flow;
      const window = { bytes: stream, start, newDataStart: prev, end: cut, ...(withOffset ? { offset: start } : {}) };
      engine.inspectStreamChunk(ctx, window, out);
      for (const a of out.alerts) seen.push(`${a.sid}@${cut}`);
      prev = cut;
    }
    return seen;
  };
  return { run, flow };
}

describe('stream prefilter memory', () => {
  it('finds a fast pattern that lies wholly in the look-back when the rest of the rule arrives', () => {
    const { run } = setup();
    const stream = Buffer.from('xxneedlexx....tail');
    expect(run(stream, [10], 1024, true)).toEqual(['1@18']);
    expect(run(stream, [10], 1024, false)).toEqual(['1@18']);
  });

  it('reports what a whole-window search reports, for any chunking', () => {
    const alphabet = fc.constantFrom(0x61, 0x62, 0x6e, 0x74);
    fc.assert(
      fc.property(
        fc.array(alphabet, { minLength: 1, maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 79 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 24 }),
        (bytes, rawCuts, lookback) => {
          const stream = Uint8Array.from(bytes);
          const cuts = [...new Set(rawCuts.filter((c) => c < stream.length))].sort((a, b) => a - b);
          expect(setup().run(stream, cuts, lookback, true)).toEqual(setup().run(stream, cuts, lookback, false));
        },
      ),
      { numRuns: 400 },
    );
  });
});
