import { u16 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';

export const ICMP = { TYPE: 0, CODE: 1, CHECKSUM: 2, ID: 4, SEQ: 6, HEADER_LENGTH: 8 } as const;

/** Highest code per ICMPv4 type (RFC 792 and later), -1 for types we don't know: for the unknown_* events. */
const MAX_CODE = new Int8Array(256).fill(-1);
MAX_CODE[0] = 0; // echo reply
MAX_CODE[3] = 15; // destination unreachable
MAX_CODE[4] = 0; // source quench
MAX_CODE[5] = 3; // redirect
MAX_CODE[8] = 0; // echo request
MAX_CODE[9] = 16; // router advertisement (0 and 16)
MAX_CODE[10] = 0;
MAX_CODE[11] = 1; // time exceeded
MAX_CODE[12] = 2; // parameter problem
MAX_CODE[13] = 0;
MAX_CODE[14] = 0;
MAX_CODE[15] = 0;
MAX_CODE[16] = 0;
MAX_CODE[17] = 0;
MAX_CODE[18] = 0;
MAX_CODE[40] = 5; // photuris
MAX_CODE[42] = 0; // extended echo (RFC 8335)
MAX_CODE[43] = 4;

const ECHO_LIKE = new Uint8Array(256);
[0, 8, 13, 14, 15, 16, 17, 18, 42, 43].forEach((t) => {
  ECHO_LIKE[t] = 1;
});

export function decodeIcmpv4(pkt: DecodedPacket, off: number, end: number): number {
  const b = pkt.bytes;
  const avail = end - off;
  const wire = pkt.ipLength - (off - pkt.ipOffset);
  if (avail < ICMP.HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.Icmpv4PktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    pkt.flags |= PacketFlag.L4Truncated | PacketFlag.Truncated;
    if (avail >= 2) {
      pkt.l4Offset = off;
      pkt.icmpType = b[off]!;
      pkt.icmpCode = b[off + 1]!;
    }
    return LayerKind.None;
  }
  const type = b[off + ICMP.TYPE]!;
  const code = b[off + ICMP.CODE]!;
  pkt.l4Offset = off;
  pkt.l4HeaderLength = ICMP.HEADER_LENGTH;
  pkt.icmpType = type;
  pkt.icmpCode = code;
  if (ECHO_LIKE[type] === 1) {
    pkt.icmpId = u16(b, off + ICMP.ID);
    pkt.icmpSeq = u16(b, off + ICMP.SEQ);
  }
  const maxCode = MAX_CODE[type]!;
  if (maxCode < 0) pkt.addEvent(DecodeEvent.Icmpv4UnknownType);
  else if (code > maxCode) pkt.addEvent(DecodeEvent.Icmpv4UnknownCode);
  pkt.pushLayer(LayerKind.Icmpv4, off, ICMP.HEADER_LENGTH);
  pkt.payloadOffset = off + ICMP.HEADER_LENGTH;
  pkt.payloadLength = avail - ICMP.HEADER_LENGTH;
  pkt.payloadWireLength = wire - ICMP.HEADER_LENGTH;
  return LayerKind.None;
}
