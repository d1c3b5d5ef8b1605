import { describe, expect, it } from 'vitest';
import * as B from '../../tests/helpers/packet-builder.js';
import { formatIpAt } from '../bytes/ip-address.js';
import { DecodedPacket, TunnelKind } from './decoded-packet.js';
import { decodeEventName } from './decode-events.js';
import { DecodeStatus, PacketFlag } from './decode-status.js';
import { LayerKind, layerName } from './layer-kind.js';
import { LinkType } from './link-type.js';
import { PacketDecoder } from './packet-decoder.js';

const decoder = new PacketDecoder();
const pkt = new DecodedPacket();
const text = (s: string) => new TextEncoder().encode(s);

function decode(frame: Uint8Array, linkType: number = LinkType.Ethernet, wire = frame.length) {
  const status = decoder.decode(pkt, frame, 0, frame.length, wire, linkType);
  return {
    status,
    layers: [...pkt.layerKinds.subarray(0, pkt.layerCount)].map(layerName).join('/'),
    events: [...pkt.events.subarray(0, pkt.eventCount)].map(decodeEventName),
    src: pkt.ipVersion ? formatIpAt(pkt.bytes, pkt.srcAddrOffset, pkt.ipVersion) : '',
    dst: pkt.ipVersion ? formatIpAt(pkt.bytes, pkt.dstAddrOffset, pkt.ipVersion) : '',
  };
}

