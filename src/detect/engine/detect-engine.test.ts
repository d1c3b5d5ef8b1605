import { describe, expect, it } from 'vitest';
import { loadRulesFromText } from '../rule/rule-loader.js';
import { BufferId } from '../rule/buffer-registry.js';
import { AlertSink } from './alert.js';
import { DetectEngine, type DetectEngineOptions } from './detect-engine.js';
import { DetectGlobalState } from './global-state.js';
import {
  FlowDirection,
  InspectionContext,
  type BufferProvider,
  type BufferView,
  type FlowDetectState,
} from './inspection-context.js';
import { SyntheticPacket, type SyntheticPacketInit } from './synthetic-packet.js';
import { flowDetectState } from '../../../tests/helpers/flow-detect-state.js';

function engineOf(rules: string, options?: DetectEngineOptions): DetectEngine {
  const rs = loadRulesFromText(rules);
  expect(rs.skipped.map((s) => s.message)).toEqual([]);
  return DetectEngine.build(rs.signatures, options);
}

function flowOf(engine: DetectEngine, init: Partial<FlowDetectState> = {}): FlowDetectState {
  return flowDetectState(engine, init);
}


interface Harness {
  engine: DetectEngine;
  ctx: InspectionContext;
  out: AlertSink;
  flow: FlowDetectState;
  packet(init: SyntheticPacketInit, timeSec?: number, dir?: FlowDirection): number[];
}

function harness(rules: string, flowInit: Partial<FlowDetectState> = {}, options?: DetectEngineOptions): Harness {
  const engine = engineOf(rules, options);
  const global = new DetectGlobalState();
  const ctx = new InspectionContext(new SyntheticPacket(), global);
  const out = new AlertSink();
  const h: Harness = {
    engine,
    ctx,
    out,
    flow: flowOf(engine, flowInit),
    packet(init, timeSec = 0, dir = FlowDirection.ToServer) {
      ctx.reset(new SyntheticPacket(init), timeSec * 1e6);
      ctx.direction = dir;
      ctx.flow = h.flow;
      engine.inspectPacket(ctx, out);
      return out.alerts.map((a) => a.sid);
    },
  };
  return h;
}

