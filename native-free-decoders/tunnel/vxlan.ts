import { u24 } from '../bytes/read-be.js';
import { TunnelKind, type DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';

/**
 * RFC 7348 header, 8 bytes:
 *   flags(8: R R R R I R R R) | reserved(24) | VNI(24) | reserved(8)
 * The I flag must be set for the VNI to be valid; other bits are reserved (ignored on receipt per the RFC).
 */
export const VXLAN = { FLAGS: 0, VNI: 4, HEADER_LENGTH: 8, FLAG_I: 0x08 } as const;

/**
 * A valid delivery makes the enclosing IP/UDP the mirror delivery (source = source ENI's primary IP) and hands over
 * to the inner Ethernet frame. An invalid one leaves the packet as the outer UDP datagram it arrived as.
 */
export function decodeVxlan(pkt: DecodedPacket, off: number, end: number): number {
  const b = pkt.bytes;
  if (end - off < VXLAN.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.VxlanPktTooSmall);
    pkt.flags |= PacketFlag.InvalidTunnel;
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  if ((b[off + VXLAN.FLAGS]! & VXLAN.FLAG_I) === 0) {
    pkt.addEvent(DecodeEvent.VxlanInvalidFlags);
    pkt.flags |= PacketFlag.InvalidTunnel;
    pkt.markStatus(DecodeStatus.Malformed);
    return LayerKind.None;
  }
  pkt.pushLayer(LayerKind.Vxlan, off, VXLAN.HEADER_LENGTH);
  if (pkt.tunnelKind === TunnelKind.Geneve) pkt.flags |= PacketFlag.Gwlb;
  pkt.vni = u24(b, off + VXLAN.VNI);
  pkt.mirrorIpVersion = pkt.ipVersion;
  pkt.mirrorSrcOffset = pkt.srcAddrOffset;
  pkt.mirrorDstOffset = pkt.dstAddrOffset;
  pkt.mirrorSrcPort = pkt.srcPort;
  pkt.mirrorDstPort = pkt.dstPort;
  pkt.tunnelKind = TunnelKind.Vxlan;
  pkt.tunnelDepth++;
  pkt.flags |= PacketFlag.Tunneled;
  pkt.resetInner();
  pkt.cursor = off + VXLAN.HEADER_LENGTH;
  pkt.limit = end;
  return LayerKind.Ethernet;
}
