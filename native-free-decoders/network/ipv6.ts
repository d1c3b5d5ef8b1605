import { u16 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import { IP_PROTO_TO_LAYER, IPPROTO_ICMP, IPPROTO_NONE } from './ip-protocol-table.js';
import { walkIpv6ExtensionHeaders } from './ipv6-extension-headers.js';

export const IPV6 = {
  VERSION_CLASS_FLOW: 0,
  PAYLOAD_LENGTH: 4,
  NEXT_HEADER: 6,
  HOP_LIMIT: 7,
  SRC: 8,
  DST: 24,
  HEADER_LENGTH: 40,
} as const;

/** As for IPv4: the payload-length field is kept for accounting even when the capture holds less. */
export function decodeIpv6(pkt: DecodedPacket, off: number, end: number): number {
  const b = pkt.bytes;
  const avail = end - off;
  if (avail < IPV6.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.Ipv6PktTooSmall);
    pkt.flags |= PacketFlag.L3Truncated | PacketFlag.Truncated;
    pkt.markStatus(DecodeStatus.Truncated);
    if (avail >= 6 && b[off]! >> 4 === 6) {
      pkt.ipVersion = 6;
      pkt.ipOffset = off;
      pkt.ipLength = u16(b, off + IPV6.PAYLOAD_LENGTH) + IPV6.HEADER_LENGTH;
    }
    return LayerKind.None;
  }
  const first = b[off]!;
  if (first >> 4 !== 6) {
    pkt.addEvent(DecodeEvent.Ipv6WrongIpVersion);
    pkt.markStatus(DecodeStatus.Malformed);
    return LayerKind.None;
  }
  const payloadLength = u16(b, off + IPV6.PAYLOAD_LENGTH);
  const totalLength = payloadLength + IPV6.HEADER_LENGTH;
  pkt.ipVersion = 6;
  pkt.ipOffset = off;
  pkt.ipLength = totalLength;
  pkt.tos = ((first & 0x0f) << 4) | (b[off + 1]! >> 4);
  pkt.flowLabel = ((b[off + 1]! & 0x0f) << 16) | u16(b, off + 2);
  pkt.ttl = b[off + IPV6.HOP_LIMIT]!;
  pkt.srcAddrOffset = off + IPV6.SRC;
  pkt.dstAddrOffset = off + IPV6.DST;
  pkt.pushLayer(LayerKind.Ipv6, off, IPV6.HEADER_LENGTH);

  let packetEnd = off + totalLength;
  if (avail < totalLength) {
    pkt.addEvent(DecodeEvent.Ipv6TruncPkt);
    pkt.flags |= PacketFlag.Truncated;
    pkt.markStatus(DecodeStatus.Truncated);
    packetEnd = end;
  }
  const nh = walkIpv6ExtensionHeaders(pkt, off + IPV6.HEADER_LENGTH, packetEnd, b[off + IPV6.NEXT_HEADER]!);
  const l4 = off + pkt.ipHeaderLength;
  if (pkt.flags & PacketFlag.Fragment && pkt.fragOffset + payloadLength > 65535 + pkt.ipHeaderLength) {
    pkt.addEvent(DecodeEvent.Ipv6FragPktTooLarge);
  }
  if (nh < 0) {
    if (pkt.fragOffset !== 0) {
      pkt.payloadOffset = l4;
      pkt.payloadLength = Math.max(0, packetEnd - l4);
      pkt.payloadWireLength = totalLength - pkt.ipHeaderLength;
    }
    return LayerKind.None;
  }
  if (nh === IPPROTO_NONE) {
    if (packetEnd > l4) pkt.addEvent(DecodeEvent.Ipv6DataAfterNoneHeader);
    return LayerKind.None;
  }
  if (nh === IPPROTO_ICMP) pkt.addEvent(DecodeEvent.Ipv6Icmpv4);
  pkt.cursor = l4;
  pkt.limit = packetEnd;
  const next = IP_PROTO_TO_LAYER[nh]!;
  if (next === LayerKind.None) {
    pkt.payloadOffset = l4;
    pkt.payloadLength = Math.max(0, packetEnd - l4);
    pkt.payloadWireLength = totalLength - pkt.ipHeaderLength;
  }
  return next;
}