describe('header, flow and packet keywords', () => {
  it('addresses and ports, with <> matching both ways', () => {
    const h = harness(`
alert tcp 10.0.0.0/8 any -> any 80 (msg:"to web"; sid:1;)
alert tcp any 80 <> 10.0.0.1 any (msg:"bidir"; sid:2;)
alert tcp $EXTERNAL_NET any -> $HOME_NET any (msg:"inbound"; sid:3;)`);
    expect(h.packet({ src: '10.1.2.3', dst: '192.0.2.1', dstPort: 80 })).toEqual([1]);
    expect(h.packet({ src: '10.0.0.1', dst: '192.0.2.1', srcPort: 5000, dstPort: 80 })).toEqual([1, 2]);
    expect(h.packet({ src: '192.0.2.1', dst: '10.0.0.1', srcPort: 80, dstPort: 5000 }, 0, FlowDirection.ToClient)).toEqual([2, 3]);
    expect(h.packet({ src: '10.1.2.3', dst: '192.0.2.1', dstPort: 81 })).toEqual([]);
  });

  it('IPv6 addresses', () => {
    const h = harness('alert tcp 2001:db8::/32 any -> any any (msg:"v6"; sid:1;)');
    expect(h.packet({ src: '2001:db8::1', dst: '2001:db9::1' })).toEqual([1]);
    expect(h.packet({ src: '2001:db9::1', dst: '2001:db8::1' })).toEqual([]);
  });

  it('flow:established,to_server and not_established', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"est"; flow:established,to_server; sid:1;)
alert tcp any any -> any any (msg:"new"; flow:not_established; sid:2;)`);
    expect(h.packet({})).toEqual([1]);
    expect(h.packet({}, 0, FlowDirection.ToClient)).toEqual([]);
    h.flow.established = false;
    expect(h.packet({})).toEqual([2]);
  });

  it('dsize, ttl, flags with modifiers and ignore mask, ip_proto', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"syn"; flags:S,12; sid:1;)
alert tcp any any -> any any (msg:"syn+"; flags:S+; sid:2;)
alert tcp any any -> any any (msg:"fin or rst"; flags:*FR; sid:3;)
alert tcp any any -> any any (msg:"small"; dsize:<4; ttl:>100; sid:4;)
alert ip any any -> any any (msg:"udp"; ip_proto:17; sid:5;)`);
    expect(h.packet({ tcpFlags: 0x02 | 0xc0, ttl: 1 })).toEqual([1, 2]);
    expect(h.packet({ tcpFlags: 0x12, ttl: 1 })).toEqual([2]);
    expect(h.packet({ tcpFlags: 0x14, ttl: 1 })).toEqual([3]);
    expect(h.packet({ tcpFlags: 0x10, payload: 'abc', ttl: 128 })).toEqual([4]);
    expect(h.packet({ proto: 'udp', ttl: 1 })).toEqual([5]);
  });

  it('icmp keywords, decode-event and stream_size', () => {
    const h = harness(`
alert icmp any any -> any any (msg:"echo"; itype:8; icode:0; icmp_id:7; icmp_seq:>1; sid:1;)
alert ip any any -> any any (msg:"ev"; decode-event:ipv4.trunc_pkt; sid:2;)
alert tcp any any -> any any (msg:"big"; stream_size:client,>,1000; sid:3;)`);
    expect(h.packet({ proto: 'icmp', icmpType: 8, icmpId: 7, icmpSeq: 2 })).toEqual([1]);
    expect(h.packet({ proto: 'icmp', icmpType: 0, icmpId: 7, icmpSeq: 2 })).toEqual([]);
    const { decodeEventId } = require_decode();
    expect(h.packet({ proto: 'udp', events: [decodeEventId('decoder.ipv4.trunc_pkt')] })).toEqual([2]);
    h.flow.clientStreamBytes = 5000;
    expect(h.packet({})).toEqual([3]);
  });

  it('app-layer protocol from the header and app-layer-protocol keyword', () => {
    const h = harness(`
alert http any any -> any any (msg:"http payload"; content:"x"; sid:1;)
alert tcp any any -> any any (msg:"not tls"; app-layer-protocol:!tls; content:"x"; sid:2;)`);
    h.ctx.streamAdded = false;
    expect(h.packet({ payload: 'x' })).toEqual([2]);
    h.flow.appProto = 'http';
    expect(h.packet({ payload: 'x' })).toEqual([1, 2]);
    h.flow.appProto = 'tls';
    expect(h.packet({ payload: 'x' })).toEqual([]);
  });
});

import * as decoders from '../../../native-free-decoders/index.js';
function require_decode(): { decodeEventId: (n: string) => number } {
  return decoders;
}

describe('TCP stream versus packet payload', () => {
  const rules = `
alert tcp any any -> any any (msg:"payload"; content:"abc"; sid:1;)
alert tcp-pkt any any -> any any (msg:"pkt only"; content:"abc"; sid:2;)
alert tcp-stream any any -> any any (msg:"stream only"; content:"abc"; sid:3;)
alert tcp any any -> any any (msg:"dsize"; dsize:>0; content:"abc"; sid:4;)`;

  it('a packet not added to the stream is inspected as a packet', () => {
    const h = harness(rules);
    expect(h.packet({ payload: 'xabcx' })).toEqual([1, 2, 4]);
    expect(h.out.alerts[0]!.source).toBe('packet');
  });

  it('stream data is inspected first; added packets do not fall back for stream rules', () => {
    const h = harness(rules);
    const run = (payload: string, stream: string | null): number[] => {
      h.ctx.reset(new SyntheticPacket({ payload }), 0);
      h.ctx.direction = FlowDirection.ToServer;
      h.ctx.flow = h.flow;
      h.ctx.streamAdded = true;
      if (stream !== null) {
        const b = Buffer.from(stream);
        h.ctx.stream = { bytes: b, start: 0, newDataStart: 0, end: b.length };
      }
      h.engine.inspectPacket(h.ctx, h.out);
      return h.out.alerts.map((a) => a.sid);
    };
    expect(run('xabcx', null)).toEqual([2, 4]);
    expect(run('bc', 'xxabc')).toEqual([1, 3, 4]);
    expect(h.out.alerts.map((a) => a.source)).toEqual(['stream', 'stream', 'stream']);
    expect(run('abc', 'zzz')).toEqual([2, 4]);
  });

  it('inspectStreamChunk runs stream rules only and honours look-back', () => {
    const h = harness(rules);
    h.ctx.reset(new SyntheticPacket({}), 0);
    h.ctx.direction = FlowDirection.ToServer;
    h.ctx.flow = h.flow;
    const b = Buffer.from('abcxxabc');
    h.engine.inspectStreamChunk(h.ctx, { bytes: b, start: 0, newDataStart: 3, end: b.length }, h.out);
    // dsize is a packet keyword: a flush has no packet payload
    expect(h.out.alerts.map((a) => a.sid)).toEqual([1, 3]);
    h.engine.inspectStreamChunk(h.ctx, { bytes: b, start: 0, newDataStart: 8, end: 8 }, h.out);
    expect(h.out.alerts).toEqual([]);
    expect(h.ctx.stream).toBeNull();
  });
});

