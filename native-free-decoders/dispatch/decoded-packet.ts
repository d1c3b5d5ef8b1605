import { DecodeStatus } from './decode-status.js';

/** Most layers one packet may hold (GWLB stack: eth ip udp geneve ip udp vxlan eth vlan vlan ip ext... tcp). */
export const MAX_LAYERS = 24;
/** Most decode events kept per packet; further ones are counted in `eventsDropped`. */
export const MAX_EVENTS = 8;
/** Most VLAN tags recorded per frame (802.1ad outer + 802.1Q inner). */
export const MAX_VLANS = 2;

const EMPTY = new Uint8Array(0);
// Indexed by DecodeStatus: Ok 0, Truncated 1, Malformed 2, Unsupported 3.
const STATUS_RANK = [0, 2, 3, 1];

/** The tunnel that carried the inspected packet. */
export const TunnelKind = { None: 0, Vxlan: 1, Geneve: 2 } as const;
export type TunnelKind = (typeof TunnelKind)[keyof typeof TunnelKind];

/**
 * One reusable decode result. A PacketDecoder fills it in place for every packet; nothing here is allocated per
 * packet. Offsets point into `bytes`, so everything is valid only until the next decode into the same struct or
 * until the capture reader reuses its buffer: copy what you keep.
 *
 * The IP/L4 fields describe the innermost packet reached (the mirrored packet, after VXLAN/GENEVE). The `mirror*`
 * fields describe the delivery: the VXLAN VNI (the mirror session) and the IP header that carried the VXLAN, whose
 * source is the mirror source ENI's primary address. Behind a Gateway Load Balancer the GENEVE layer is recorded
 * in the `geneve*` fields and the mirror fields still come from the inner VXLAN delivery.
 */
export class DecodedPacket {
  bytes: Uint8Array = EMPTY;
  /** Offset of the first byte of the frame in `bytes`. */
  start = 0;
  /** Bytes present in `bytes` for this frame (pcap caplen). */
  captureLength = 0;
  /** Length of the frame on the wire (pcap len). */
  wireLength = 0;
  /** Link type the frame was decoded as (pcap LINKTYPE_*). */
  linkType = 1;

  status: DecodeStatus = DecodeStatus.Ok;
  /** PacketFlag bits. */
  flags = 0;

  /** Decoder scratch: where the next layer starts, and the end of the bytes that belong to it. */
  cursor = 0;
  limit = 0;

  layerCount = 0;
  readonly layerKinds = new Uint8Array(MAX_LAYERS);
  readonly layerOffsets = new Int32Array(MAX_LAYERS);
  /** Header length of each layer (bytes from its offset to the next layer). */
  readonly layerLengths = new Int32Array(MAX_LAYERS);

  eventCount = 0;
  eventsDropped = 0;
  readonly events = new Uint16Array(MAX_EVENTS);

  vlanCount = 0;
  readonly vlanIds = new Uint16Array(MAX_VLANS);

  /** Number of tunnel layers crossed (VXLAN + GENEVE). */
  tunnelDepth = 0;
  /** Kind of the innermost tunnel (the one that delivered the inspected frame). */
  tunnelKind: TunnelKind = TunnelKind.None;

  /** VXLAN Network Identifier of the mirror delivery, or -1. */
  vni = -1;
  /** 4 or 6 for the IP header that carried the VXLAN delivery; 0 when there is none. */
  mirrorIpVersion = 0;
  /** Offsets of that header's source/destination addresses (source = the mirror source ENI's primary IP). */
  mirrorSrcOffset = 0;
  mirrorDstOffset = 0;
  /** Outer UDP ports of the delivery (source is AWS's per-flow hash, destination 4789). */
  mirrorSrcPort = 0;
  mirrorDstPort = 0;

  /** GENEVE VNI when a Gateway Load Balancer wrapped the delivery, or -1. */
  geneveVni = -1;
  geneveIpVersion = 0;
  geneveSrcOffset = 0;
  geneveDstOffset = 0;

  /** Innermost IP: 4, 6, or 0 when no IP layer was reached. */
  ipVersion = 0;
  ipOffset = 0;
  /** IPv4 IHL*4, or 40 plus every IPv6 extension header. */
  ipHeaderLength = 0;
  /** Length of the IP packet per its header (IPv4 total length; IPv6 payload length + 40): survives truncation. */
  ipLength = 0;
  /** Final protocol (IPv4 protocol, or IPv6 next header after extension headers). */
  ipProto = 0;
  ttl = 0;
  tos = 0;
  ipId = 0;
  /** Fragment offset in bytes. */
  fragOffset = 0;
  moreFragments = false;
  dontFragment = false;
  flowLabel = 0;
  srcAddrOffset = 0;
  dstAddrOffset = 0;
  /** IPv4 addresses as unsigned 32-bit numbers (0 for IPv6). */
  srcV4 = 0;
  dstV4 = 0;

