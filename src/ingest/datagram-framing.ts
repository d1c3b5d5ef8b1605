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

/** Sources whose header templates are cached; mirror sources are a few ENIs or load-balancer nodes. */
const ADDRESS_CACHE_LIMIT = 4096;

/**
 * The outer IP header for one sender, written once: per datagram only the length fields (and for IPv4 the
 * checksum, from the sum of the fixed words) change. header is empty when the sender is not an IP literal.
 */
interface SourceTemplate {
  header: Uint8Array;
  /** IPv4: one's-complement sum of every header word but total length and checksum. */
  fixedSum: number;
}

const UNPARSEABLE: SourceTemplate = { header: new Uint8Array(0), fixedSum: 0 };

/**
 * Rebuilds the packet a capture on the target would have seen: a UDP socket hands over only the UDP payload (the
 * VXLAN or GENEVE header onward) and the sender's address, so an outer IPv4 or IPv6 header and a UDP header are
 * written in front of it. The outer source is the sender (for VXLAN the mirror source ENI's primary IP, which the
 * flow key needs; for GENEVE the load balancer), the destination the local address and port the datagram reached.
 * Frames are raw IP (link type 101) and decode exactly as the same delivery read from a pcap.
 *
 * A dual-stack socket reports IPv4 senders as ::ffff:a.b.c.d; those are written as IPv4 so the mirror source is
 * the same address replay sees. One framer per socket; it keeps a header template per sender and allocates
 * nothing per datagram once a sender is known (this runs once per received datagram, before anything else).
 */
export class DatagramFramer {
  readonly localPort: number;
  private readonly localV4: Uint8Array;
  private readonly localV6: Uint8Array;
  private readonly sources = new Map<string, SourceTemplate>();
  // Each datagram brings a fresh address string: comparing it with the previous sender's is cheaper than hashing it.
  private lastAddress = '';
  private lastSource: SourceTemplate = UNPARSEABLE;

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
    return this.source(address).header.length === 20 ? payloadLength + FRAMED_IPV4_OVERHEAD : payloadLength + FRAMED_IPV6_OVERHEAD;
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
    const src = sourceAddress === this.lastAddress ? this.lastSource : this.source(sourceAddress);
    const header = src.header;
    const ipLength = header.length;
    if (ipLength === 0 || payloadLength > MAX_DATAGRAM_PAYLOAD) return -1;
    const total = ipLength + 8 + payloadLength;
    if (outOffset + total > out.length) return -1;
    const o = outOffset;
    out.set(header, o);
    if (ipLength === 20) {
      out[o + 2] = total >>> 8;
      out[o + 3] = total & 0xff;
      let sum = src.fixedSum + total;
      sum = (sum & 0xffff) + (sum >>> 16);
      sum = ~((sum & 0xffff) + (sum >>> 16)) & 0xffff;
      out[o + 10] = sum >>> 8;
      out[o + 11] = sum & 0xff;
    } else {
      const plen = 8 + payloadLength;
      out[o + 4] = plen >>> 8;
      out[o + 5] = plen & 0xff;
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
    // A whole datagram is copied without a subarray view: Buffer#subarray builds a Buffer object per call.
    if (payloadOffset === 0 && payloadLength === payload.length) out.set(payload, u + 8);
    else out.set(new Uint8Array(payload.buffer, payload.byteOffset + payloadOffset, payloadLength), u + 8);
    return total;
  }

  /** The sender's header template; UNPARSEABLE when the address is not an IP literal. */
  private source(address: string): SourceTemplate {
    let t = this.sources.get(address);
    if (t === undefined) {
      t = this.template(address);
      if (this.sources.size >= ADDRESS_CACHE_LIMIT) this.sources.clear();
      this.sources.set(address, t);
    }
    this.lastAddress = address;
    this.lastSource = t;
    return t;
  }

  private template(address: string): SourceTemplate {
    const unmapped = unmapIpv4(address);
    if (isIPv4(unmapped)) {
      const h = new Uint8Array(20);
      h[0] = 0x45;
      h[6] = 0x40; // DF, as AWS sends deliveries
      h[8] = 255;
      h[9] = 17;
      writeIpv4(unmapped, h, 12);
      h.set(this.localV4, 16);
      // Length and checksum are still 0 here, so the plain sum is the sum of the fixed words.
      let fixedSum = 0;
      for (let i = 0; i < 20; i += 2) fixedSum += (h[i]! << 8) | h[i + 1]!;
      return { header: h, fixedSum };
    }
    const v6 = isIPv6(address) ? parseIpv6(stripZone(address)) : null;
    if (v6 === null) return UNPARSEABLE;
    const h = new Uint8Array(40);
    h[0] = 0x60;
    h[6] = 17;
    h[7] = 255;
    h.set(v6, 8);
    h.set(this.localV6, 24);
    return { header: h, fixedSum: 0 };
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
