import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';

/** Option types with a bit each for duplicate detection (RFC 791 and later assignments Suricata also checks). */
const KNOWN_OPTIONS = new Int8Array(256).fill(-1);
[7, 25, 68, 130, 131, 133, 134, 136, 137, 148].forEach((t, i) => {
  KNOWN_OPTIONS[t] = i;
});
const OPT_EOL = 0;
const OPT_NOP = 1;

/**
 * Walk the options area [off, end) for well-formedness. The header length was already checked against the
 * captured bytes, so reads stay in bounds. Events only; options never stop decoding.
 */
export function checkIpv4Options(pkt: DecodedPacket, off: number, end: number): void {
  const b = pkt.bytes;
  let seen = 0;
  let p = off;
  while (p < end) {
    const type = b[p]!;
    if (type === OPT_EOL) return;
    if (type === OPT_NOP) {
      p++;
      continue;
    }
    if (p + 1 >= end) {
      pkt.addEvent(DecodeEvent.Ipv4OptMalformed);
      return;
    }
    const len = b[p + 1]!;
    if (len < 2 || p + len > end) {
      pkt.addEvent(DecodeEvent.Ipv4OptInvalidLen);
      return;
    }
    const bit = KNOWN_OPTIONS[type]!;
    if (bit < 0) {
      pkt.addEvent(DecodeEvent.Ipv4OptUnknown);
    } else if (seen & (1 << bit)) {
      pkt.addEvent(DecodeEvent.Ipv4OptDuplicate);
    } else {
      seen |= 1 << bit;
    }
    p += len;
  }
}
