import { describe, expect, it } from 'vitest';
import { AppProto } from '../rule/app-proto.js';
import { parseRule } from '../rule/rule-parser.js';
import { createParseContext } from '../rule/parse-context.js';
import { CmpOp, PacketCheckKind, TcpFlag, compareNumeric, type PacketCheck } from '../rule/signature.js';
import { parseNumericComparison } from './numeric-comparison.js';

const ctx = createParseContext();
const check = (opts: string): PacketCheck => {
  const r = parseRule(`alert ip any any -> any any (${opts} sid:1;)`, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature.packetChecks[0]!;
};
const reason = (opts: string) => {
  const r = parseRule(`alert ip any any -> any any (${opts} sid:1;)`, ctx);
  return r.ok ? 'loaded' : `${r.error.kind}: ${r.error.reason}`;
};

describe('numeric comparison', () => {
  it('parses every form and compares like Suricata', () => {
    const c = (t: string) => parseNumericComparison(t, 'x', 65535);
    expect(c('5')).toEqual({ op: CmpOp.Eq, a: 5, b: 0 });
    expect(c('!5').op).toBe(CmpOp.Ne);
    expect(c('<= 5').op).toBe(CmpOp.Le);
    expect(c('1<>5')).toEqual({ op: CmpOp.Range, a: 1, b: 5 });
    expect(c('1-5').op).toBe(CmpOp.Range);
    expect([1, 2, 4, 5].map((x) => compareNumeric(c('1<>5'), x))).toEqual([false, true, true, false]);
    expect(() => c('5<>1')).toThrow();
    expect(() => c('70000')).toThrow();
    expect(() => c('<0')).toThrow();
    expect(() => c('abc')).toThrow();
  });
});

describe('packet header keywords', () => {
  it('dsize, ttl, itype, icode, icmp_id, icmp_seq', () => {
    expect(check('dsize:>100;')).toEqual({ kind: PacketCheckKind.Dsize, cmp: { op: CmpOp.Gt, a: 100, b: 0 } });
    expect(check('ttl:<5;').kind).toBe(PacketCheckKind.Ttl);
    expect(check('itype:8;').kind).toBe(PacketCheckKind.Itype);
    expect(check('icode:>0;').kind).toBe(PacketCheckKind.Icode);
    expect(check('icmp_id:0;').kind).toBe(PacketCheckKind.IcmpId);
    expect(check('icmp_seq:1;').kind).toBe(PacketCheckKind.IcmpSeq);
    expect(reason('ttl:300;')).toBe('syntax: invalid ttl value');
  });

  it('ip_proto by number or name', () => {
    expect(check('ip_proto:!gre;')).toEqual({ kind: PacketCheckKind.IpProto, cmp: { op: CmpOp.Ne, a: 47, b: 0 } });
    expect(check('ip_proto:6;')).toEqual({ kind: PacketCheckKind.IpProto, cmp: { op: CmpOp.Eq, a: 6, b: 0 } });
    expect(reason('ip_proto:bogus;')).toBe('syntax: unknown ip_proto name');
  });

  it('flags with modifiers and an ignore mask', () => {
    expect(check('flags:S,12;')).toEqual({ kind: PacketCheckKind.TcpFlags, mask: 0x3f, flags: TcpFlag.SYN, mode: 'exact' });
    expect(check('flags:+AP;')).toMatchObject({ flags: TcpFlag.ACK | TcpFlag.PSH, mode: 'plus' });
    expect(check('flags:SA*;')).toMatchObject({ mode: 'any' });
    expect(check('flags:!R;')).toMatchObject({ mode: 'not', flags: TcpFlag.RST });
    expect(check('flags:0;')).toMatchObject({ flags: 0, mode: 'exact' });
    expect(reason('flags:SX;')).toBe('syntax: invalid flags value');
  });

  it('decode-event accepts both name forms; unknown names are unsupported', () => {
    expect(check('decode-event:ipv4.trunc_pkt;')).toMatchObject({ kind: PacketCheckKind.DecodeEvent, name: 'decoder.ipv4.trunc_pkt' });
    expect(check('decode-event:decoder.ipv4.trunc_pkt;')).toMatchObject({ name: 'decoder.ipv4.trunc_pkt' });
    expect(reason('decode-event:ppp.pkt_too_small_xyz;')).toBe('unsupported: unsupported decode-event');
  });

  it('app-layer-event takes the events the parsers raise and skips the rest; app-layer-protocol is recorded', () => {
    const r0 = parseRule('alert tcp any any -> any any (app-layer-event:HTTP.Missing_Host_Header; sid:1;)', ctx);
    expect(r0.ok && r0.signature.appLayerEvents).toEqual(['http.missing_host_header']);
    expect(r0.ok && r0.signature.appProto).toBe(AppProto.Http);
    expect(reason('app-layer-event:http.request_auth_unrecognized;')).toBe('loaded');
    expect(reason('app-layer-event:http.request_server_port_tcp_port_mismatch;')).toBe("unsupported: app-layer-event not raised by mirrorscope's parsers");
    expect(reason('app-layer-event:applayer_mismatch_protocol_both_directions;')).toBe("unsupported: app-layer-event not raised by mirrorscope's parsers");
    expect(reason('app-layer-event:bad name;')).toBe('syntax: invalid app-layer-event name');
    const r = parseRule('alert tcp any any -> any any (app-layer-protocol:!http,final; sid:1;)', ctx);
    expect(r.ok && r.signature.appLayerProtocol).toEqual({ appProto: 'http', negated: true, mode: 'final' });
  });
});
