import {
  DECODE_EVENT_COUNT,
  LAYER_KIND_COUNT,
  PacketFlag,
  formatIpAt,
  u32,
  type DecodedPacket,
} from '../../native-free-decoders/index.js';

/** Entries of the mirror-source cache: 2 ** SOURCE_CACHE_BITS. */
const SOURCE_CACHE_BITS = 8;
const SOURCE_CACHE_SIZE = 1 << SOURCE_CACHE_BITS;
/** Slots looked at from a pair's home slot before it goes uncached (a target with hundreds of sessions). */
const SOURCE_CACHE_PROBES = 8;

/**
 * The home slot of a (VNI, IPv4 source) pair in the mirror-source cache: the top bits of a multiplicative hash.
 * Sessions are often numbered as their ENIs are addressed (VNI 7001 from 10.0.1.1, 7002 from 10.0.1.2, ...), and a
 * plain XOR of the two cancelled those steps: sixteen such sources had shared two slots, and every packet missed.
 */
function sourceSlot(vni: number, source: number): number {
  return Math.imul(source ^ Math.imul(vni, 0x9e3779b1), 0x85ebca6b) >>> (32 - SOURCE_CACHE_BITS);
}

/** Per-tunnel counters, keyed by VNI. */
export interface TunnelCounters {
  packets: number;
  bytes: number;
}

/** Counters for one mirror source: a (VNI, outer source address) pair, i.e. one source ENI's session. */
export interface MirrorSourceCounters extends TunnelCounters {
  vni: number;
  source: string;
}

/**
 * What replay saw, accumulated per packet without allocation in the steady state: typed-array counters indexed by
 * layer kind, status and event id, and Maps keyed by number for the (few) tunnels and mirror sources.
 */
export class DecodeSummary {
  packets = 0;
  wireBytes = 0;
  capturedBytes = 0;
  readonly statusCounts = new Float64Array(4);
  readonly layerCounts = new Float64Array(LAYER_KIND_COUNT);
  readonly eventCounts = new Float64Array(DECODE_EVENT_COUNT);
  truncated = 0;
  /** Snaplen cut: the capture holds less than the frame on the wire. */
  captureTruncated = 0;
  /** Mirror cut: the inner IP header promises more bytes than were delivered (session PacketLength or MTU). */
  mirrorTruncated = 0;
  tunneled = 0;
  invalidTunnels = 0;
  gwlb = 0;
  arp = 0;
  fragments = 0;
  ipv4 = 0;
  ipv6 = 0;
  /** Sum of inner IP lengths from the headers (what VPC Flow Logs count as bytes). */
  ipBytes = 0;
  readonly vxlan = new Map<number, TunnelCounters>();
  readonly geneve = new Map<number, TunnelCounters>();
  private readonly sources = new Map<number, Map<string | number, MirrorSourceCounters>>();
  firstSeconds = Number.POSITIVE_INFINITY;
  lastSeconds = 0;
  // IPv4 mirror sources' counters in a small open-addressed cache keyed by (VNI, source address), filled as sources
  // appear and never evicted: a target hears from a handful of sessions, interleaved, and two Map lookups per packet
  // showed in profiles.
  private readonly cacheVni = new Int32Array(SOURCE_CACHE_SIZE).fill(-1);
  private readonly cacheSource = new Float64Array(SOURCE_CACHE_SIZE).fill(-1);
  private readonly cacheVxlan: (TunnelCounters | null)[] = new Array<TunnelCounters | null>(SOURCE_CACHE_SIZE).fill(null);
  private readonly cacheCounters: (MirrorSourceCounters | null)[] = new Array<MirrorSourceCounters | null>(SOURCE_CACHE_SIZE).fill(null);