describe('PacketDecoder: AWS Traffic Mirroring deliveries', () => {
  const http = text('GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n');
  const innerTcp = B.ethernet(B.ipv4(B.tcp(http, { sport: 41000, dport: 80, seq: 7, ack: 9, flags: 0x18 }), { src: '203.0.113.50', dst: '10.0.0.11' }));

  it('decodes VXLAN on 4789 down to the inner TCP payload and records the mirror source', () => {
    const r = decode(B.mirrored(innerTcp, { vni: 7001, source: '10.0.0.11', target: '10.0.9.9', sport: 61234 }));
    expect(r.status).toBe(DecodeStatus.Ok);
    expect(r.layers).toBe('ethernet/ipv4/udp/vxlan/ethernet/ipv4/tcp');
    expect(pkt.vni).toBe(7001);
    expect(pkt.tunnelKind).toBe(TunnelKind.Vxlan);
    expect(formatIpAt(pkt.bytes, pkt.mirrorSrcOffset, pkt.mirrorIpVersion)).toBe('10.0.0.11');
    expect(formatIpAt(pkt.bytes, pkt.mirrorDstOffset, pkt.mirrorIpVersion)).toBe('10.0.9.9');
    expect(pkt.mirrorSrcPort).toBe(61234);
    expect(pkt.mirrorDstPort).toBe(4789);
    expect([r.src, r.dst, pkt.srcPort, pkt.dstPort, pkt.ipProto]).toEqual(['203.0.113.50', '10.0.0.11', 41000, 80, 6]);
    expect(pkt.tcpSeq).toBe(7);
    expect(pkt.tcpAck).toBe(9);
    expect(pkt.tcpFlags).toBe(0x18);
    expect(pkt.ipLength).toBe(20 + 20 + http.length);
    expect(pkt.payloadLength).toBe(http.length);
    expect(new TextDecoder().decode(pkt.bytes.subarray(pkt.payloadOffset, pkt.payloadOffset + pkt.payloadLength))).toBe(
      new TextDecoder().decode(http),
    );
    expect(pkt.flags & PacketFlag.Tunneled).toBeTruthy();
    expect(pkt.flags & PacketFlag.Truncated).toBe(0);
  });

  it('decodes the Gateway Load Balancer stack GENEVE -> IPv4 -> UDP 4789 -> VXLAN -> Ethernet', () => {
    const r = decode(B.gwlbMirrored(innerTcp, { vni: 4242, geneveVni: 77 }));
    expect(r.status).toBe(DecodeStatus.Ok);
    expect(r.layers).toBe('ethernet/ipv4/udp/geneve/ipv4/udp/vxlan/ethernet/ipv4/tcp');
    expect(pkt.geneveVni).toBe(77);
    expect(formatIpAt(pkt.bytes, pkt.geneveSrcOffset, pkt.geneveIpVersion)).toBe('10.0.8.8');
    expect(pkt.vni).toBe(4242);
    expect(formatIpAt(pkt.bytes, pkt.mirrorSrcOffset, 4)).toBe('10.0.0.11');
    expect(pkt.tunnelDepth).toBe(2);
    expect(pkt.flags & PacketFlag.Gwlb).toBeTruthy();
    // GENEVE options are skipped by their length: the layer's header length includes the three 12-byte TLVs.
    expect(pkt.layerLengths[pkt.findLayer(LayerKind.Geneve)]).toBe(8 + 36);
    expect(r.dst).toBe('10.0.0.11');
  });

  it('treats VXLAN with the I flag clear as an invalid tunnel and does not decode the inner frame', () => {
    const r = decode(B.mirrored(innerTcp).map((v, i) => (i === 42 ? 0x00 : v)));
    expect(r.events).toContain('decoder.vxlan.invalid_flags');
    expect(pkt.flags & PacketFlag.InvalidTunnel).toBeTruthy();
    expect(r.layers).toBe('ethernet/ipv4/udp');
    expect(pkt.vni).toBe(-1);
    expect(pkt.dstPort).toBe(4789);
    expect(r.status).toBe(DecodeStatus.Malformed);
  });

  it('flags a VXLAN header too short to hold its 8 bytes', () => {
    const frame = B.ethernet(B.ipv4(B.udp(new Uint8Array([8, 0, 0, 0, 0]), 1000, 4789), { proto: 17 }));
    const r = decode(frame);
    expect(r.events).toEqual(['decoder.vxlan.pkt_too_small']);
    expect(pkt.flags & PacketFlag.InvalidTunnel).toBeTruthy();
  });

  it('decodes inner 802.1Q and 802.1ad (QinQ) tags', () => {
    const ip = B.ipv4(B.udp(text('x'), 1111, 53), { proto: 17 });
    const qinq = B.ethernet(B.vlanTag(300, 0x8100, B.vlanTag(42, 0x0800, ip)), 0x88a8);
    const r = decode(B.mirrored(qinq));
    expect(r.layers).toBe('ethernet/ipv4/udp/vxlan/ethernet/qinq/vlan/ipv4/udp');
    expect(pkt.vlanCount).toBe(2);
    expect([pkt.vlanIds[0], pkt.vlanIds[1]]).toEqual([300, 42]);
    expect(pkt.dstPort).toBe(53);
  });

  it('honours extra tunnel ports from the table', () => {
    const d = new PacketDecoder();
    d.tunnelPorts.setVxlan(8472);
    const frame = B.ethernet(B.ipv4(B.udp(B.vxlan(innerTcp, 5), 999, 8472), { proto: 17 }));
    d.decode(pkt, frame, 0, frame.length, frame.length, 1);
    expect(pkt.vni).toBe(5);
    expect(pkt.dstPort).toBe(80);
    decoder.decode(pkt, frame, 0, frame.length, frame.length, 1);
    expect(pkt.vni).toBe(-1);
  });

  it('stops at the tunnel depth guard', () => {
    let frame = innerTcp;
    for (let i = 0; i < 5; i++) frame = B.mirrored(frame, { vni: i });
    const r = decode(frame);
    expect(r.events).toContain('decoder.too_many_layers');
    expect(pkt.tunnelDepth).toBe(3);
  });
});

