import { isIPv4, isIPv6 } from 'node:net';
import { GENEVE, LinkType, VXLAN, parseIpv4, parseIpv6 } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';

/** Bytes the synthesized outer headers add in front of a datagram. */
export const FRAMED_IPV4_OVERHEAD = 28;
export const FRAMED_IPV6_OVERHEAD = 48;
/** Largest UDP payload (IPv6 jumbograms aside): a framed datagram never exceeds this plus the IPv6 overhead. */
export const MAX_DATAGRAM_PAYLOAD = 65527;
export const MAX_FRAMED_LENGTH = MAX_DATAGRAM_PAYLOAD + FRAMED_IPV6_OVERHEAD;
/** Framed datagrams are raw IP: the decoder reads the version nibble. */
export const FRAMED_LINK_TYPE = LinkType.Raw;

/** Why a datagram is not a well-formed delivery (it is still passed on, so the decoder reports it as replay would). */
export const DatagramInvalidReason = {
  Valid: 0,
  /** Shorter than the 8-byte VXLAN or GENEVE header. */
  TooShort: 1,
  /** VXLAN without the I flag (no valid VNI). */
  VxlanNoIFlag: 2,
  /** GENEVE version other than 0. */
  GeneveBadVersion: 3,
  /** GENEVE options run past the end of the datagram. */
  GeneveBadOptionLength: 4,
} as const;
export type DatagramInvalidReason = (typeof DatagramInvalidReason)[keyof typeof DatagramInvalidReason];

/** Metric label of each reason, indexed by DatagramInvalidReason. */
export const DATAGRAM_INVALID_REASON_NAMES = [
  'valid',
  'too_short',
  'vxlan_no_i_flag',
  'geneve_bad_version',
  'geneve_bad_option_length',
] as const;

export type TunnelProtocol = 'vxlan' | 'geneve';

/** Checks the tunnel header at the start of a datagram payload. Never throws. */
export function classifyDatagram(protocol: TunnelProtocol, bytes: Uint8Array, offset: number, length: number): DatagramInvalidReason {
  if (length < 8) return DatagramInvalidReason.TooShort;
  if (protocol === 'vxlan') {
    return (bytes[offset + VXLAN.FLAGS]! & VXLAN.FLAG_I) === 0 ? DatagramInvalidReason.VxlanNoIFlag : DatagramInvalidReason.Valid;
  }
  const first = bytes[offset + GENEVE.VER_OPTLEN]!;
  if (first >> 6 !== 0) return DatagramInvalidReason.GeneveBadVersion;
  if (GENEVE.HEADER_LENGTH + ((first & 0x3f) << 2) > length) return DatagramInvalidReason.GeneveBadOptionLength;
  return DatagramInvalidReason.Valid;
}

/** Sources whose parsed bytes are cached; mirror sources are a few ENIs or load-balancer nodes. */
const ADDRESS_CACHE_LIMIT = 4096;

/**
 * Rebuilds the packet a capture on the target would have seen: a UDP socket hands over only the UDP payload (the
 * VXLAN or GENEVE header onward) and the sender's address, so an outer IPv4 or IPv6 header and a UDP header are
 * written in front of it. The outer source is the sender (for VXLAN the mirror source ENI's primary IP, which the
 * flow key needs; for GENEVE the load balancer), the destination the local address and port the datagram reached.
 * Frames are raw IP (link type 101) and decode exactly as the same delivery read from a pcap.
 *
 * A dual-stack socket reports IPv4 senders as ::ffff:a.b.c.d; those are written as IPv4 so the mirror source is
 * the same address replay sees. One framer per socket; it reuses its parsed addresses and allocates nothing per
 * datagram once a sender is known.
 */
export class DatagramFramer {
  readonly localPort: number;
  private readonly localV4: Uint8Array;
  private readonly localV6: Uint8Array;
  private readonly sources = new Map<string, Uint8Array>();

