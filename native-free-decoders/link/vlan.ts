import { u16 } from '../bytes/read-be.js';
import { MAX_VLANS, type DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import { dispatchEthertype } from './ethernet.js';

/** 802.1Q / 802.1ad tag after the TPID: PCP+DEI+VID (16 bits), then the next ethertype. */
export const VLAN = { TCI: 0, TYPE: 2, HEADER_LENGTH: 4 } as const;

/** Suricata allows up to three stacked tags per frame; more is an anomaly. */
const MAX_VLAN_TAGS = 3;

export function decodeVlan(pkt: DecodedPacket, off: number, end: number, kind: number): number {
  if (end - off < VLAN.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.VlanHeaderTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  const b = pkt.bytes;
  pkt.pushLayer(kind, off, VLAN.HEADER_LENGTH);
  pkt.flags |= PacketFlag.Vlan;
  const n = pkt.vlanCount;
  if (n >= MAX_VLAN_TAGS) {
    pkt.addEvent(DecodeEvent.VlanTooManyLayers);
    pkt.markStatus(DecodeStatus.Malformed);
    return LayerKind.None;
  }
  if (n < MAX_VLANS) pkt.vlanIds[n] = u16(b, off + VLAN.TCI) & 0x0fff;
  pkt.vlanCount = n + 1;
  const next = u16(b, off + VLAN.TYPE);
  const kindAfter = dispatchEthertype(pkt, next, off + VLAN.HEADER_LENGTH, end);
  if (kindAfter === LayerKind.None && next > 1500) {
    pkt.addEvent(DecodeEvent.VlanUnknownType);
  }
  return kindAfter;
}