describe('flowbits', () => {
  it('set in one rule is seen by isset in another on the same packet, whatever the file order', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"reader"; flowbits:isset,login; content:"USER"; priority:1; sid:2;)
alert tcp any any -> any any (msg:"setter"; content:"USER"; flowbits:set,login; flowbits:noalert; priority:3; sid:1;)`);
    expect(h.packet({ payload: 'USER bob' })).toEqual([2]);
  });

  it('across packets, with unset, toggle, isnotset and groups', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"set a"; content:"A"; flowbits:set,a; flowbits:noalert; sid:1;)
alert tcp any any -> any any (msg:"set b"; content:"B"; flowbits:set,b; flowbits:noalert; sid:2;)
alert tcp any any -> any any (msg:"a and b"; content:"check"; flowbits:isset,a&b; sid:3;)
alert tcp any any -> any any (msg:"a or b"; content:"check"; flowbits:isset,a|b; sid:4;)
alert tcp any any -> any any (msg:"not a"; content:"check"; flowbits:isnotset,a; sid:5;)
alert tcp any any -> any any (msg:"unset a"; content:"U"; flowbits:unset,a; flowbits:noalert; sid:6;)
alert tcp any any -> any any (msg:"toggle b"; content:"T"; flowbits:toggle,b; flowbits:noalert; sid:7;)`);
    expect(h.packet({ payload: 'check' })).toEqual([5]);
    expect(h.packet({ payload: 'A' })).toEqual([]);
    expect(h.packet({ payload: 'check' })).toEqual([4]);
    expect(h.packet({ payload: 'B' })).toEqual([]);
    expect(h.packet({ payload: 'check' })).toEqual([3, 4]);
    expect(h.packet({ payload: 'U' })).toEqual([]);
    expect(h.packet({ payload: 'check' })).toEqual([4, 5]);
    expect(h.packet({ payload: 'T' })).toEqual([]);
    expect(h.packet({ payload: 'check' })).toEqual([5]);
  });

  it('a reload keeps flowbit meaning for live flows', () => {
    const h = harness('alert tcp any any -> any any (msg:"s"; content:"A"; flowbits:set,zz; flowbits:noalert; sid:1;)');
    h.packet({ payload: 'A' });
    const next = DetectEngine.build(
      loadRulesFromText(`
alert tcp any any -> any any (msg:"other"; flowbits:isset,other; sid:5;)
alert tcp any any -> any any (msg:"r"; content:"c"; flowbits:isset,zz; sid:2;)`).signatures,
      { previous: h.engine },
    );
    h.ctx.reset(new SyntheticPacket({ payload: 'c' }), 0);
    h.ctx.direction = FlowDirection.ToServer;
    h.ctx.flow = h.flow;
    next.inspectPacket(h.ctx, h.out);
    expect(h.out.alerts.map((a) => a.sid)).toEqual([2]);
  });
});

