import { u16 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import { ETHERTYPE_TO_LAYER } from './ethertype-table.js';

/** Ethernet II header: destination MAC, source MAC, ethertype. */
export const ETH = { DST: 0, SRC: 6, TYPE: 12, HEADER_LENGTH: 14 } as const;

export function decodeEthernet(pkt: DecodedPacket, off: number, end: number): number {
  if (end - off < ETH.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.EthernetPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  pkt.pushLayer(LayerKind.Ethernet, off, ETH.HEADER_LENGTH);
  return dispatchEthertype(pkt, u16(pkt.bytes, off + ETH.TYPE), off + ETH.HEADER_LENGTH, end);
}

/** Shared by Ethernet, VLAN and Linux cooked headers. */
export function dispatchEthertype(pkt: DecodedPacket, ethertype: number, next: number, end: number): number {
  const kind = ETHERTYPE_TO_LAYER[ethertype]!;
  if (kind === LayerKind.None) {
    // 802.3 length field (<= 1500) carries LLC, not an ethertype: not an anomaly, just not ours to decode.
    if (ethertype > 1500) pkt.addEvent(DecodeEvent.EthernetUnknownEthertype);
    pkt.markStatus(DecodeStatus.Unsupported);
    return LayerKind.None;
  }
  pkt.cursor = next;
  pkt.limit = end;
  return kind;
}