  /** Innermost L4 header offset; 0 when none. */
  l4Offset = 0;
  l4HeaderLength = 0;
  srcPort = 0;
  dstPort = 0;

  /** TCP flag byte (CWR ECE URG ACK PSH RST SYN FIN), plus NS in bit 8. */
  tcpFlags = 0;
  tcpSeq = 0;
  tcpAck = 0;
  tcpWindow = 0;
  tcpUrgent = 0;
  /** TCP options: -1 when absent. */
  tcpMss = -1;
  tcpWscale = -1;
  tcpSackPermitted = false;
  tcpSackBlocks = 0;
  tcpHasTimestamp = false;
  tcpTsVal = 0;
  tcpTsEcr = 0;

  /** UDP length field. */
  udpLength = 0;

  icmpType = -1;
  icmpCode = -1;
  icmpId = 0;
  icmpSeq = 0;

  /** L4 payload: offset and the bytes present; payloadWireLength is what the headers say it was. */
  payloadOffset = 0;
  payloadLength = 0;
  payloadWireLength = 0;

  /** Reset every field a decode may set. Called by the decoder at the start of each packet. */
  reset(bytes: Uint8Array, start: number, captureLength: number, wireLength: number, linkType: number): void {
    this.bytes = bytes;
    this.start = start;
    this.captureLength = captureLength;
    this.wireLength = wireLength;
    this.linkType = linkType;
    this.status = DecodeStatus.Ok;
    this.flags = 0;
    this.cursor = start;
    this.limit = start + captureLength;
    this.layerCount = 0;
    this.eventCount = 0;
    this.eventsDropped = 0;
    this.vlanCount = 0;
    this.tunnelDepth = 0;
    this.tunnelKind = TunnelKind.None;
    this.vni = -1;
    this.mirrorIpVersion = 0;
    this.mirrorSrcOffset = 0;
    this.mirrorDstOffset = 0;
    this.mirrorSrcPort = 0;
    this.mirrorDstPort = 0;
    this.geneveVni = -1;
    this.geneveIpVersion = 0;
    this.geneveSrcOffset = 0;
    this.geneveDstOffset = 0;
    this.resetInner();
  }

  /** Forget the L3/L4 fields, when a tunnel hands over to the packet it carries. */
  resetInner(): void {
    this.ipVersion = 0;
    this.ipOffset = 0;
    this.ipHeaderLength = 0;
    this.ipLength = 0;
    this.ipProto = 0;
    this.ttl = 0;
    this.tos = 0;
    this.ipId = 0;
    this.fragOffset = 0;
    this.moreFragments = false;
    this.dontFragment = false;
    this.flowLabel = 0;
    this.srcAddrOffset = 0;
    this.dstAddrOffset = 0;
    this.srcV4 = 0;
    this.dstV4 = 0;
    this.l4Offset = 0;
    this.l4HeaderLength = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpWindow = 0;
    this.tcpUrgent = 0;
    this.tcpMss = -1;
    this.tcpWscale = -1;
    this.tcpSackPermitted = false;
    this.tcpSackBlocks = 0;
    this.tcpHasTimestamp = false;
    this.tcpTsVal = 0;
    this.tcpTsEcr = 0;
    this.udpLength = 0;
    this.icmpType = -1;
    this.icmpCode = -1;
    this.icmpId = 0;
    this.icmpSeq = 0;
    this.payloadOffset = 0;
    this.payloadLength = 0;
    this.payloadWireLength = 0;
  }

  /** Raise the status: Malformed outranks Truncated, which outranks Unsupported, which outranks Ok. */
  markStatus(status: DecodeStatus): void {
    if (STATUS_RANK[status]! > STATUS_RANK[this.status]!) this.status = status;
  }

  pushLayer(kind: number, offset: number, length: number): void {
    const n = this.layerCount;
    if (n < MAX_LAYERS) {
      this.layerKinds[n] = kind;
      this.layerOffsets[n] = offset;
      this.layerLengths[n] = length;
      this.layerCount = n + 1;
    }
  }

  addEvent(event: number): void {
    const n = this.eventCount;
    if (n < MAX_EVENTS) {
      this.events[n] = event;
      this.eventCount = n + 1;
    } else {
      this.eventsDropped++;
    }
  }

  hasEvent(event: number): boolean {
    for (let i = 0; i < this.eventCount; i++) if (this.events[i] === event) return true;
    return false;
  }

  /** Index of the last layer of this kind, or -1. */
  findLayer(kind: number): number {
    for (let i = this.layerCount - 1; i >= 0; i--) if (this.layerKinds[i] === kind) return i;
    return -1;
  }

  /** End of the frame's captured bytes in `bytes`. */
  get end(): number {
    return this.start + this.captureLength;
  }
}