describe('flowint', () => {
  it('counts on match and compares, with setters ordered before readers whatever the file order', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"third"; content:"x"; flowint:nn,==,3; sid:2;)
alert tcp any any -> any any (msg:"more than one"; content:"x"; flowint:nn,>,1; flowint:nn,<=,3; sid:3;)
alert tcp any any -> any any (msg:"count"; content:"x"; flowint:nn,+,1; noalert; sid:1;)`);
    expect([1, 2, 3, 4].map(() => h.packet({ payload: 'x' }))).toEqual([[], [3], [2, 3], []]);
  });

  it('an unset variable: compared it never matches, + starts it, - leaves it unset, notset sees it', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"zero"; content:"cmp"; flowint:vv,==,0; sid:1;)
alert tcp any any -> any any (msg:"not zero"; content:"cmp"; flowint:vv,!=,0; sid:2;)
alert tcp any any -> any any (msg:"unset"; content:"cmp"; flowint:vv,notset; sid:3;)
alert tcp any any -> any any (msg:"set"; content:"cmp"; flowint:vv,isset; sid:4;)
alert tcp any any -> any any (msg:"sub"; content:"sub"; flowint:vv,-,2; noalert; sid:5;)
alert tcp any any -> any any (msg:"add"; content:"add"; flowint:vv,+,2; noalert; sid:6;)`);
    expect(h.packet({ payload: 'cmp' })).toEqual([3]);
    h.packet({ payload: 'sub' });
    expect(h.packet({ payload: 'cmp' })).toEqual([3]);
    h.packet({ payload: 'add' });
    expect(h.packet({ payload: 'cmp' })).toEqual([2, 4]);
    h.packet({ payload: 'sub' });
    expect(h.packet({ payload: 'cmp' })).toEqual([1, 4]);
    expect(h.flow.flowints?.get('vv')).toBe(0);
  });

  it('wraps as an unsigned 32-bit integer, compares with another variable (0 while unset), and needs a flow', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"set max"; content:"max"; flowint:big,=,4294967295; noalert; sid:1;)
alert tcp any any -> any any (msg:"bump"; content:"bump"; flowint:big,+,2; noalert; sid:2;)
alert tcp any any -> any any (msg:"copy"; content:"copy"; flowint:other,=,big; noalert; sid:3;)
alert tcp any any -> any any (msg:"above other"; content:"cmp"; flowint:big,>,other; sid:4;)
alert tcp any any -> any any (msg:"no flow"; content:"cmp"; flowint:big,notset; sid:5;)`);
    h.packet({ payload: 'max' });
    expect(h.flow.flowints?.get('big')).toBe(4294967295);
    expect(h.packet({ payload: 'cmp' })).toEqual([4]);
    h.packet({ payload: 'copy' });
    expect(h.packet({ payload: 'cmp' })).toEqual([]);
    h.packet({ payload: 'bump' });
    expect(h.flow.flowints?.get('big')).toBe(1);
    expect(h.flow.flowints?.get('other')).toBe(4294967295);
    h.ctx.reset(new SyntheticPacket({ payload: 'cmp' }), 0);
    h.ctx.flow = null;
    h.engine.inspectPacket(h.ctx, h.out);
    expect(h.out.alerts.map((a) => a.sid)).toEqual([]);
  });
});

describe('packet header buffers', () => {
  const ipv4 = Uint8Array.from([0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0, 0, 10, 0, 0, 1, 192, 0, 2, 1]);
  const tcp = Uint8Array.from([0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);

  it('match the bytes of the header they name, and nothing in a packet without that header', () => {
    const h = harness(`
alert ip any any -> any any (msg:"DF set"; ipv4.hdr; content:"|40|"; offset:6; depth:1; sid:1;)
alert tcp any any -> any any (msg:"window 65535"; tcp.hdr; content:"|ff ff|"; offset:14; depth:2; sid:2;)
alert tcp any any -> any any (msg:"payload and header"; content:"GET"; tcp.hdr; content:"|00 50|"; offset:2; depth:2; sid:3;)
alert ip any any -> any any (msg:"ipv6 only"; ipv6.hdr; content:"|60|"; depth:1; sid:4;)
alert udp any any -> any any (msg:"udp only"; udp.hdr; content:"|00 35|"; sid:5;)
alert tcp any any -> any any (msg:"transformed"; tcp.hdr; to_lowercase; content:"|70 18|"; sid:6;)
alert tcp any any -> any any (msg:"not transformed"; tcp.hdr; content:"|70 18|"; sid:7;)`);
    expect(h.packet({ ipHeader: ipv4, l4Header: tcp, payload: 'GET /' })).toEqual([1, 2, 3, 6]);
    expect(h.packet({ ipHeader: ipv4, l4Header: tcp, payload: 'PUT /' })).toEqual([1, 2, 6]);
    // Without header bytes (a pseudo packet at a stream flush) no header buffer matches.
    expect(h.packet({ payload: 'GET /' })).toEqual([]);
  });

  it('are plain buffers to the rule parser: relative matches and byte_test work on them', () => {
    const h = harness(`