describe('PacketDecoder: truncation keeps the IP length', () => {
  it('a mirror PacketLength of 100 truncates the inner packet: IP length survives, L4 still decoded', () => {
    const payload = new Uint8Array(1400).fill(0x41);
    const inner = B.ethernet(B.ipv4(B.tcp(payload, { sport: 443, dport: 50000 })));
    const cut = inner.subarray(0, 100);
    const r = decode(B.mirrored(cut));
    expect(r.status).toBe(DecodeStatus.Truncated);
    expect(r.events).toContain('decoder.ipv4.trunc_pkt');
    expect(pkt.ipLength).toBe(1440);
    expect(pkt.srcPort).toBe(443);
    expect(pkt.payloadLength).toBe(100 - 14 - 40);
    expect(pkt.payloadWireLength).toBe(1400);
    expect(pkt.flags & PacketFlag.Truncated).toBeTruthy();
  });

  it('strips Ethernet padding beyond the IP total length', () => {
    const frame = B.concat(B.ethernet(B.ipv4(B.tcp(new Uint8Array(0), { flags: 0x10 }))), new Uint8Array(6));
    decode(frame);
    expect(pkt.payloadLength).toBe(0);
    expect(pkt.ipLength).toBe(40);
  });

  it('a capture shorter than the wire length is flagged even when headers are whole', () => {
    const frame = B.ethernet(B.ipv4(B.tcp(new Uint8Array(100))));
    decoder.decode(pkt, frame, 0, 80, frame.length, 1);
    expect(pkt.flags & PacketFlag.Truncated).toBeTruthy();
    expect(pkt.ipLength).toBe(140);
  });

  it('reads ports from a TCP header cut after 4 bytes', () => {
    const frame = B.ethernet(B.ipv4(B.tcp(new Uint8Array(10), { sport: 1234, dport: 4321 })));
    decoder.decode(pkt, frame, 0, 14 + 20 + 6, frame.length, 1);
    expect([pkt.srcPort, pkt.dstPort, pkt.ipLength]).toEqual([1234, 4321, 50]);
    expect(pkt.flags & PacketFlag.L4Truncated).toBeTruthy();
  });
});

