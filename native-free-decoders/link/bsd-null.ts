import { u32, u32le } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';

/** BSD loopback (LINKTYPE_NULL, 0): a 4-byte address family in the capturing host's byte order. */
export const NULL_HEADER_LENGTH = 4;

export function decodeBsdNull(pkt: DecodedPacket, off: number, end: number): number {
  if (end - off < NULL_HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.NullPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    return LayerKind.None;
  }
  const b = pkt.bytes;
  // The family is host-endian: whichever reading is small is the right one.
  let family = u32le(b, off);
  if (family > 0xffff) family = u32(b, off);
  pkt.pushLayer(LayerKind.Null, off, NULL_HEADER_LENGTH);
  pkt.cursor = off + NULL_HEADER_LENGTH;
  pkt.limit = end;
  if (family === 2) return LayerKind.Ipv4;
  // AF_INET6 differs per OS: Linux 10, FreeBSD 28, Darwin 30, OpenBSD/NetBSD 24.
  if (family === 10 || family === 24 || family === 28 || family === 30) return LayerKind.Ipv6;
  pkt.addEvent(DecodeEvent.LtnullUnsupportedType);
  pkt.markStatus(DecodeStatus.Unsupported);
  return LayerKind.None;
}
