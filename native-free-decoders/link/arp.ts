import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';

/** ARP for IPv4 over Ethernet is 28 bytes; we recognise and count it, nothing more (AWS never mirrors ARP). */
export const ARP = { HTYPE: 0, PTYPE: 2, HLEN: 4, PLEN: 5, OPER: 6, HEADER_LENGTH: 8, ETH_IPV4_LENGTH: 28 } as const;

export function decodeArp(pkt: DecodedPacket, off: number, end: number): number {
  pkt.flags |= PacketFlag.Arp;
  if (end - off < ARP.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.ArpPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  const b = pkt.bytes;
  const total = ARP.HEADER_LENGTH + 2 * (b[off + ARP.HLEN]! + b[off + ARP.PLEN]!);
  if (end - off < total) {
    pkt.addEvent(DecodeEvent.ArpPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
  }
  pkt.pushLayer(LayerKind.Arp, off, Math.min(total, end - off));
  pkt.markStatus(DecodeStatus.Unsupported);
  return LayerKind.None;
}
