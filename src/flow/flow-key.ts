import { IPPROTO_ICMP, IPPROTO_ICMPV6 } from '../../native-free-decoders/index.js';
import type { DecodedPacket } from '../../native-free-decoders/index.js';

/**
 * Word layout of a flow key. Addresses take four words whatever their version (IPv4 in the first word, the rest
 * zero) so that every key has the same length and compares with one loop.
 *
 *   0       source kind << 24 | VNI (24 bits)
 *   1..4    mirror source address (the outer IP source of the VXLAN delivery: the source ENI's primary IP)
 *   5..8    "lo" endpoint address      } the two endpoints in canonical order, so A->B and B->A
 *   9..12   "hi" endpoint address      } produce the same words
 *   13      lo port << 16 | hi port
 *   14      protocol | inner IP version << 8 | mirror IP version << 12
 */
export const FLOW_KEY_WORDS = 15;
export const KEY_SOURCE = 0;
export const KEY_SOURCE_ADDR = 1;
export const KEY_LO_ADDR = 5;
export const KEY_HI_ADDR = 9;
export const KEY_PORTS = 13;
export const KEY_META = 14;

/** What identified the mirror source of a packet. */
export const MirrorSourceKind = {
  /** A plain frame: no tunnel told us which ENI it was copied from. */
  None: 0,
  /** A Traffic Mirroring VXLAN delivery: (VNI, outer source IP) names the session and the source ENI. */
  Vxlan: 1,
  /** GENEVE without a VXLAN mirror inside (a GWLB carrying ordinary traffic): only the GENEVE VNI is known. */
  Geneve: 2,
} as const;
export type MirrorSourceKind = (typeof MirrorSourceKind)[keyof typeof MirrorSourceKind];

/**
 * A reusable flow key. `extractFlowKey` fills it in place for every packet; nothing here allocates afterwards.
 *
 * ICMP and ICMPv6 keys carry ports 0, as VPC Flow Logs do. The echo id, type and code are deliberately left out of
 * the key: the flow table is also the aggregator of the derived Flow Log records, whose key AWS defines without
 * them, and Suricata likewise keeps echo request and reply in one flow. They stay available on the key
 * (`icmpType`, `icmpCode`, `icmpId`) for callers that want to separate ping sessions themselves.
 */
export class FlowKey {
  readonly words = new Uint32Array(FLOW_KEY_WORDS);
  /** True when the packet's source is the key's "hi" endpoint (the words hold the endpoints swapped). */
  reversed = false;
  /** The packet's ICMP fields (-1 when not ICMP); not part of the key. */
  icmpType = -1;
  icmpCode = -1;
  icmpId = 0;

  get proto(): number {
    return this.words[KEY_META]! & 0xff;
  }

  get ipVersion(): number {
    return (this.words[KEY_META]! >>> 8) & 0xf;
  }

  get mirrorIpVersion(): number {
    return (this.words[KEY_META]! >>> 12) & 0xf;
  }

  get sourceKind(): MirrorSourceKind {
    return (this.words[KEY_SOURCE]! >>> 24) as MirrorSourceKind;
  }

  /** VXLAN VNI (or GENEVE VNI for a GENEVE-only source); -1 for a plain frame. */
  get vni(): number {
    return this.sourceKind === MirrorSourceKind.None ? -1 : this.words[KEY_SOURCE]! & 0xffffff;
  }

  /** The packet's source port (0 for ICMP and protocols without ports). */
  get srcPort(): number {
    const p = this.words[KEY_PORTS]!;
    return this.reversed ? p & 0xffff : p >>> 16;
  }

  get dstPort(): number {
    const p = this.words[KEY_PORTS]!;
    return this.reversed ? p >>> 16 : p & 0xffff;
  }

  /** Fill the key from plain numbers: for tests, benches and callers that do not hold a decoded packet. */
  setIpv4(src: number, dst: number, srcPort: number, dstPort: number, proto: number, vni = -1, mirrorSrc = 0): this {
    const w = this.words;
    w.fill(0);
    setSource(w, vni, vni >= 0 ? 4 : 0);
    w[KEY_SOURCE_ADDR] = vni >= 0 ? mirrorSrc >>> 0 : 0;
    w[KEY_LO_ADDR] = src >>> 0;
    w[KEY_HI_ADDR] = dst >>> 0;
    finish(this, srcPort, dstPort, proto, 4, vni >= 0 ? 4 : 0);
    this.icmpType = -1;
    this.icmpCode = -1;
    this.icmpId = 0;
    return this;
  }

  /** The same for IPv6 endpoints, given as 16-byte arrays. */
  setIpv6(src: Uint8Array, dst: Uint8Array, srcPort: number, dstPort: number, proto: number, vni = -1, mirrorSrc = 0): this {
    const w = this.words;
    w.fill(0);
    setSource(w, vni, vni >= 0 ? 4 : 0);
    w[KEY_SOURCE_ADDR] = vni >= 0 ? mirrorSrc >>> 0 : 0;
    readWords16(src, 0, w, KEY_LO_ADDR);
    readWords16(dst, 0, w, KEY_HI_ADDR);
    finish(this, srcPort, dstPort, proto, 6, vni >= 0 ? 4 : 0);
    this.icmpType = -1;
    this.icmpCode = -1;
    this.icmpId = 0;
    return this;
  }
}

