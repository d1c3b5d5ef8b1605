import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { ethernet, gwlbMirrored, icmp, ipv4, ipv6, mirrored, tcp, udp } from '../../tests/helpers/packet-builder.js';
import { FlowKey, MirrorSourceKind, extractFlowKey } from './flow-key.js';
import { formatKeyAddress } from './key-address.js';

const decoder = new PacketDecoder();
function decode(frame: Uint8Array, captured = frame.length): DecodedPacket {
  const p = new DecodedPacket();
  decoder.decode(p, frame, 0, captured, frame.length, 1);
  return p;
}

function keyOf(frame: Uint8Array): FlowKey {
  const k = new FlowKey();
  expect(extractFlowKey(decode(frame), k)).toBe(true);
  return k;
}

describe('extractFlowKey', () => {
  it('keys a VXLAN mirror delivery by (VNI, outer source) and orders the endpoints canonically', () => {
    const out = keyOf(mirrored(ethernet(ipv4(tcp(new Uint8Array(0), { sport: 41000, dport: 80 }), { src: '203.0.113.50', dst: '10.0.0.11' })), { vni: 7001, source: '10.0.0.11' }));
    expect(out.sourceKind).toBe(MirrorSourceKind.Vxlan);
    expect(out.vni).toBe(7001);
    expect(out.mirrorIpVersion).toBe(4);
    expect(formatKeyAddress(out.words, 1, 4)).toBe('10.0.0.11');
    expect(out.proto).toBe(6);
    expect(out.ipVersion).toBe(4);
    expect(out.srcPort).toBe(41000);
    expect(out.dstPort).toBe(80);
    // 10.0.0.11 sorts below 203.0.113.50, so the packet's source sits in the hi slot.
    expect(out.reversed).toBe(true);
    expect(formatKeyAddress(out.words, 5, 4)).toBe('10.0.0.11');
    const back = keyOf(mirrored(ethernet(ipv4(tcp(new Uint8Array(0), { sport: 80, dport: 41000 }), { src: '10.0.0.11', dst: '203.0.113.50' })), { vni: 7001, source: '10.0.0.11' }));
    expect(back.reversed).toBe(false);
    expect(Array.from(back.words)).toEqual(Array.from(out.words));
  });

  it('keeps the copies from two mirror sources apart', () => {
    const inner = ethernet(ipv4(tcp(new Uint8Array(0), { sport: 41000, dport: 80 }), { src: '10.0.0.11', dst: '10.0.0.22' }));
    const a = keyOf(mirrored(inner, { vni: 7001, source: '10.0.0.11' }));
    const b = keyOf(mirrored(inner, { vni: 7002, source: '10.0.0.22' }));
    expect(Array.from(a.words)).not.toEqual(Array.from(b.words));
    expect(Array.from(a.words.subarray(5))).toEqual(Array.from(b.words.subarray(5)));
  });

  it('uses the VXLAN mirror fields behind a GWLB, and only the GENEVE VNI without VXLAN', () => {
    const inner = ethernet(ipv4(udp(new Uint8Array(8), 5000, 53), { src: '10.0.0.11', dst: '10.0.0.2', proto: 17 }));
    const g = keyOf(gwlbMirrored(inner, { vni: 42, source: '10.0.0.11' }));
    expect(g.sourceKind).toBe(MirrorSourceKind.Vxlan);
    expect(g.vni).toBe(42);
    const plain = keyOf(inner);
    expect(plain.sourceKind).toBe(MirrorSourceKind.None);
    expect(plain.vni).toBe(-1);
    expect(Array.from(plain.words.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('gives ICMP ports 0 but keeps type, code and id on the side', () => {
    const k = keyOf(mirrored(ethernet(ipv4(icmp(8, 0, 0x1234, 1, new Uint8Array(56)), { src: '203.0.113.12', dst: '172.31.16.139', proto: 1 }))));
    expect(k.srcPort).toBe(0);
    expect(k.dstPort).toBe(0);
    expect(k.words[13]).toBe(0);
    expect([k.icmpType, k.icmpCode, k.icmpId]).toEqual([8, 0, 0x1234]);
    const reply = keyOf(mirrored(ethernet(ipv4(icmp(0, 0, 0x1234, 1, new Uint8Array(56)), { src: '172.31.16.139', dst: '203.0.113.12', proto: 1 }))));
    expect(Array.from(reply.words)).toEqual(Array.from(k.words));
  });

  it('keys IPv6 by all 16 address bytes, ICMPv6 with ports 0', () => {
    const k = keyOf(ethernet(ipv6(tcp(new Uint8Array(0), { sport: 34892, dport: 22 }), { src: '2001:db8:1234:a100:8d6e:3477:df66:f105', dst: '2001:db8:1234:a102:3304:8879:34cf:4071' }), 0x86dd));
    expect(k.ipVersion).toBe(6);
    expect(formatKeyAddress(k.words, k.reversed ? 9 : 5, 6)).toBe('2001:db8:1234:a100:8d6e:3477:df66:f105');
    const i6 = keyOf(ethernet(ipv6(icmp(128, 0, 7, 1), { nextHeader: 58 }), 0x86dd));
    expect(i6.proto).toBe(58);
    expect(i6.words[13]).toBe(0);
  });

  it('still keys a mirror-truncated packet whose ports survived, and refuses frames without IP', () => {
    const frame = mirrored(ethernet(ipv4(tcp(new Uint8Array(1400), { sport: 41000, dport: 443 }))));
    const k = new FlowKey();
    expect(extractFlowKey(decode(frame, frame.length - 1400 - 16), k)).toBe(true);
    expect(k.srcPort).toBe(41000);
    expect(k.dstPort).toBe(443);
    const arp = ethernet(new Uint8Array(28), 0x0806);
    expect(extractFlowKey(decode(arp), k)).toBe(false);
  });
});
