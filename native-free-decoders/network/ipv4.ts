import { u16, u32 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import { IP_PROTO_TO_LAYER, IPPROTO_ICMPV6 } from './ip-protocol-table.js';
import { checkIpv4Options } from './ipv4-options.js';

export const IPV4 = {
  VERSION_IHL: 0,
  TOS: 1,
  TOTAL_LENGTH: 2,
  ID: 4,
  FLAGS_FRAGMENT: 6,
  TTL: 8,
  PROTOCOL: 9,
  CHECKSUM: 10,
  SRC: 12,
  DST: 16,
  MIN_HEADER_LENGTH: 20,
} as const;

/**
 * The total-length field is the truth about the packet, whatever was captured: a mirror session's PacketLength
 * or a snaplen may leave fewer bytes, and Ethernet padding may leave more. We keep the header's length for
 * accounting (Flow Logs count it), cut `limit` to what is both present and inside the packet, and go on decoding
 * L4 from whatever bytes we have.
 */
export function decodeIpv4(pkt: DecodedPacket, off: number, end: number): number {
  const b = pkt.bytes;
  const avail = end - off;
  if (avail < IPV4.MIN_HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.Ipv4PktTooSmall);
    pkt.flags |= PacketFlag.L3Truncated | PacketFlag.Truncated;
    pkt.markStatus(DecodeStatus.Truncated);
    // Salvage the version and the length for accounting when at least that much is present.
    if (avail >= 4 && b[off]! >> 4 === 4) {
      pkt.ipVersion = 4;
      pkt.ipOffset = off;
      pkt.ipLength = u16(b, off + IPV4.TOTAL_LENGTH);
    }
    return LayerKind.None;
  }
  const vihl = b[off]!;
  if (vihl >> 4 !== 4) {
    pkt.addEvent(DecodeEvent.Ipv4WrongIpVersion);
    pkt.markStatus(DecodeStatus.Malformed);
    return LayerKind.None;
  }
  const hlen = (vihl & 0x0f) << 2;
  if (hlen < IPV4.MIN_HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.Ipv4HlenTooSmall);
    pkt.markStatus(DecodeStatus.Malformed);
    return LayerKind.None;
  }
  const totalLength = u16(b, off + IPV4.TOTAL_LENGTH);
  if (totalLength < hlen) {
    pkt.addEvent(DecodeEvent.Ipv4IplenSmallerThanHlen);
    pkt.markStatus(DecodeStatus.Malformed);
    return LayerKind.None;
  }
  const fragField = u16(b, off + IPV4.FLAGS_FRAGMENT);
  const proto = b[off + IPV4.PROTOCOL]!;
  pkt.ipVersion = 4;
  pkt.ipOffset = off;
  pkt.ipHeaderLength = hlen;
  pkt.ipLength = totalLength;
  pkt.ipProto = proto;
  pkt.tos = b[off + IPV4.TOS]!;
  pkt.ttl = b[off + IPV4.TTL]!;
  pkt.ipId = u16(b, off + IPV4.ID);
  pkt.dontFragment = (fragField & 0x4000) !== 0;
  pkt.moreFragments = (fragField & 0x2000) !== 0;
  pkt.fragOffset = (fragField & 0x1fff) << 3;
  pkt.srcAddrOffset = off + IPV4.SRC;
  pkt.dstAddrOffset = off + IPV4.DST;
  pkt.srcV4 = u32(b, off + IPV4.SRC);
  pkt.dstV4 = u32(b, off + IPV4.DST);

  if (avail < hlen) {
    pkt.addEvent(DecodeEvent.Ipv4TruncPkt);
    pkt.flags |= PacketFlag.L3Truncated | PacketFlag.Truncated;
    pkt.markStatus(DecodeStatus.Truncated);
    pkt.pushLayer(LayerKind.Ipv4, off, avail);
    return LayerKind.None;
  }
  pkt.pushLayer(LayerKind.Ipv4, off, hlen);
  if (hlen > IPV4.MIN_HEADER_LENGTH) checkIpv4Options(pkt, off + IPV4.MIN_HEADER_LENGTH, off + hlen);

  let packetEnd = off + totalLength;
  if (avail < totalLength) {
    pkt.addEvent(DecodeEvent.Ipv4TruncPkt);
    pkt.flags |= PacketFlag.Truncated;
    pkt.markStatus(DecodeStatus.Truncated);
    packetEnd = end;
  }
  if (pkt.moreFragments || pkt.fragOffset !== 0) {
    pkt.flags |= PacketFlag.Fragment;
    if (pkt.fragOffset + totalLength - hlen > 65535) pkt.addEvent(DecodeEvent.Ipv4FragPktTooLarge);
    // Only the first fragment carries the L4 header.
    if (pkt.fragOffset !== 0) {
      pkt.payloadOffset = off + hlen;
      pkt.payloadLength = packetEnd - pkt.payloadOffset;
      pkt.payloadWireLength = totalLength - hlen;
      return LayerKind.None;
    }
  }
  if (proto === IPPROTO_ICMPV6) pkt.addEvent(DecodeEvent.Ipv4Icmpv6);
  pkt.cursor = off + hlen;
  pkt.limit = packetEnd;
  const next = IP_PROTO_TO_LAYER[proto]!;
  if (next === LayerKind.None) {
    pkt.payloadOffset = off + hlen;
    pkt.payloadLength = packetEnd - pkt.payloadOffset;
    pkt.payloadWireLength = totalLength - hlen;
  }
  return next;
}