alert ip any any -> any any (msg:"ttl 64 then proto tcp"; ipv4.hdr; content:"|40|"; offset:8; depth:1; byte_test:1,=,6,0,relative; content:"|00 01|"; distance:3; within:4; sid:1;)`);
    expect(h.packet({ ipHeader: ipv4, l4Header: tcp })).toEqual([1]);
    expect(h.engine.signatures[0]!.headerLists?.length).toBe(1);
    expect(h.engine.signatures[0]!.fpKey).toBeNull();
  });
});

describe('xbits', () => {
  it('set on a source address, seen from another flow, expiring in packet time', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"mark"; content:"scan"; xbits:set,scanner,track ip_src,expire 10; xbits:noalert; sid:1;)
alert tcp any any -> any any (msg:"marked"; content:"login"; xbits:isset,scanner,track ip_src; sid:2;)`);
    expect(h.packet({ src: '10.0.0.9', payload: 'login' }, 0)).toEqual([]);
    expect(h.packet({ src: '10.0.0.9', payload: 'scan' }, 1)).toEqual([]);
    h.flow = flowOf(h.engine);
    expect(h.packet({ src: '10.0.0.9', payload: 'login' }, 5)).toEqual([2]);
    expect(h.packet({ src: '10.0.0.8', payload: 'login' }, 5)).toEqual([]);
    expect(h.packet({ src: '10.0.0.9', payload: 'login' }, 12)).toEqual([]);
  });
});

describe('threshold and detection_filter', () => {
  it('type limit, count 1, seconds 60, by_src', () => {
    const h = harness(
      'alert tcp any any -> any any (msg:"lim"; content:"x"; threshold:type limit, track by_src, count 1, seconds 60; sid:1;)',
    );
    expect(h.packet({ src: '10.0.0.1', payload: 'x' }, 0)).toEqual([1]);
    expect(h.packet({ src: '10.0.0.1', payload: 'x' }, 10)).toEqual([]);
    expect(h.packet({ src: '10.0.0.2', payload: 'x' }, 20)).toEqual([1]);
    expect(h.packet({ src: '10.0.0.1', payload: 'x' }, 59)).toEqual([]);
    expect(h.packet({ src: '10.0.0.1', payload: 'x' }, 61)).toEqual([1]);
  });

  it('type threshold alerts on every count-th match; type both once per window', () => {
    const t = harness('alert tcp any any -> any any (msg:"t"; content:"x"; threshold:type threshold, track by_dst, count 3, seconds 60; sid:1;)');
    const got = [0, 1, 2, 3, 4, 5, 6].map((s) => t.packet({ payload: 'x' }, s).length);
    expect(got).toEqual([0, 0, 1, 0, 0, 1, 0]);
    const b = harness('alert tcp any any -> any any (msg:"b"; content:"x"; threshold:type both, track by_src, count 2, seconds 60; sid:1;)');
    expect([0, 1, 2, 3, 70, 71].map((s) => b.packet({ payload: 'x' }, s).length)).toEqual([0, 1, 0, 0, 0, 1]);
  });

  it('detection_filter alerts from the count+1-th match in the window', () => {
    const h = harness('alert tcp any any -> any any (msg:"df"; content:"x"; detection_filter:track by_src, count 2, seconds 60; sid:1;)');
    expect([0, 1, 2, 3, 100].map((s) => h.packet({ payload: 'x' }, s).length)).toEqual([0, 0, 1, 1, 0]);
  });
});

describe('alert contents and order', () => {
  it('orders alerts by priority then load order; IDS action is always allowed', () => {
    const h = harness(`
alert tcp any any -> any any (msg:"low"; content:"x"; priority:3; sid:10;)
drop tcp any any -> any any (msg:"drop"; content:"x"; classtype:trojan-activity; sid:11;)
alert tcp any any -> any any (msg:"high"; content:"x"; priority:1; sid:12;)
alert tcp any any -> any any (msg:"silent"; content:"x"; noalert; sid:13;)`);
    expect(h.packet({ payload: 'x' })).toEqual([11, 12, 10]);
    const drop = h.out.alerts[0]!;
    expect(drop.action).toBe('allowed');
    expect(drop.ruleAction).toBe('drop');
    expect(drop.category).toBe('A Network Trojan was detected');
    expect(drop.severity).toBe(1);
    expect(drop.buffer).toBe('pkt_data');
  });

  it('a matching pass rule suppresses the packet alerts and marks the flow', () => {
    const h = harness(`
pass tcp any any -> any any (msg:"ok"; content:"trusted"; sid:1;)
alert tcp any any -> any any (msg:"x"; content:"x"; sid:2;)`);
    expect(h.packet({ payload: 'x' })).toEqual([2]);
    expect(h.packet({ payload: 'x trusted' })).toEqual([]);
    expect(h.flow.passed).toBe(true);
    expect(h.packet({ payload: 'x' })).toEqual([]);
  });
});