describe('PacketDecoder: layers', () => {
  it('IPv4 fields, options, fragments', () => {
    const frame = B.ethernet(B.ipv4(B.udp(text('abc'), 5, 6), { proto: 17, ttl: 3, id: 0xbeef, tos: 0x10, options: [0x07, 7, 4, 0, 0, 0, 0, 1] }));
    const r = decode(frame);
    expect([pkt.ttl, pkt.ipId, pkt.tos, pkt.ipHeaderLength]).toEqual([3, 0xbeef, 0x10, 28]);
    expect(r.events).toEqual([]);
    const frag = B.ethernet(B.ipv4(text('0123456789'), { proto: 6, flags: 1, fragOffset: 64 }));
    decode(frag);
    expect(pkt.flags & PacketFlag.Fragment).toBeTruthy();
    expect(pkt.fragOffset).toBe(64);
    expect(pkt.l4Offset).toBe(0);
    expect(pkt.payloadLength).toBe(10);
  });

  it('IPv4 malformed headers raise Suricata events', () => {
    const good = B.ethernet(B.ipv4(B.tcp()));
    const wrongVersion = good.slice();
    wrongVersion[14] = 0x55;
    expect(decode(wrongVersion).events).toEqual(['decoder.ipv4.wrong_ip_version']);
    const shortHlen = good.slice();
    shortHlen[14] = 0x44;
    expect(decode(shortHlen).events).toEqual(['decoder.ipv4.hlen_too_small']);
    const smallLen = good.slice();
    smallLen[16] = 0;
    smallLen[17] = 10;
    expect(decode(smallLen).events).toEqual(['decoder.ipv4.iplen_smaller_than_hlen']);
    const badOpt = B.ethernet(B.ipv4(B.tcp(), { options: [0x07, 9, 0, 0] }));
    expect(decode(badOpt).events).toEqual(['decoder.ipv4.opt_invalid_len']);
  });

  it('IPv6 with hop-by-hop, destination options and fragment headers', () => {
    const l4 = B.udp(text('hello'), 1000, 2000);
    const frag = B.ipv6Fragment(17, l4, 0, true, 0xabcd);
    const dst = B.ipv6OptionsHeader(44, frag, [0x1e, 2, 0, 0]);
    const hop = B.ipv6OptionsHeader(60, dst, [0x05, 2, 0, 0]);
    const r = decode(B.mirrored(B.ethernet(B.ipv6(hop, { nextHeader: 0, hopLimit: 9 }), 0x86dd)));
    expect(r.layers).toBe('ethernet/ipv4/udp/vxlan/ethernet/ipv6/ipv6.hop_by_hop/ipv6.dest_opts/ipv6.fragment/udp');
    expect([pkt.ipProto, pkt.srcPort, pkt.dstPort, pkt.ttl, pkt.ipId]).toEqual([17, 1000, 2000, 9, 0xabcd]);
    expect(pkt.ipHeaderLength).toBe(40 + 8 + 8 + 8);
    expect(pkt.flags & PacketFlag.Fragment).toBeTruthy();
    expect(r.src).toBe('2001:db8::11');
    expect(r.events).toEqual([]);
  });

  it('IPv6 events: routing type 0, duplicate headers, padding-only options, non-first fragment', () => {
    const rh0 = B.concat(new Uint8Array([59, 0, 0, 0, 0, 0, 0, 0]));
    expect(decode(B.ethernet(B.ipv6(rh0, { nextHeader: 43 }), 0x86dd)).events).toContain('decoder.ipv6.rh_type_0');
    const padOnly = B.ipv6OptionsHeader(59, new Uint8Array(0));
    expect(decode(B.ethernet(B.ipv6(padOnly, { nextHeader: 0 }), 0x86dd)).events).toContain('decoder.ipv6.hopopts_only_padding');
    const nonFirst = B.ipv6Fragment(6, new Uint8Array(16), 128, false);
    decode(B.ethernet(B.ipv6(nonFirst, { nextHeader: 44 }), 0x86dd));
    expect(pkt.l4Offset).toBe(0);
    expect(pkt.fragOffset).toBe(128);
    expect(pkt.payloadLength).toBe(16);
  });

  it('TCP options: MSS, window scale, SACK-permitted, SACK, timestamps', () => {
    const opts = [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 3, 3, 7, 5, 10, 0, 0, 0, 1, 0, 0, 0, 9];
    decode(B.ethernet(B.ipv4(B.tcp(new Uint8Array(0), { flags: 0x02, options: opts }))));
    expect([pkt.tcpMss, pkt.tcpWscale, pkt.tcpSackPermitted, pkt.tcpSackBlocks, pkt.tcpHasTimestamp, pkt.tcpTsVal, pkt.tcpTsEcr]).toEqual([
      1460, 7, true, 1, true, 1, 2,
    ]);
    const bad = decode(B.ethernet(B.ipv4(B.tcp(new Uint8Array(0), { options: [2, 3, 1, 1] }))));
    expect(bad.events).toEqual(['decoder.tcp.opt_invalid_len']);
    const dup = decode(B.ethernet(B.ipv4(B.tcp(new Uint8Array(0), { options: [2, 4, 1, 1, 2, 4, 1, 1] }))));
    expect(dup.events).toEqual(['decoder.tcp.opt_duplicate']);
  });

  it('TCP data offset smaller than 20 is malformed', () => {
    const frame = B.ethernet(B.ipv4(B.tcp()));
    frame[14 + 20 + 12] = 0x40;
    expect(decode(frame).events).toEqual(['decoder.tcp.hlen_too_small']);
  });

  it('UDP length bounds the payload and inconsistent lengths raise events', () => {
    decode(B.ethernet(B.ipv4(B.udp(text('abcdef'), 1, 2, 10), { proto: 17 })));
    expect(pkt.payloadLength).toBe(2);
    expect(decode(B.ethernet(B.ipv4(B.udp(text('ab'), 1, 2, 4), { proto: 17 }))).events).toEqual(['decoder.udp.hlen_invalid']);
    expect(decode(B.ethernet(B.ipv4(B.udp(text('ab'), 1, 2, 99), { proto: 17 }))).events).toEqual(['decoder.udp.len_invalid']);
  });

  it('ICMPv4 echo and unknown type/code', () => {
    decode(B.ethernet(B.ipv4(B.icmp(8, 0, 0x1234, 7, new Uint8Array(56)), { proto: 1 })));
    expect([pkt.icmpType, pkt.icmpCode, pkt.icmpId, pkt.icmpSeq, pkt.ipLength]).toEqual([8, 0, 0x1234, 7, 84]);
    expect(decode(B.ethernet(B.ipv4(B.icmp(99, 0), { proto: 1 }))).events).toEqual(['decoder.icmpv4.unknown_type']);
    expect(decode(B.ethernet(B.ipv4(B.icmp(3, 99), { proto: 1 }))).events).toEqual(['decoder.icmpv4.unknown_code']);
  });

  it('ICMPv4 timestamps and router advertisements: their fixed fields belong to the header, as in Suricata', () => {
    const header = () => [pkt.l4HeaderLength, pkt.payloadOffset - pkt.l4Offset, pkt.payloadLength];
    expect(decode(B.ethernet(B.ipv4(B.icmp(13, 0, 1, 1, new Uint8Array(12 + 5)), { proto: 1 }))).events).toEqual([]);
    expect(header()).toEqual([20, 20, 5]);
    // Two 8-byte entries (address size 2 words) after the 8-byte header.
    decode(B.ethernet(B.ipv4(B.icmp(9, 0, 0x0202, 1800, new Uint8Array(16)), { proto: 1 })));
    expect(header()).toEqual([24, 24, 0]);
    expect(decode(B.ethernet(B.ipv4(B.icmp(14, 0, 1, 1, new Uint8Array(4)), { proto: 1 }))).events).toEqual(['decoder.icmpv4.ipv4_trunc_pkt']);
    expect(header()).toEqual([8, 8, 4]);
    decode(B.ethernet(B.ipv4(B.icmp(8, 0, 1, 1, new Uint8Array(12)), { proto: 1 })));
    expect(header()).toEqual([8, 8, 12]);
  });

  it('ICMPv6 echo', () => {
    decode(B.ethernet(B.ipv6(B.icmp(128, 0, 3, 4, new Uint8Array(8)), { nextHeader: 58 }), 0x86dd));
    expect([pkt.icmpType, pkt.icmpId, pkt.icmpSeq, pkt.ipProto]).toEqual([128, 3, 4, 58]);
  });

  it('ARP is recognised and counted, not decoded further', () => {
    const arp = B.hex('0001 0800 06 04 0001 020000000001 0a00000b 000000000000 0a000001');
    const r = decode(B.ethernet(arp, 0x0806));
    expect(r.layers).toBe('ethernet/arp');
    expect(pkt.flags & PacketFlag.Arp).toBeTruthy();
    expect(r.status).toBe(DecodeStatus.Unsupported);
  });

  it('unknown ethertypes are an event, 802.3 length fields are not', () => {
    expect(decode(B.ethernet(new Uint8Array(20), 0x88cc)).events).toEqual(['decoder.ethernet.unknown_ethertype']);
    expect(decode(B.ethernet(new Uint8Array(20), 0x0026)).events).toEqual([]);
  });

  it('raw IP, Linux SLL, SLL2 and BSD NULL link types', () => {
    const ip = B.ipv4(B.tcp());
    expect(decode(ip, LinkType.Raw).layers).toBe('ipv4/tcp');
    expect(decode(B.ipv6(B.tcp()), LinkType.Raw).layers).toBe('ipv6/tcp');
    expect(decode(new Uint8Array([0x50, 0, 0, 0]), LinkType.Raw).events).toEqual(['decoder.ipraw.invalid_ip_version']);
    const sll = B.concat(B.hex('0000 0001 0006 020000000001 0000 0800'), ip);
    expect(decode(sll, LinkType.LinuxSll).layers).toBe('sll/ipv4/tcp');
    const sll2 = B.concat(B.hex('0800 0000 00000002 0001 00 06 020000000001 0000'), ip);
    expect(decode(sll2, LinkType.LinuxSll2).layers).toBe('sll2/ipv4/tcp');
    expect(decode(B.concat(new Uint8Array([2, 0, 0, 0]), ip), LinkType.Null).layers).toBe('null/ipv4/tcp');
    expect(decode(ip, 147).events).toEqual(['decoder.unsupported_link_type']);
  });

  it('clamps a capture length larger than the buffer', () => {
    const frame = B.ethernet(B.ipv4(B.tcp()));
    expect(() => decoder.decode(pkt, frame, 0, 9999, 9999, 1)).not.toThrow();
    expect(pkt.captureLength).toBe(frame.length);
  });
});
