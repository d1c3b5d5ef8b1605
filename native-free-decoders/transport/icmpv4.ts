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
  pkt.icmpType = type;
  pkt.icmpCode = code;
  if (ECHO_LIKE[type] === 1) {
    pkt.icmpId = u16(b, off + ICMP.ID);
    pkt.icmpSeq = u16(b, off + ICMP.SEQ);
  }
  const maxCode = MAX_CODE[type]!;
  if (maxCode < 0) pkt.addEvent(DecodeEvent.Icmpv4UnknownType);
  else if (code > maxCode) pkt.addEvent(DecodeEvent.Icmpv4UnknownCode);
  const hlen = headerLength(pkt, type, off, avail);
  pkt.l4HeaderLength = hlen;
  pkt.pushLayer(LayerKind.Icmpv4, off, hlen);
  pkt.payloadOffset = off + hlen;
  pkt.payloadLength = avail - hlen;
  pkt.payloadWireLength = wire - hlen;
  return LayerKind.None;
}

/**
 * Where the message's payload starts, as Suricata's decoder puts it (icmpv4.hdr and pkt_data follow it): after the
 * three timestamps of a timestamp request or reply, and after the address entries of a router advertisement; after
 * the first 8 bytes otherwise, and then too when those fields are cut short (ipv4_trunc_pkt).
 */
function headerLength(pkt: DecodedPacket, type: number, off: number, avail: number): number {
  let extra = 0;
  if (type === 13 || type === 14) extra = TIMESTAMPS_LENGTH;
  else if (type === 9) extra = pkt.bytes[off + 4]! * pkt.bytes[off + 5]! * 4;
  if (extra === 0) return ICMP.HEADER_LENGTH;
  if (avail < ICMP.HEADER_LENGTH + extra) {
    pkt.addEvent(DecodeEvent.Icmpv4Ipv4TruncPkt);
    return ICMP.HEADER_LENGTH;
  }
  return ICMP.HEADER_LENGTH + extra;
}

/** Originate, receive and transmit timestamps of ICMP types 13 and 14 (RFC 792). */
const TIMESTAMPS_LENGTH = 12;