describe('grouping and prefilter', () => {
  it('service-port groups keep rules for other ports out of the candidates', () => {
    const rules: string[] = [];
    for (let i = 0; i < 30; i++) rules.push(`alert tcp any any -> any ${1000 + i} (msg:"p${i}"; content:"k${i}"; sid:${i + 1};)`);
    rules.push('alert tcp any any -> any any (msg:"any"; content:"zz"; sid:100;)');
    rules.push('alert tcp any any -> any any (msg:"nofp"; dsize:>1000; sid:101;)');
    const h = harness(rules.join('\n'));
    const g = h.engine.packetGroupFor(6, FlowDirection.ToServer, 40000, 1005);
    expect(Array.from(g.members).map((o) => h.engine.signatures[o]!.sig.sid).sort((a, b) => a - b)).toEqual([6, 100, 101]);
    expect(Array.from(g.always).map((o) => h.engine.signatures[o]!.sig.sid)).toEqual([101]);
    expect(h.packet({ dstPort: 1005, payload: 'k5 k6 zz' })).toEqual([6, 100]);
    expect(h.engine.candidates.count).toBe(3);
    // ports beyond the top 25 share one group
    expect(h.packet({ dstPort: 1029, payload: 'k29' })).toEqual([30]);
  });

  it('rules without a fast pattern but with few addresses are found by address', () => {
    const h = harness(`
alert ip [198.51.100.0/24,203.0.113.5] any -> $HOME_NET any (msg:"rep src"; sid:1;)
alert ip $HOME_NET any -> [192.0.2.9] any (msg:"rep dst"; sid:2;)
alert ip $HOME_NET any -> $EXTERNAL_NET any (msg:"wide"; sid:3;)`);
    h.flow = flowOf(h.engine);
    expect(h.packet({ src: '198.51.100.77', dst: '10.0.0.1' })).toEqual([1]);
    // sid 1 by address, sid 3 because $HOME_NET -> $EXTERNAL_NET is too wide to index
    expect(h.engine.candidates.count).toBe(2);
    h.flow = flowOf(h.engine);
    expect(h.packet({ src: '203.0.113.5', dst: '10.0.0.1' })).toEqual([1]);
    h.flow = flowOf(h.engine);
    expect(h.packet({ src: '10.0.0.1', dst: '192.0.2.9' })).toEqual([2, 3]);
    expect(h.engine.candidates.count).toBe(2);
    expect(h.packet({ src: '203.0.113.6', dst: '10.0.0.1' })).toEqual([]);
    expect(h.packet({ src: '2001:db8::1', dst: '2001:db8::2' })).toEqual([]);
  });

  it('IP-only rules run on the first packet of each flow direction only', () => {
    const h = harness(`
alert ip 198.51.100.0/24 any -> any any (msg:"ip only"; sid:1;)
alert ip 198.51.100.0/24 any -> any any (msg:"has payload"; content:"x"; sid:2;)`);
    expect(h.packet({ src: '198.51.100.1', payload: 'x' })).toEqual([1, 2]);
    expect(h.packet({ src: '198.51.100.1', payload: 'x' })).toEqual([2]);
    expect(h.packet({ src: '198.51.100.1', payload: 'x' }, 0, FlowDirection.ToClient)).toEqual([1, 2]);
    h.flow = flowOf(h.engine);
    expect(h.packet({ src: '198.51.100.1' })).toEqual([1]);
  });

  it('to_client packets group by source port', () => {
    const h = harness('alert tcp any 443 -> any any (msg:"from 443"; flow:to_client; content:"q"; sid:1;)');
    expect(h.packet({ srcPort: 443, dstPort: 5555, payload: 'q' }, 0, FlowDirection.ToClient)).toEqual([1]);
    const g = h.engine.packetGroupFor(6, FlowDirection.ToClient, 443, 5555);
    expect(g.members.length).toBe(1);
    expect(h.engine.packetGroupFor(6, FlowDirection.ToClient, 80, 443).members.length).toBe(0);
  });
});

