import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder, formatIpAt } from '../../native-free-decoders/index.js';
import { FlowKey, extractFlowKey, packetFlowHash } from '../flow/index.js';
import { datagramsFromCapture } from './capture-datagrams.js';
import { readCaptureFile } from './capture-file.js';
import {
  DatagramFramer,
  DatagramInvalidReason,
  FRAMED_IPV4_OVERHEAD,
  FRAMED_IPV6_OVERHEAD,
  FRAMED_LINK_TYPE,
  MAX_FRAMED_LENGTH,
  classifyDatagram,
} from './datagram-framing.js';

const samples = new URL('../../samples/', import.meta.url).pathname;

/** What must survive framing: the inspected packet, the delivery that carried it, and the flow it belongs to. */
function summary(decoder: PacketDecoder, bytes: Uint8Array, offset: number, length: number, linkType: number) {
  const pkt = new DecodedPacket();
  const status = decoder.decode(pkt, bytes, offset, length, length, linkType);
  const key = new FlowKey();
  const hasKey = extractFlowKey(pkt, key);
  return {
    status,
    flags: pkt.flags,
    events: Array.from(pkt.events.subarray(0, pkt.eventCount)),
    tunnelKind: pkt.tunnelKind,
    tunnelDepth: pkt.tunnelDepth,
    vni: pkt.vni,
    geneveVni: pkt.geneveVni,
    mirrorIpVersion: pkt.mirrorIpVersion,
    mirrorSrc: pkt.mirrorIpVersion ? formatIpAt(pkt.bytes, pkt.mirrorSrcOffset, pkt.mirrorIpVersion) : null,
    mirrorSrcPort: pkt.mirrorSrcPort,
    mirrorDstPort: pkt.mirrorDstPort,
    ipVersion: pkt.ipVersion,
    src: pkt.ipVersion ? formatIpAt(pkt.bytes, pkt.srcAddrOffset, pkt.ipVersion) : null,
    dst: pkt.ipVersion ? formatIpAt(pkt.bytes, pkt.dstAddrOffset, pkt.ipVersion) : null,
    ipLength: pkt.ipLength,
    proto: pkt.ipProto,
    srcPort: pkt.srcPort,
    dstPort: pkt.dstPort,
    tcpFlags: pkt.tcpFlags,
    payload: Buffer.from(pkt.bytes.subarray(pkt.payloadOffset, pkt.payloadOffset + pkt.payloadLength)).toString('hex'),
    key: hasKey ? Array.from(key.words) : null,
    hash: packetFlowHash(pkt),
  };
}

function compareSample(name: string, decoder = new PacketDecoder()): number {
  const path = `${samples}${name}`;
  const datagrams = datagramsFromCapture(path);
  const framedByRecord = new Map(datagrams.map((d) => [d.recordNumber, d]));
  const out = new Uint8Array(MAX_FRAMED_LENGTH);
  let compared = 0;
  readCaptureFile(path, (r) => {
    const d = framedByRecord.get(r.recordNumber);
    if (d === undefined) return;
    const expected = summary(decoder, r.bytes, r.offset, r.captureLength, r.linkType);
    const framer = new DatagramFramer(d.dstAddress, d.dstPort);
    const n = framer.frame(d.payload, 0, d.payload.length, d.srcAddress, d.srcPort, out, 0);
    expect(n).toBe(d.payload.length + (d.srcAddress.includes(':') ? FRAMED_IPV6_OVERHEAD : FRAMED_IPV4_OVERHEAD));
    const got = summary(decoder, out, 0, n, FRAMED_LINK_TYPE);
    expect(got, `${name} record ${r.recordNumber}`).toEqual(expected);
    compared++;
  });
  return compared;
}

