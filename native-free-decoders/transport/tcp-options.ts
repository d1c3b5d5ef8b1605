import { u16, u32 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';

export const TCP_OPT = { EOL: 0, NOP: 1, MSS: 2, WSCALE: 3, SACK_PERMITTED: 4, SACK: 5, TIMESTAMP: 8 } as const;

/**
 * Read the options area [off, end) into the packet's option fields. The caller has checked that the whole TCP
 * header is present. Bad lengths raise Suricata's events and end the walk; the segment is still decoded.
 */
export function decodeTcpOptions(pkt: DecodedPacket, off: number, end: number): void {
  const b = pkt.bytes;
  let p = off;
  let seen = 0;
  while (p < end) {
    const kind = b[p]!;
    if (kind === TCP_OPT.EOL) return;
    if (kind === TCP_OPT.NOP) {
      p++;
      continue;
    }
    if (p + 1 >= end) {
      pkt.addEvent(DecodeEvent.TcpInvalidOptlen);
      return;
    }
    const len = b[p + 1]!;
    if (len < 2 || p + len > end) {
      pkt.addEvent(DecodeEvent.TcpInvalidOptlen);
      return;
    }
    if (kind < 32) {
      if (seen & (1 << kind)) pkt.addEvent(DecodeEvent.TcpOptDuplicate);
      seen |= 1 << kind;
    }
    switch (kind) {
      case TCP_OPT.MSS:
        if (len === 4) pkt.tcpMss = u16(b, p + 2);
        else pkt.addEvent(DecodeEvent.TcpOptInvalidLen);
        break;
      case TCP_OPT.WSCALE:
        if (len === 3) pkt.tcpWscale = b[p + 2]!;
        else pkt.addEvent(DecodeEvent.TcpOptInvalidLen);
        break;
      case TCP_OPT.SACK_PERMITTED:
        if (len === 2) pkt.tcpSackPermitted = true;
        else pkt.addEvent(DecodeEvent.TcpOptInvalidLen);
        break;
      case TCP_OPT.SACK:
        // 2 bytes of kind/len plus 1 to 4 blocks of 8 bytes.
        if (len >= 10 && len <= 34 && (len - 2) % 8 === 0) pkt.tcpSackBlocks = (len - 2) >> 3;
        else pkt.addEvent(DecodeEvent.TcpOptInvalidLen);
        break;
      case TCP_OPT.TIMESTAMP:
        if (len === 10) {
          pkt.tcpHasTimestamp = true;
          pkt.tcpTsVal = u32(b, p + 2);
          pkt.tcpTsEcr = u32(b, p + 6);
        } else {
          pkt.addEvent(DecodeEvent.TcpOptInvalidLen);
        }
        break;
      default:
        break;
    }
    p += len;
  }
}
