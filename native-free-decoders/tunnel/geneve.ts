import { u16, u24 } from '../bytes/read-be.js';
import { TunnelKind, type DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_TEB } from '../link/ethertype-table.js';

/**
 * RFC 8926 header, 8 bytes plus options:
 *   ver(2) optlen(6, in 4-byte words) | O C rsvd(6) | protocol type(16) | VNI(24) | reserved(8) | options...
 * A Gateway Load Balancer sends ver 0 with its TLVs in option class 0x0108 and the original IP packet inside.
 */
export const GENEVE = { VER_OPTLEN: 0, FLAGS: 1, PROTOCOL: 2, VNI: 4, HEADER_LENGTH: 8 } as const;

export function decodeGeneve(pkt: DecodedPacket, off: number, end: number): number {
  const b = pkt.bytes;
  if (end - off < GENEVE.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.GenevePktTooSmall);
    pkt.flags |= PacketFlag.InvalidTunnel;
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  const first = b[off + GENEVE.VER_OPTLEN]!;
  if (first >> 6 !== 0) {
    pkt.addEvent(DecodeEvent.GeneveInvalidVersion);
    pkt.flags |= PacketFlag.InvalidTunnel;
    pkt.markStatus(DecodeStatus.Malformed);
    return LayerKind.None;
  }
  const hlen = GENEVE.HEADER_LENGTH + ((first & 0x3f) << 2);
  if (end - off < hlen) {
    pkt.addEvent(DecodeEvent.GeneveInvalidOptlen);
    pkt.flags |= PacketFlag.InvalidTunnel;
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  const proto = u16(b, off + GENEVE.PROTOCOL);
  const next =
    proto === ETHERTYPE_TEB
      ? LayerKind.Ethernet
      : proto === ETHERTYPE_IPV4
        ? LayerKind.Ipv4
        : proto === ETHERTYPE_IPV6
          ? LayerKind.Ipv6
          : LayerKind.None;
  if (next === LayerKind.None) {
    pkt.addEvent(DecodeEvent.GeneveUnknownPayloadType);
    pkt.flags |= PacketFlag.InvalidTunnel;
    pkt.markStatus(DecodeStatus.Unsupported);
    return LayerKind.None;
  }
  pkt.pushLayer(LayerKind.Geneve, off, hlen);
  pkt.geneveVni = u24(b, off + GENEVE.VNI);
  pkt.geneveIpVersion = pkt.ipVersion;
  pkt.geneveSrcOffset = pkt.srcAddrOffset;
  pkt.geneveDstOffset = pkt.dstAddrOffset;
  pkt.tunnelKind = TunnelKind.Geneve;
  pkt.tunnelDepth++;
  pkt.flags |= PacketFlag.Tunneled;
  pkt.resetInner();
  pkt.cursor = off + hlen;
  pkt.limit = end;
  return next;
}