class MapProvider implements BufferProvider {
  private readonly view: BufferView = { bytes: new Uint8Array(0), start: 0, end: 0 };
  constructor(private readonly buffers: Map<number, string[]>, readonly tlsVersion?: string) {}
  getBuffer(bufferId: number, index: number): BufferView | null {
    const list = this.buffers.get(bufferId);
    const s = list?.[index];
    if (s === undefined) return null;
    const b = Buffer.from(s, 'latin1');
    this.view.bytes = b;
    this.view.start = 0;
    this.view.end = b.length;
    return this.view;
  }
}

describe('inspectAppLayer', () => {
  const rules = `
alert http any any -> any any (msg:"uri"; flow:established,to_server; http.method; content:"GET"; http.uri; content:"/evil"; nocase; sid:1;)
alert http any any -> any any (msg:"hdr line"; http.request_header; content:"X-Bad|3a| 1"; startswith; sid:2;)
alert http any any -> any any (msg:"lower"; http.uri; to_lowercase; content:"/admin"; sid:3;)
alert http any any -> any any (msg:"resp"; flow:to_client; http.stat_code; content:"500"; sid:4;)
alert http any any -> any any (msg:"no ua"; http.method; content:"POST"; http.user_agent; content:!"Mozilla"; sid:5;)
alert tls any any -> any any (msg:"sni"; tls.sni; content:"bad.example"; endswith; sid:6;)
alert tls any any -> any any (msg:"subject"; tls.subject:"CN=evil"; sid:7;)`;

  function run(h: Harness, app: string, dir: FlowDirection, bufs: Record<number, string[]>, tx = h.engine.newTxState(), tlsVersion?: string): number[] {
    h.ctx.reset(new SyntheticPacket({}), 0);
    h.ctx.direction = dir;
    h.flow.appProto = app;
    h.ctx.flow = h.flow;
    h.engine.inspectAppLayer(h.ctx, new MapProvider(new Map(Object.entries(bufs).map(([k, v]) => [Number(k), v])), tlsVersion), tx, 7, h.out);
    return h.out.alerts.map((a) => a.sid);
  }

  it('matches transaction buffers, multi-buffers and transforms, once per transaction', () => {
    const h = harness(rules);
    const tx = h.engine.newTxState();
    const req = {
      [BufferId.HttpMethod]: ['GET'],
      [BufferId.HttpUri]: ['/EVIL/Admin'],
      [BufferId.HttpRequestHeader]: ['Host: a', 'X-Bad: 1'],
    };
    expect(run(h, 'http', FlowDirection.ToServer, req, tx)).toEqual([1, 2, 3]);
    expect(h.out.alerts[0]!.source).toBe('tx');
    expect(h.out.alerts[0]!.txId).toBe(7);
    expect(h.out.alerts[0]!.buffer).toBe('http.uri');
    expect(run(h, 'http', FlowDirection.ToServer, req, tx)).toEqual([]);
    expect(run(h, 'http', FlowDirection.ToClient, { ...req, [BufferId.HttpStatCode]: ['500'] }, tx)).toEqual([4]);
    expect(run(h, 'tls', FlowDirection.ToServer, req)).toEqual([]);
  });

  it('an absent buffer fails even a negated content; TLS buffers and legacy keywords', () => {
    const h = harness(rules);
    expect(run(h, 'http', FlowDirection.ToServer, { [BufferId.HttpMethod]: ['POST'] })).toEqual([]);
    expect(run(h, 'http', FlowDirection.ToServer, { [BufferId.HttpMethod]: ['POST'], [BufferId.HttpUserAgent]: ['curl'] })).toEqual([5]);
    expect(run(h, 'tls', FlowDirection.ToServer, { [BufferId.TlsSni]: ['www.bad.example'] })).toEqual([6]);
    expect(run(h, 'tls', FlowDirection.ToClient, { [BufferId.TlsCertSubject]: ['C=US, CN=evil'] })).toEqual([7]);
  });
});