  add(pkt: DecodedPacket, tsSeconds: number): void {
    this.packets++;
    this.wireBytes += pkt.wireLength;
    this.capturedBytes += pkt.captureLength;
    if (tsSeconds < this.firstSeconds) this.firstSeconds = tsSeconds;
    if (tsSeconds > this.lastSeconds) this.lastSeconds = tsSeconds;
    this.statusCounts[pkt.status]!++;
    for (let i = 0; i < pkt.layerCount; i++) this.layerCounts[pkt.layerKinds[i]!]!++;
    for (let i = 0; i < pkt.eventCount; i++) this.eventCounts[pkt.events[i]!]!++;
    const flags = pkt.flags;
    if (flags & PacketFlag.Truncated) this.truncated++;
    if (pkt.wireLength > pkt.captureLength) this.captureTruncated++;
    else if (flags & PacketFlag.Truncated) this.mirrorTruncated++;
    if (flags & PacketFlag.InvalidTunnel) this.invalidTunnels++;
    if (flags & PacketFlag.Gwlb) this.gwlb++;
    if (flags & PacketFlag.Arp) this.arp++;
    if (flags & PacketFlag.Fragment) this.fragments++;
    if (pkt.ipVersion === 4) this.ipv4++;
    else if (pkt.ipVersion === 6) this.ipv6++;
    this.ipBytes += pkt.ipLength;
    if (flags & PacketFlag.Tunneled) {
      this.tunneled++;
      if (pkt.vni >= 0) {
        const source = pkt.mirrorIpVersion === 4 ? u32(pkt.bytes, pkt.mirrorSrcOffset) : -1;
        const slot = source >= 0 ? this.cacheSlot(pkt.vni, source) : -1;
        if (slot >= 0 && this.cacheVni[slot] !== -1) {
          const vxlan = this.cacheVxlan[slot]!;
          const counters = this.cacheCounters[slot]!;
          vxlan.packets++;
          vxlan.bytes += pkt.wireLength;
          counters.packets++;
          counters.bytes += pkt.wireLength;
        } else {
          bump(this.vxlan, pkt.vni, pkt.wireLength);
          this.addSource(pkt, source);
        }
      }
      if (pkt.geneveVni >= 0) bump(this.geneve, pkt.geneveVni, pkt.wireLength);
    }
  }

  private addSource(pkt: DecodedPacket, ipv4Source: number): void {
    let byVni = this.sources.get(pkt.vni);
    if (byVni === undefined) {
      byVni = new Map();
      this.sources.set(pkt.vni, byVni);
    }
    // IPv4 sources key by number (no string per packet); IPv6 sources are rare enough to format.
    const b = pkt.bytes;
    const o = pkt.mirrorSrcOffset;
    const key: string | number = ipv4Source >= 0 ? ipv4Source : formatIpAt(b, o, 6);
    let c = byVni.get(key);
    if (c === undefined) {
      c = { vni: pkt.vni, source: formatIpAt(b, o, pkt.mirrorIpVersion), packets: 0, bytes: 0 };
      byVni.set(key, c);
    }
    c.packets++;
    c.bytes += pkt.wireLength;
    const slot = ipv4Source >= 0 ? this.cacheSlot(pkt.vni, ipv4Source) : -1;
    if (slot >= 0 && this.cacheVni[slot] === -1) {
      this.cacheVni[slot] = pkt.vni;
      this.cacheSource[slot] = ipv4Source;
      this.cacheVxlan[slot] = this.vxlan.get(pkt.vni)!;
      this.cacheCounters[slot] = c;
    }
  }

  /**
   * The cache slot holding this (VNI, IPv4 source) pair, else the free slot it would take (cacheVni -1 there), else
   * -1 when the probes ahead of it are all taken by other pairs.
   */
  private cacheSlot(vni: number, source: number): number {
    let slot = sourceSlot(vni, source);
    for (let probe = 0; probe < SOURCE_CACHE_PROBES; probe++, slot = (slot + 1) & (SOURCE_CACHE_SIZE - 1)) {
      const v = this.cacheVni[slot]!;
      if (v === -1 || (v === vni && this.cacheSource[slot] === source)) return slot;
    }
    return -1;
  }

  mirrorSources(): MirrorSourceCounters[] {
    const out: MirrorSourceCounters[] = [];
    for (const m of this.sources.values()) out.push(...m.values());
    return out.sort((a, b) => a.vni - b.vni || a.source.localeCompare(b.source));
  }

}

function bump(map: Map<number, TunnelCounters>, key: number, bytes: number): void {
  const c = map.get(key);
  if (c === undefined) map.set(key, { packets: 1, bytes });
  else {
    c.packets++;
    c.bytes += bytes;
  }
}
