import { describe, expect, it } from 'vitest';
import { parseRule } from '../rule/rule-parser.js';
import { createParseContext } from '../rule/parse-context.js';
import { CmpOp, FlowFlag, PacketCheckKind, type Signature } from '../rule/signature.js';

const ctx = createParseContext();
const sig = (opts: string): Signature => {
  const r = parseRule(`alert tcp any any -> any any (${opts} sid:1;)`, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature;
};
const reason = (opts: string) => {
  const r = parseRule(`alert tcp any any -> any any (${opts} sid:1;)`, ctx);
  return r.ok ? 'loaded' : r.error.reason;
};

describe('flow', () => {
  it('sets flag bits', () => {
    expect(sig('flow:established,to_server;').flowFlags).toBe(FlowFlag.Established | FlowFlag.ToServer);
    expect(sig('flow:from_server,only_stream;').flowFlags).toBe(FlowFlag.ToClient | FlowFlag.OnlyStream);
    expect(sig('flow:stateless,no_frag;').flowFlags).toBe(FlowFlag.Stateless | FlowFlag.NoFrag);
  });
  it('rejects contradictions and unknown words', () => {
    expect(reason('flow:to_server,to_client;')).toBe('contradictory flow options');
    expect(reason('flow:established,sideways;')).toBe('invalid flow option');
  });
});

describe('flowint', () => {
  it('parses modifiers, numbers and variable operands as Suricata does', () => {
    expect(sig('flowint: ET.infostealer.dll.download, +, 1; flowint:a1,isset; flowint:a1,isnotset; flowint:a1,>=,b2;').flowints).toEqual([
      { name: 'ET.infostealer.dll.download', op: '+', value: 1, targetVar: null },
      { name: 'a1', op: 'isset', value: 0, targetVar: null },
      { name: 'a1', op: 'notset', value: 0, targetVar: null },
      { name: 'a1', op: '>=', value: 0, targetVar: 'b2' },
    ]);
    expect(sig('flowint:cnt,=,4294967295;').flowints[0]!.value).toBe(4294967295);
  });
  it('rejects what Suricata rejects', () => {
    const bad = (v: string) => reason(`flowint:${v};`);
    expect(bad('cnt,=,4294967296')).toBe('flowint value must be below 2^32');
    expect(bad('cnt,+')).toBe('flowint + needs a value or a variable');
    expect(bad('c,+,1')).toBe('invalid flowint (expected name, modifier[, value or variable])');
    expect(bad('cnt,*,1')).toBe('invalid flowint (expected name, modifier[, value or variable])');
    expect(bad('cnt,<,other.var')).toBe('invalid flowint (expected name, modifier[, value or variable])');
    expect(bad('1cnt,=,1')).toBe('invalid flowint (expected name, modifier[, value or variable])');
  });
});

describe('flowbits and xbits', () => {
  it('flowbits commands, groups and noalert', () => {
    const s = sig('flowbits:isset,a|b; flowbits:set,c; flowbits:isnotset,d&e; flowbits:noalert;');
    expect(s.flowbits).toEqual([
      { cmd: 'isset', names: ['a', 'b'], combine: 'any' },
      { cmd: 'set', names: ['c'], combine: 'all' },
      { cmd: 'isnotset', names: ['d', 'e'], combine: 'all' },
    ]);
    expect(s.noalert).toBe(true);
    expect(reason('flowbits:set,a|b;')).toBe('flowbits: | groups only work with isset/isnotset');
    expect(reason('flowbits:frob,a;')).toBe('invalid flowbits command');
    expect(reason('flowbits:set;')).toBe('flowbits needs a name');
  });
  it('xbits with track and expire', () => {
    expect(sig('xbits:set,ET.x,track ip_pair,expire 60;').xbits).toEqual([
      { cmd: 'set', names: ['ET.x'], combine: 'all', track: 'ip_pair', expire: 60 },
    ]);
    expect(sig('xbits:isset, ET.y, track ip_dst;').xbits[0]).toMatchObject({ track: 'ip_dst', expire: 0 });
    expect(reason('xbits:set,x;')).toBe('xbits needs a name and track');
    expect(reason('xbits:set,x,track flow;')).toBe('invalid xbits track');
  });
});

describe('threshold, detection_filter, stream_size', () => {
  it('threshold in any order', () => {
    expect(sig('threshold: type both, count 1, seconds 600, track by_src;').threshold).toEqual({ type: 'both', track: 'by_src', count: 1, seconds: 600 });
    expect(sig('threshold:type limit,track by_rule,count 2,seconds 10; threshold:type limit,track by_rule,count 2,seconds 10;').threshold!.track).toBe('by_rule');
    expect(reason('threshold:type limit,track by_src,count 1,seconds 1; threshold:type both,track by_src,count 1,seconds 1;')).toBe('threshold given twice with different values');
    expect(reason('threshold:type often,track by_src,count 1,seconds 1;')).toBe('invalid threshold type');
    expect(reason('threshold:type limit,track by_src,count 1;')).toBe('threshold needs count and seconds');
  });
  it('detection_filter', () => {
    expect(sig('detection_filter:track by_dst, count 5, seconds 60;').detectionFilter).toEqual({ type: 'detection_filter', track: 'by_dst', count: 5, seconds: 60 });
    expect(reason('detection_filter:type limit,track by_dst,count 5,seconds 60;')).toBe('detection_filter takes no type');
  });
  it('stream_size', () => {
    expect(sig('stream_size:server,<,6;').packetChecks[0]).toEqual({ kind: PacketCheckKind.StreamSize, side: 'server', cmp: { op: CmpOp.Lt, a: 6, b: 0 } });
    expect(reason('stream_size:middle,<,6;')).toBe('invalid stream_size side');
  });
});