function setSource(w: Uint32Array, vni: number, mirrorIpVersion: number): void {
  const kind = vni >= 0 ? (mirrorIpVersion !== 0 ? MirrorSourceKind.Vxlan : MirrorSourceKind.Geneve) : MirrorSourceKind.None;
  w[KEY_SOURCE] = ((kind << 24) | (vni >= 0 ? vni & 0xffffff : 0)) >>> 0;
}

/**
 * Writes ports and meta, then puts the endpoints in canonical order: (address words, port) of the lo endpoint
 * compare below the hi endpoint's. Expects the packet's source in the lo slot and its destination in the hi slot.
 */
function finish(key: FlowKey, srcPort: number, dstPort: number, proto: number, ipVersion: number, mirrorIpVersion: number): void {
  const w = key.words;
  if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) {
    srcPort = 0;
    dstPort = 0;
  }
  w[KEY_META] = (proto & 0xff) | (ipVersion << 8) | (mirrorIpVersion << 12);
  let order = 0;
  for (let i = 0; i < 4 && order === 0; i++) {
    const a = w[KEY_LO_ADDR + i]!;
    const b = w[KEY_HI_ADDR + i]!;
    if (a !== b) order = a < b ? -1 : 1;
  }
  if (order === 0 && srcPort !== dstPort) order = srcPort < dstPort ? -1 : 1;
  if (order > 0) {
    for (let i = 0; i < 4; i++) {
      const t = w[KEY_LO_ADDR + i]!;
      w[KEY_LO_ADDR + i] = w[KEY_HI_ADDR + i]!;
      w[KEY_HI_ADDR + i] = t;
    }
    w[KEY_PORTS] = ((dstPort << 16) | srcPort) >>> 0;
    key.reversed = true;
  } else {
    w[KEY_PORTS] = ((srcPort << 16) | dstPort) >>> 0;
    key.reversed = false;
  }
}

function readWords16(b: Uint8Array, o: number, w: Uint32Array, at: number): void {
  for (let i = 0; i < 4; i++) {
    const p = o + 4 * i;
    w[at + i] = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
}

function readWord4(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/**
 * Fills `key` from a decoded packet. Returns false (key untouched) when no inner IP header was reached: ARP,
 * non-IP ethertypes and invalid tunnels have no flow.
 *
 * The mirror source is part of the key: when both ends of a connection are mirror sources, AWS delivers each packet
 * twice, from two outer source IPs, and Flow Logs keep one record per ENI, so those copies must stay two flows.
 */
export function extractFlowKey(pkt: DecodedPacket, key: FlowKey): boolean {
  const version = pkt.ipVersion;
  if (version !== 4 && version !== 6) return false;
  const w = key.words;
  const b = pkt.bytes;
  let mirrorIpVersion = 0;
  if (pkt.vni >= 0 && (pkt.mirrorIpVersion === 4 || pkt.mirrorIpVersion === 6)) {
    mirrorIpVersion = pkt.mirrorIpVersion;
    w[KEY_SOURCE] = ((MirrorSourceKind.Vxlan << 24) | (pkt.vni & 0xffffff)) >>> 0;
    if (mirrorIpVersion === 4) {
      w[KEY_SOURCE_ADDR] = readWord4(b, pkt.mirrorSrcOffset);
      w[KEY_SOURCE_ADDR + 1] = 0;
      w[KEY_SOURCE_ADDR + 2] = 0;
      w[KEY_SOURCE_ADDR + 3] = 0;
    } else {
      readWords16(b, pkt.mirrorSrcOffset, w, KEY_SOURCE_ADDR);
    }
  } else {
    // GENEVE alone carries no per-source address (its outer source is the load balancer), so only its VNI counts.
    w[KEY_SOURCE] = pkt.geneveVni >= 0 ? ((MirrorSourceKind.Geneve << 24) | (pkt.geneveVni & 0xffffff)) >>> 0 : 0;
    w[KEY_SOURCE_ADDR] = 0;
    w[KEY_SOURCE_ADDR + 1] = 0;
    w[KEY_SOURCE_ADDR + 2] = 0;
    w[KEY_SOURCE_ADDR + 3] = 0;
  }
  if (version === 4) {
    w[KEY_LO_ADDR] = pkt.srcV4 >>> 0;
    w[KEY_LO_ADDR + 1] = 0;
    w[KEY_LO_ADDR + 2] = 0;
    w[KEY_LO_ADDR + 3] = 0;
    w[KEY_HI_ADDR] = pkt.dstV4 >>> 0;
    w[KEY_HI_ADDR + 1] = 0;
    w[KEY_HI_ADDR + 2] = 0;
    w[KEY_HI_ADDR + 3] = 0;
  } else {
    readWords16(b, pkt.srcAddrOffset, w, KEY_LO_ADDR);
    readWords16(b, pkt.dstAddrOffset, w, KEY_HI_ADDR);
  }
  const proto = pkt.ipProto;
  finish(key, pkt.srcPort, pkt.dstPort, proto, version, mirrorIpVersion);
  const icmp = proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6;
  key.icmpType = icmp ? pkt.icmpType : -1;
  key.icmpCode = icmp ? pkt.icmpCode : -1;
  key.icmpId = icmp ? pkt.icmpId : 0;
  return true;
}
