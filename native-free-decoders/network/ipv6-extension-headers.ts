import { u16, u32 } from '../bytes/read-be.js';
import type { DecodedPacket } from '../dispatch/decoded-packet.js';
import { DecodeEvent } from '../dispatch/decode-events.js';
import { DecodeStatus, PacketFlag } from '../dispatch/decode-status.js';
import { LayerKind } from '../dispatch/layer-kind.js';
import {
  IPPROTO_AH,
  IPPROTO_DSTOPTS,
  IPPROTO_FRAGMENT,
  IPPROTO_HOPOPTS,
  IPPROTO_ROUTING,
} from './ip-protocol-table.js';

/** Generic extension header: next header, length in 8-octet units not counting the first 8. */
export const EXT = { NEXT_HEADER: 0, LENGTH: 1, MIN_LENGTH: 8 } as const;
/** Fragment header: next header, reserved, offset+flags (offset in 8-octet units, M flag), identification. */
export const FRAG = { NEXT_HEADER: 0, RESERVED: 1, OFFSET_FLAGS: 2, ID: 4, LENGTH: 8 } as const;
/** Routing header: next header, length, routing type, segments left. */
export const RH = { TYPE: 2, SEGMENTS_LEFT: 3 } as const;

const SEEN_HOP = 1;
const SEEN_RH = 2;
const SEEN_FH = 4;
const SEEN_DH = 8;

export function isIpv6ExtensionHeader(nh: number): boolean {
  return (
    nh === IPPROTO_HOPOPTS || nh === IPPROTO_ROUTING || nh === IPPROTO_FRAGMENT || nh === IPPROTO_DSTOPTS ||
    nh === IPPROTO_AH
  );
}

/** True when an options area (hop-by-hop or destination options) holds nothing but Pad1/PadN. */
function onlyPadding(b: Uint8Array, p: number, end: number): boolean {
  while (p < end) {
    const t = b[p]!;
    if (t === 0) {
      p++;
      continue;
    }
    if (t !== 1 || p + 1 >= end) return false;
    p += 2 + b[p + 1]!;
  }
  return true;
}

/** TLV options must tile their area exactly. */
function optionsWellFormed(b: Uint8Array, p: number, end: number): boolean {
  while (p < end) {
    if (b[p] === 0) {
      p++;
      continue;
    }
    if (p + 1 >= end) return false;
    p += 2 + b[p + 1]!;
  }
  return p === end;
}

/**
 * Walk extension headers starting at `off` with first next-header `nh`, within [off, end) of present bytes.
 * Returns the final upper-layer protocol, or -1 when the chain is cut short (truncation was recorded) or stops
 * (non-first fragment, no next header). The header-length total goes to pkt.ipHeaderLength.
 */
export function walkIpv6ExtensionHeaders(pkt: DecodedPacket, off: number, end: number, nh: number): number {
  const b = pkt.bytes;
  let p = off;
  let seen = 0;
  while (isIpv6ExtensionHeader(nh)) {
    if (end - p < EXT.MIN_LENGTH) {
      pkt.addEvent(DecodeEvent.Ipv6TruncExthdr);
      pkt.flags |= PacketFlag.L3Truncated | PacketFlag.Truncated;
      pkt.markStatus(DecodeStatus.Truncated);
      pkt.ipHeaderLength = p - pkt.ipOffset;
      return -1;
    }
    const next = b[p + EXT.NEXT_HEADER]!;
    const len = nh === IPPROTO_FRAGMENT ? FRAG.LENGTH : nh === IPPROTO_AH ? (b[p + 1]! + 2) << 2 : (b[p + 1]! + 1) << 3;
    if (end - p < len) {
      pkt.addEvent(DecodeEvent.Ipv6TruncExthdr);
      pkt.flags |= PacketFlag.L3Truncated | PacketFlag.Truncated;
      pkt.markStatus(DecodeStatus.Truncated);
      pkt.ipHeaderLength = p - pkt.ipOffset;
      return -1;
    }
    if (nh === IPPROTO_HOPOPTS) {
      // RFC 8200: hop-by-hop only directly after the fixed header; a second one is a duplicate.
      if (seen & SEEN_HOP) pkt.addEvent(DecodeEvent.Ipv6ExthdrDuplHh);
      seen |= SEEN_HOP;
      pkt.pushLayer(LayerKind.Ipv6HopByHop, p, len);
      if (!optionsWellFormed(b, p + 2, p + len)) pkt.addEvent(DecodeEvent.Ipv6ExthdrInvalidOptlen);
      else if (onlyPadding(b, p + 2, p + len)) pkt.addEvent(DecodeEvent.Ipv6HopoptsOnlyPadding);
    } else if (nh === IPPROTO_DSTOPTS) {
      if (seen & SEEN_DH) pkt.addEvent(DecodeEvent.Ipv6ExthdrDuplDh);
      seen |= SEEN_DH;
      pkt.pushLayer(LayerKind.Ipv6DestOpts, p, len);
      if (!optionsWellFormed(b, p + 2, p + len)) pkt.addEvent(DecodeEvent.Ipv6ExthdrInvalidOptlen);
      else if (onlyPadding(b, p + 2, p + len)) pkt.addEvent(DecodeEvent.Ipv6DstoptsOnlyPadding);
    } else if (nh === IPPROTO_ROUTING) {
      if (seen & SEEN_RH) pkt.addEvent(DecodeEvent.Ipv6ExthdrDuplRh);
      seen |= SEEN_RH;
      pkt.pushLayer(LayerKind.Ipv6Routing, p, len);
      if (b[p + RH.TYPE] === 0) pkt.addEvent(DecodeEvent.Ipv6RhType0);
    } else if (nh === IPPROTO_FRAGMENT) {
      if (seen & SEEN_FH) pkt.addEvent(DecodeEvent.Ipv6ExthdrDuplFh);
      seen |= SEEN_FH;
      pkt.pushLayer(LayerKind.Ipv6Fragment, p, len);
      const offFlags = u16(b, p + FRAG.OFFSET_FLAGS);
      if (b[p + FRAG.RESERVED] !== 0 || (offFlags & 0x0006) !== 0) {
        pkt.addEvent(DecodeEvent.Ipv6FhNonZeroReservedField);
      }
      pkt.fragOffset = offFlags & 0xfff8;
      pkt.moreFragments = (offFlags & 1) === 1;
      pkt.ipId = u32(b, p + FRAG.ID);
      if (pkt.fragOffset === 0 && !pkt.moreFragments) {
        // An atomic fragment (RFC 6946): legal but useless.
        pkt.addEvent(DecodeEvent.Ipv6ExthdrUselessFh);
      } else {
        pkt.flags |= PacketFlag.Fragment;
      }
    } else {
      pkt.pushLayer(LayerKind.Ipv6DestOpts, p, len); // AH: recorded, authenticated data follows unchanged
    }
    p += len;
    nh = next;
  }
  pkt.ipHeaderLength = p - pkt.ipOffset;
  pkt.ipProto = nh;
  if (pkt.fragOffset !== 0) return -1;
  return nh;
}
