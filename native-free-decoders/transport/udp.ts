import { u16 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';

export const UDP = { SRC_PORT: 0, DST_PORT: 2, LENGTH: 4, CHECKSUM: 6, HEADER_LENGTH: 8 } as const;

/**
 * `tunnelPorts` maps a destination port to the tunnel layer it carries (VXLAN, GENEVE), or 0. The UDP length
 * field bounds the payload (any IP padding after it is ignored); when the capture is shorter we keep what we have.
 */
export function decodeUdp(pkt: DecodedPacket, off: number, end: number, tunnelPorts: Uint8Array): number {
  const b = pkt.bytes;
  const avail = end - off;
  const wire = pkt.ipLength - (off - pkt.ipOffset);
  if (avail < UDP.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.UdpPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    pkt.flags |= PacketFlag.L4Truncated | PacketFlag.Truncated;
    if (avail >= 4) {
      pkt.l4Offset = off;
      pkt.srcPort = u16(b, off + UDP.SRC_PORT);
      pkt.dstPort = u16(b, off + UDP.DST_PORT);
    }
    return LayerKind.None;
  }
  const udpLength = u16(b, off + UDP.LENGTH);
  pkt.l4Offset = off;
  pkt.l4HeaderLength = UDP.HEADER_LENGTH;
  pkt.srcPort = u16(b, off + UDP.SRC_PORT);
  pkt.dstPort = u16(b, off + UDP.DST_PORT);
  pkt.udpLength = udpLength;
  pkt.pushLayer(LayerKind.Udp, off, UDP.HEADER_LENGTH);
  let payloadEnd = end;
  let payloadWire = wire - UDP.HEADER_LENGTH;
  if (udpLength < UDP.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.UdpHlenInvalid);
    pkt.markStatus(DecodeStatus.Malformed);
  } else if (udpLength > wire) {
    pkt.addEvent(DecodeEvent.UdpLenInvalid);
    pkt.markStatus(DecodeStatus.Malformed);
  } else {
    payloadWire = udpLength - UDP.HEADER_LENGTH;
    if (avail > udpLength) payloadEnd = off + udpLength;
  }
  pkt.payloadOffset = off + UDP.HEADER_LENGTH;
  pkt.payloadLength = payloadEnd - pkt.payloadOffset;
  pkt.payloadWireLength = payloadWire;
  const tunnel = tunnelPorts[pkt.dstPort]!;
  if (tunnel !== LayerKind.None && pkt.status !== DecodeStatus.Malformed) {
    pkt.cursor = pkt.payloadOffset;
    pkt.limit = payloadEnd;
    return tunnel;
  }
  return LayerKind.None;
}
