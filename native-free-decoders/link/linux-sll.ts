import { u16 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import { dispatchEthertype } from './ethernet.js';

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 113): 16 bytes, protocol (ethertype) last. */
export const SLL = { PACKET_TYPE: 0, ARPHRD: 2, ADDR_LEN: 4, ADDR: 6, PROTOCOL: 14, HEADER_LENGTH: 16 } as const;
/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276): 20 bytes, protocol first. */
export const SLL2 = { PROTOCOL: 0, IFINDEX: 4, ARPHRD: 8, PACKET_TYPE: 10, ADDR_LEN: 11, ADDR: 12, HEADER_LENGTH: 20 } as const;

export function decodeSll(pkt: DecodedPacket, off: number, end: number): number {
  if (end - off < SLL.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.SllPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  pkt.pushLayer(LayerKind.Sll, off, SLL.HEADER_LENGTH);
  return dispatchEthertype(pkt, u16(pkt.bytes, off + SLL.PROTOCOL), off + SLL.HEADER_LENGTH, end);
}

export function decodeSll2(pkt: DecodedPacket, off: number, end: number): number {
  if (end - off < SLL2.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.SllPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  pkt.pushLayer(LayerKind.Sll2, off, SLL2.HEADER_LENGTH);
  return dispatchEthertype(pkt, u16(pkt.bytes, off + SLL2.PROTOCOL), off + SLL2.HEADER_LENGTH, end);
}
