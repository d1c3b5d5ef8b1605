import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRulesFromText } from '../rule/rule-loader.js';
import { AlertSink } from './alert.js';
import { DetectEngine } from './detect-engine.js';
import { DetectGlobalState } from './global-state.js';
import { FlowDirection, InspectionContext, type FlowDetectState } from './inspection-context.js';
import { SyntheticPacket } from './synthetic-packet.js';

const WORDS = ['a', 'ab', 'ba', 'abc', 'c', 'cab', 'B', '|00|'];

const contentOpt = fc
  .record({
    word: fc.constantFrom(...WORDS),
    neg: fc.boolean(),
    nocase: fc.boolean(),
    pos: fc.constantFrom('', 'offset:1;', 'depth:4;', 'distance:0;', 'within:3;', 'distance:1; within:4;', 'startswith;', 'endswith;'),
  })
  .map(({ word, neg, nocase, pos }) => `content:${neg ? '!' : ''}"${word}"; ${nocase ? 'nocase; ' : ''}${pos}`);

const otherOpt = fc.constantFrom('', 'isdataat:1,relative;', 'isdataat:!2,relative;', 'pcre:"/b.?c/R";', 'pcre:"/a+b/i";', 'byte_test:1,>,97,0,relative;', 'dsize:>3;');

const rule = fc
  .record({
    contents: fc.array(contentOpt, { minLength: 0, maxLength: 3 }),
    other: otherOpt,
    port: fc.constantFrom('any', '80', '8080', '[80,443]', '!22'),
    src: fc.constantFrom('any', 'any', '10.0.0.1', '[192.0.2.0/24,10.9.9.9]', '!10.0.0.1', '2001:db8::/32'),
    flow: fc.constantFrom('', 'flow:to_server;', 'flow:to_client;'),
    proto: fc.constantFrom('tcp', 'udp', 'ip'),
  })
  .map((r) => r);

const packet = fc.record({
  payload: fc.stringMatching(/^[abcAB \x00]{0,24}$/),
  dstPort: fc.constantFrom(80, 8080, 443, 22),
  proto: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
  toClient: fc.boolean(),
  src: fc.constantFrom('10.0.0.1', '192.0.2.7', '10.9.9.9', '2001:db8::1'),
});

function flow(engine: DetectEngine): FlowDetectState {
  return { established: true, clientStreamBytes: 0, serverStreamBytes: 0, appProto: '', flowbits: engine.newFlowbits(), flowId: 1, passed: false, ipOnlyDone: 0 };
}

describe('prefilter against full evaluation', () => {
  it('finds exactly the alerts that evaluating every rule finds', () => {
    let alerts = 0;
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 25 }), fc.array(packet, { minLength: 1, maxLength: 8 }), (rules, packets) => {
        const text = rules
          .map((r, i) => `alert ${r.proto} ${r.src} any -> any ${r.port} (msg:"r${i}"; ${r.flow} ${r.contents.join(' ')} ${r.other} sid:${i + 1};)`)
          .join('\n');
        const sigs = loadRulesFromText(text).signatures;
        if (sigs.length === 0) return;
        const fast = DetectEngine.build(sigs, { portGroups: 2 });
        const naive = DetectEngine.build(sigs, { prefilter: false, portGroups: 0 });
        const global = new DetectGlobalState();
        const ctx = new InspectionContext(new SyntheticPacket(), global);
        const a = new AlertSink();
        const b = new AlertSink();
        for (const p of packets) {
          const pkt = new SyntheticPacket({
            proto: p.proto,
            payload: p.payload,
            dstPort: p.dstPort,
            src: p.src,
            dst: p.src.includes(':') ? '2001:db9::2' : '192.0.2.1',
          });
          const dir = p.toClient ? FlowDirection.ToClient : FlowDirection.ToServer;
          ctx.reset(pkt, 0);
          ctx.direction = dir;
          ctx.flow = flow(fast);
          fast.inspectPacket(ctx, a);
          const cands = Array.from(fast.candidates.ids.subarray(0, fast.candidates.count));
          const members = new Set(fast.packetGroupFor(pkt.ipProto, dir, pkt.srcPort, pkt.dstPort).members);
          expect(cands.every((c) => members.has(c))).toBe(true);
          ctx.flow = flow(naive);
          naive.inspectPacket(ctx, b);
          expect(a.alerts.map((x) => x.sid)).toEqual(b.alerts.map((x) => x.sid));
          for (const al of a.alerts) expect(cands).toContain(al.order);
          alerts += a.alerts.length;
        }
      }),
      // A fixed seed: the non-vacuity check below must not depend on the draw (random seeds gave 98-400 alerts).
      { numRuns: 150, seed: 20261127 },
    );
    // the vocabulary is small enough that plenty of rules fire: the comparison is not vacuous
    expect(alerts).toBeGreaterThan(100);
  });
});
