import { u16 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';

export const ICMPV6 = { TYPE: 0, CODE: 1, CHECKSUM: 2, ID: 4, SEQ: 6, HEADER_LENGTH: 8 } as const;

/** Highest known code per type (RFC 4443, 4861, 2710, 3810 ...), -1 for unknown types. */
const MAX_CODE = new Int8Array(256).fill(-1);
MAX_CODE[1] = 8; // destination unreachable
MAX_CODE[2] = 0; // packet too big
MAX_CODE[3] = 1; // time exceeded
MAX_CODE[4] = 3; // parameter problem
MAX_CODE[128] = 0; // echo request
MAX_CODE[129] = 0; // echo reply
for (let t = 130; t <= 143; t++) MAX_CODE[t] = 0; // MLD, ND, redirect, node information, MLDv2
MAX_CODE[138] = 2; // router renumbering
MAX_CODE[139] = 2;
MAX_CODE[140] = 2;
for (let t = 144; t <= 161; t++) MAX_CODE[t] = 0;
MAX_CODE[160] = 4; // extended echo
MAX_CODE[161] = 4;

export function decodeIcmpv6(pkt: DecodedPacket, off: number, end: number): number {
  const b = pkt.bytes;
  const avail = end - off;
  const wire = pkt.ipLength - (off - pkt.ipOffset);
  if (avail < 4) {
    pkt.addEvent(DecodeEvent.Icmpv6PktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    pkt.flags |= PacketFlag.L4Truncated | PacketFlag.Truncated;
    if (avail >= 2) {
      pkt.l4Offset = off;
      pkt.icmpType = b[off]!;
      pkt.icmpCode = b[off + 1]!;
    }
    return LayerKind.None;
  }
  const type = b[off + ICMPV6.TYPE]!;
  const code = b[off + ICMPV6.CODE]!;
  pkt.l4Offset = off;
  pkt.icmpType = type;
  pkt.icmpCode = code;
  const hlen = Math.min(ICMPV6.HEADER_LENGTH, avail);
  if (avail >= ICMPV6.HEADER_LENGTH && (type === 128 || type === 129)) {
    pkt.icmpId = u16(b, off + ICMPV6.ID);
    pkt.icmpSeq = u16(b, off + ICMPV6.SEQ);
  }
  const maxCode = MAX_CODE[type]!;
  if (maxCode < 0) pkt.addEvent(DecodeEvent.Icmpv6UnknownType);
  else if (code > maxCode) pkt.addEvent(DecodeEvent.Icmpv6UnknownCode);
  pkt.l4HeaderLength = hlen;
  pkt.pushLayer(LayerKind.Icmpv6, off, hlen);
  pkt.payloadOffset = off + hlen;
  pkt.payloadLength = avail - hlen;
  pkt.payloadWireLength = wire - hlen;
  return LayerKind.None;
}