describe('DatagramFramer', () => {
  it.each(['vxlan-basic.pcap', 'gwlb-geneve.pcap', 'ipv6.pcap', 'vlan-qinq.pcap', 'invalid-vxlan.pcap'])(
    'a framed datagram decodes like the same delivery read from %s',
    (name) => {
      expect(compareSample(name)).toBeGreaterThan(5);
    },
  );

  it('writes a valid IPv4 header checksum', () => {
    const framer = new DatagramFramer('10.0.9.9', 4789);
    const out = new Uint8Array(100);
    const n = framer.frame(new Uint8Array(8), 0, 8, '10.0.0.11', 50000, out, 0);
    expect(n).toBe(36);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += (out[i]! << 8) | out[i + 1]!;
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    expect(sum).toBe(0xffff);
  });

  it('writes IPv4 for a dual-stack socket reporting a mapped sender, IPv6 for a real IPv6 sender', () => {
    const [d] = datagramsFromCapture(`${samples}vxlan-basic.pcap`);
    const decoder = new PacketDecoder();
    const out = new Uint8Array(MAX_FRAMED_LENGTH);
    const plain = new DatagramFramer('0.0.0.0', 4789);
    const dual = new DatagramFramer('::', 4789);
    const a = summary(decoder, out, 0, plain.frame(d!.payload, 0, d!.payload.length, '10.0.0.11', 40000, out, 0), FRAMED_LINK_TYPE);
    const b = summary(decoder, out, 0, dual.frame(d!.payload, 0, d!.payload.length, '::ffff:10.0.0.11', 40000, out, 0), FRAMED_LINK_TYPE);
    expect(b).toEqual(a);
    const c = summary(decoder, out, 0, dual.frame(d!.payload, 0, d!.payload.length, '2001:db8::11', 40000, out, 0), FRAMED_LINK_TYPE);
    expect(c.mirrorIpVersion).toBe(6);
    expect(c.mirrorSrc).toBe('2001:db8::11');
    expect(c.src).toBe(a.src);
    expect(c.vni).toBe(a.vni);
    expect(c.hash).not.toBe(a.hash); // another mirror source: another flow
  });

  it('decodes a non-default listening port as VXLAN only when the decoder is told about it', () => {
    const [d] = datagramsFromCapture(`${samples}vxlan-basic.pcap`);
    const out = new Uint8Array(MAX_FRAMED_LENGTH);
    const n = new DatagramFramer('10.0.9.9', 14789).frame(d!.payload, 0, d!.payload.length, '10.0.0.11', 40000, out, 0);
    const plain = summary(new PacketDecoder(), out, 0, n, FRAMED_LINK_TYPE);
    expect(plain.vni).toBe(-1);
    const told = new PacketDecoder();
    told.tunnelPorts.setVxlan(14789);
    const tunneled = summary(told, out, 0, n, FRAMED_LINK_TYPE);
    expect(tunneled.vni).toBeGreaterThan(0);
    expect(tunneled.mirrorSrc).toBe('10.0.0.11');
    expect(tunneled.mirrorDstPort).toBe(14789);
  });

  it('refuses output that does not fit and senders that are not addresses', () => {
    const framer = new DatagramFramer('127.0.0.1', 4789);
    const payload = new Uint8Array(64);
    expect(framer.frame(payload, 0, 64, '127.0.0.1', 1, new Uint8Array(91), 0)).toBe(-1);
    expect(framer.frame(payload, 0, 64, 'not-an-ip', 1, new Uint8Array(200), 0)).toBe(-1);
    expect(() => new DatagramFramer('localhost', 4789)).toThrow(/not an IP address/);
    expect(() => new DatagramFramer('127.0.0.1', 0)).toThrow(/not a UDP port/);
  });
});

describe('classifyDatagram', () => {
  it('names why a delivery is invalid', () => {
    const vxlan = Uint8Array.from([0x08, 0, 0, 0, 0, 0x1b, 0x59, 0]);
    expect(classifyDatagram('vxlan', vxlan, 0, 8)).toBe(DatagramInvalidReason.Valid);
    expect(classifyDatagram('vxlan', vxlan, 0, 7)).toBe(DatagramInvalidReason.TooShort);
    expect(classifyDatagram('vxlan', Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 0]), 0, 8)).toBe(DatagramInvalidReason.VxlanNoIFlag);
    const geneve = Uint8Array.from([0, 0, 0x65, 0x58, 0, 0, 1, 0]);
    expect(classifyDatagram('geneve', geneve, 0, 8)).toBe(DatagramInvalidReason.Valid);
    expect(classifyDatagram('geneve', Uint8Array.from([0x40, 0, 0x65, 0x58, 0, 0, 1, 0]), 0, 8)).toBe(DatagramInvalidReason.GeneveBadVersion);
    expect(classifyDatagram('geneve', Uint8Array.from([0x02, 0, 0x65, 0x58, 0, 0, 1, 0]), 0, 8)).toBe(DatagramInvalidReason.GeneveBadOptionLength);
    expect(classifyDatagram('geneve', geneve, 0, 0)).toBe(DatagramInvalidReason.TooShort);
  });
});