  /**
   * localAddress: the address the socket is bound to. A wildcard (0.0.0.0, ::) cannot tell which local address a
   * datagram reached (Node exposes no IP_PKTINFO), so the outer destination is then the wildcard itself; nothing
   * downstream keys on it.
   */
  constructor(localAddress: string, localPort: number) {
    if (!Number.isInteger(localPort) || localPort < 1 || localPort > 65535) {
      throw new MirrorscopeError('LISTEN_BAD_PORT', `not a UDP port: ${localPort}`);
    }
    this.localPort = localPort;
    this.localV4 = new Uint8Array(4);
    this.localV6 = new Uint8Array(16);
    const unmapped = unmapIpv4(localAddress);
    if (isIPv4(unmapped)) {
      writeIpv4(unmapped, this.localV4, 0);
      // An IPv4-bound socket never sees IPv6 senders; the mapped form keeps the v6 destination meaningful anyway.
      this.localV6.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 0);
      this.localV6.set(this.localV4, 12);
    } else if (isIPv6(localAddress)) {
      this.localV6.set(parseIpv6(localAddress) ?? new Uint8Array(16));
    } else {
      throw new MirrorscopeError('LISTEN_BAD_HOST', `not an IP address: ${localAddress}`);
    }
  }

  /** Bytes the frame for a datagram from `address` takes. */
  framedLength(address: string, payloadLength: number): number {
    return this.source(address).length === 4 ? payloadLength + FRAMED_IPV4_OVERHEAD : payloadLength + FRAMED_IPV6_OVERHEAD;
  }

  /**
   * Writes the frame (outer IP + UDP + payload) at out[outOffset] and returns its length, or -1 when `out` has no
   * room or the address is not an IP literal. out must not overlap the payload.
   */
  frame(
    payload: Uint8Array,
    payloadOffset: number,
    payloadLength: number,
    sourceAddress: string,
    sourcePort: number,
    out: Uint8Array,
    outOffset: number,
  ): number {
    const src = this.source(sourceAddress);
    if (src.length === 0 || payloadLength > MAX_DATAGRAM_PAYLOAD) return -1;
    const v4 = src.length === 4;
    const ipLength = v4 ? 20 : 40;
    const total = ipLength + 8 + payloadLength;
    if (outOffset + total > out.length) return -1;
    const o = outOffset;
    if (v4) {
      out[o] = 0x45;
      out[o + 1] = 0;
      out[o + 2] = total >>> 8;
      out[o + 3] = total & 0xff;
      out[o + 4] = 0;
      out[o + 5] = 0;
      out[o + 6] = 0x40; // DF, as AWS sends deliveries
      out[o + 7] = 0;
      out[o + 8] = 255;
      out[o + 9] = 17;
      out[o + 10] = 0;
      out[o + 11] = 0;
      out.set(src, o + 12);
      out.set(this.localV4, o + 16);
      const sum = ipv4HeaderChecksum(out, o);
      out[o + 10] = sum >>> 8;
      out[o + 11] = sum & 0xff;
    } else {
      const plen = 8 + payloadLength;
      out[o] = 0x60;
      out[o + 1] = 0;
      out[o + 2] = 0;
      out[o + 3] = 0;
      out[o + 4] = plen >>> 8;
      out[o + 5] = plen & 0xff;
      out[o + 6] = 17;
      out[o + 7] = 255;
      out.set(src, o + 8);
      out.set(this.localV6, o + 24);
    }
    const u = o + ipLength;
    const udpLength = 8 + payloadLength;
    out[u] = sourcePort >>> 8;
    out[u + 1] = sourcePort & 0xff;
    out[u + 2] = this.localPort >>> 8;
    out[u + 3] = this.localPort & 0xff;
    out[u + 4] = udpLength >>> 8;
    out[u + 5] = udpLength & 0xff;
    // Checksum 0: none for IPv4, and allowed for tunnels over IPv6 (RFC 6935); the kernel already verified it.
    out[u + 6] = 0;
    out[u + 7] = 0;
    out.set(payload.subarray(payloadOffset, payloadOffset + payloadLength), u + 8);
    return total;
  }

  /** The sender's address bytes: 4 for IPv4 (mapped addresses included), 16 for IPv6, empty when unparseable. */
  private source(address: string): Uint8Array {
    let b = this.sources.get(address);
    if (b !== undefined) return b;
    const unmapped = unmapIpv4(address);
    if (isIPv4(unmapped)) {
      b = new Uint8Array(4);
      writeIpv4(unmapped, b, 0);
    } else if (isIPv6(address)) {
      b = parseIpv6(stripZone(address)) ?? new Uint8Array(0);
    } else {
      b = new Uint8Array(0);
    }
    if (this.sources.size >= ADDRESS_CACHE_LIMIT) this.sources.clear();
    this.sources.set(address, b);
    return b;
  }
}

function unmapIpv4(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && isIPv4(lower.slice(7)) ? lower.slice(7) : address;
}

function stripZone(address: string): string {
  const pct = address.indexOf('%');
  return pct < 0 ? address : address.slice(0, pct);
}

function writeIpv4(address: string, out: Uint8Array, at: number): void {
  const n = parseIpv4(address) >>> 0;
  out[at] = n >>> 24;
  out[at + 1] = (n >>> 16) & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = n & 0xff;
}

function ipv4HeaderChecksum(b: Uint8Array, o: number): number {
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (b[o + i]! << 8) | b[o + i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
