import { u16, u32 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import { decodeTcpOptions } from './tcp-options.js';

export const TCP = {
  SRC_PORT: 0,
  DST_PORT: 2,
  SEQ: 4,
  ACK: 8,
  DATA_OFFSET: 12,
  FLAGS: 13,
  WINDOW: 14,
  CHECKSUM: 16,
  URGENT: 18,
  MIN_HEADER_LENGTH: 20,
} as const;

export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80, NS: 0x100 } as const;

export function decodeTcp(pkt: DecodedPacket, off: number, end: number): number {
  const b = pkt.bytes;
  const avail = end - off;
  const wire = pkt.ipLength - (off - pkt.ipOffset);
  if (avail < TCP.MIN_HEADER_LENGTH) {
    pkt.addEvent(DecodeEvent.TcpPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    pkt.flags |= PacketFlag.L4Truncated | PacketFlag.Truncated;
    // Ports are the first four bytes: a mirror cut this short still tells us the flow.
    if (avail >= 4) {
      pkt.l4Offset = off;
      pkt.srcPort = u16(b, off + TCP.SRC_PORT);
      pkt.dstPort = u16(b, off + TCP.DST_PORT);
    }
    if (avail >= 14) pkt.tcpFlags = ((b[off + TCP.DATA_OFFSET]! & 1) << 8) | b[off + TCP.FLAGS]!;
    return LayerKind.None;
  }
  const hlen = (b[off + TCP.DATA_OFFSET]! >> 4) << 2;
  pkt.l4Offset = off;
  pkt.srcPort = u16(b, off + TCP.SRC_PORT);
  pkt.dstPort = u16(b, off + TCP.DST_PORT);
  pkt.tcpSeq = u32(b, off + TCP.SEQ);
  pkt.tcpAck = u32(b, off + TCP.ACK);
  pkt.tcpFlags = ((b[off + TCP.DATA_OFFSET]! & 1) << 8) | b[off + TCP.FLAGS]!;
  pkt.tcpWindow = u16(b, off + TCP.WINDOW);
  pkt.tcpUrgent = u16(b, off + TCP.URGENT);
  if (hlen < TCP.MIN_HEADER_LENGTH || hlen > wire) {
    pkt.addEvent(DecodeEvent.TcpHlenTooSmall);
    pkt.markStatus(DecodeStatus.Malformed);
    pkt.pushLayer(LayerKind.Tcp, off, TCP.MIN_HEADER_LENGTH);
    pkt.l4HeaderLength = TCP.MIN_HEADER_LENGTH;
    return LayerKind.None;
  }
  pkt.l4HeaderLength = hlen;
  if (avail < hlen) {
    // Options cut off by truncation: keep the fixed header, skip the options.
    pkt.addEvent(DecodeEvent.TcpPktTooSmall);
    pkt.markStatus(DecodeStatus.Truncated);
    pkt.flags |= PacketFlag.L4Truncated | PacketFlag.Truncated;
    pkt.pushLayer(LayerKind.Tcp, off, avail);
    pkt.payloadOffset = end;
    pkt.payloadWireLength = wire - hlen;
    return LayerKind.None;
  }
  pkt.pushLayer(LayerKind.Tcp, off, hlen);
  if (hlen > TCP.MIN_HEADER_LENGTH) decodeTcpOptions(pkt, off + TCP.MIN_HEADER_LENGTH, off + hlen);
  pkt.payloadOffset = off + hlen;
  pkt.payloadLength = avail - hlen;
  pkt.payloadWireLength = wire - hlen;
  return LayerKind.None;
}
