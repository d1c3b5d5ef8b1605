import {
  DecodedPacket,
  LayerKind,
  LinkType,
  PacketFlag,
  type PacketDecoder,
} from '../../native-free-decoders/index.js';
import { FlowDirection, FlowKey, extractFlowKey, type FlowTable } from '../flow/index.js';
import { DefragStatus, IpDefrag, type DefragOptions } from '../stream/index.js';

const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
const IPV6_FRAG_HEADER = 8;
/** Room for two address pairs (mirror delivery, GENEVE) of IPv6 size ahead of the pseudo packet's IP header. */
const PREFIX_ROOM = 64;
/** Largest IP packet plus that prefix. */
const SCRATCH_SIZE = PREFIX_ROOM + 65535;

/**
 * Reassembles the IP fragments of inspected packets and builds, for each completed datagram, a pseudo packet that
 * detection can inspect like any other: the L4 header and payload whole, as Suricata's defrag hands its reassembled
 * packet to detection. Only fragments reach this class, so the common path pays nothing for it.
 *
 * The pseudo packet lives in a scratch buffer laid out as
 *   [mirror src][mirror dst][GENEVE src][GENEVE dst][IP header, fragment fields cleared][reassembled L4 bytes]
 * and is decoded as raw IP. The raw decode cannot know the tunnel that delivered the fragments, so the mirror and
 * GENEVE fields are restored from the completing fragment, pointing into the scratch prefix: the flow key (which
 * includes the mirror source) then matches the flow the first fragment created, and EVE shows the tunnel.
 */
export class DefragStage {
  readonly defrag: IpDefrag;
  /** The reassembled datagram after `add` returned true; valid until the next `add`. */
  readonly pkt = new DecodedPacket();
  /** Fragments not fed to the defragmenter because the capture cut them short (their bytes are not all here). */
  truncatedFragments = 0;
  /** Direction of the reassembled datagram in the flow `lookup` found. */
  direction: FlowDirection = FlowDirection.ToServer;
  private readonly scratch = new Uint8Array(SCRATCH_SIZE);
  private readonly key = new FlowKey();

  constructor(
    private readonly decoder: PacketDecoder,
    options: DefragOptions = {},
  ) {
    this.defrag = new IpDefrag(options);
  }

  /**
   * Feeds one decoded packet flagged as a fragment. Returns true when it completed a datagram, which is then
   * decoded in `pkt`. `frag` is left untouched.
   */
  add(frag: DecodedPacket, sec: number, usec: number): boolean {
    // The Fragment flag also stays set when an outer (delivery) header was fragmented and the decoder went on to
    // the inner packet; the innermost IP fields say whether the inspected packet itself is a fragment.
    if (!frag.moreFragments && frag.fragOffset === 0) return false;
    const b = frag.bytes;
    const nowMs = sec * 1000 + Math.floor(usec / 1000);
    const ipEnd = frag.ipOffset + frag.ipLength;
    const scope = scopeOf(frag);
    let status: number;
    let nextHeader: number;
    if (frag.ipVersion === 4) {
      const dataOff = frag.ipOffset + frag.ipHeaderLength;
      if (frag.ipHeaderLength < IPV4_HEADER || ipEnd > frag.end || dataOff > ipEnd) {
        this.truncatedFragments++;
        return false;
      }
      nextHeader = frag.ipProto;
      status = this.defrag.addIpv4(
        b, frag.srcAddrOffset, b, frag.dstAddrOffset, frag.ipId, nextHeader, frag.fragOffset, frag.moreFragments,
        b, dataOff, ipEnd - dataOff, nowMs, frag.ipHeaderLength, scope,
      );
    } else if (frag.ipVersion === 6) {
      const fi = frag.findLayer(LayerKind.Ipv6Fragment);
      if (fi < 0) return false;
      const fragHeader = frag.layerOffsets[fi]!;
      const dataOff = fragHeader + IPV6_FRAG_HEADER;
      if (ipEnd > frag.end || dataOff > ipEnd) {
        this.truncatedFragments++;
        return false;
      }
      // The Fragment header's own next header, not the decoder's final protocol: extension headers of the
      // fragmentable part belong to the reassembled payload.
      nextHeader = b[fragHeader]!;
      status = this.defrag.addIpv6(
        b, frag.srcAddrOffset, b, frag.dstAddrOffset, frag.ipId, nextHeader, frag.fragOffset, frag.moreFragments,
        b, dataOff, ipEnd - dataOff, nowMs, fragHeader - (frag.ipOffset + IPV6_HEADER), scope,
      );
    } else {
      return false;
    }
    if (status !== DefragStatus.Complete) return false;
    this.build(frag, nextHeader);
    return true;
  }

  /**
   * The flow of the reassembled datagram (created by its first fragment), or -1; sets `direction`. Looks only:
   * the fragments were already counted, and AWS counts every fragment as a packet.
   */
  lookup(flows: FlowTable): number {
    if (!extractFlowKey(this.pkt, this.key)) return -1;
    const f = flows.lookup(this.key);
    this.direction = f >= 0 ? flows.directionOf(f, this.key) : FlowDirection.ToServer;
    return f;
  }

  private build(frag: DecodedPacket, nextHeader: number): void {
    const s = this.scratch;
    const b = frag.bytes;
    let p = 0;
    const mirrorLen = addrLength(frag.mirrorIpVersion);
    const mirrorSrc = p;
    if (mirrorLen > 0) {
      s.set(b.subarray(frag.mirrorSrcOffset, frag.mirrorSrcOffset + mirrorLen), p);
      s.set(b.subarray(frag.mirrorDstOffset, frag.mirrorDstOffset + mirrorLen), p + mirrorLen);
      p += 2 * mirrorLen;
    }
    const geneveLen = addrLength(frag.geneveIpVersion);
    const geneveSrc = p;
    if (geneveLen > 0) {
      s.set(b.subarray(frag.geneveSrcOffset, frag.geneveSrcOffset + geneveLen), p);
      s.set(b.subarray(frag.geneveDstOffset, frag.geneveDstOffset + geneveLen), p + geneveLen);
      p += 2 * geneveLen;
    }
    const ipStart = p;
    const l4Length = this.defrag.outputLength;
    let total: number;
    if (frag.ipVersion === 4) {
      total = IPV4_HEADER + l4Length;
      s[p] = 0x45;
      s[p + 1] = frag.tos;
      s[p + 2] = total >>> 8;
      s[p + 3] = total & 0xff;
      s[p + 4] = (frag.ipId >>> 8) & 0xff;
      s[p + 5] = frag.ipId & 0xff;
      s[p + 6] = 0; // flags and fragment offset cleared: this is the whole datagram
      s[p + 7] = 0;
      s[p + 8] = frag.ttl;
      s[p + 9] = nextHeader;
      s[p + 10] = 0;
      s[p + 11] = 0;
      s.set(b.subarray(frag.srcAddrOffset, frag.srcAddrOffset + 4), p + 12);
      s.set(b.subarray(frag.dstAddrOffset, frag.dstAddrOffset + 4), p + 16);
      // A valid checksum, so a rule testing ipv4-csum sees what the sender's unfragmented packet would have had.
      let sum = 0;
      for (let i = 0; i < IPV4_HEADER; i += 2) sum += (s[p + i]! << 8) | s[p + i + 1]!;
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      const c = ~sum & 0xffff;
      s[p + 10] = c >>> 8;
      s[p + 11] = c & 0xff;
      p += IPV4_HEADER;
    } else {
      total = IPV6_HEADER + l4Length;
      const fl = frag.flowLabel;
      s[p] = 0x60 | (frag.tos >>> 4);
      s[p + 1] = ((frag.tos & 0x0f) << 4) | ((fl >>> 16) & 0x0f);
      s[p + 2] = (fl >>> 8) & 0xff;
      s[p + 3] = fl & 0xff;
      s[p + 4] = l4Length >>> 8;
      s[p + 5] = l4Length & 0xff;
      s[p + 6] = nextHeader;
      s[p + 7] = frag.ttl;
      s.set(b.subarray(frag.srcAddrOffset, frag.srcAddrOffset + 16), p + 8);
      s.set(b.subarray(frag.dstAddrOffset, frag.dstAddrOffset + 16), p + 24);
      p += IPV6_HEADER;
    }
    s.set(this.defrag.output.subarray(0, l4Length), p);

    const out = this.pkt;
    this.decoder.decode(out, s, ipStart, total, total, LinkType.Raw);
    // A raw decode that crossed a tunnel of its own (a fragmented delivery) knows its tunnel already.
    if (out.tunnelDepth > 0) return;
    out.tunnelDepth = frag.tunnelDepth;
    out.tunnelKind = frag.tunnelKind;
    out.flags |= frag.flags & (PacketFlag.Tunneled | PacketFlag.Gwlb | PacketFlag.Vlan);
    out.vni = frag.vni;
    out.mirrorIpVersion = frag.mirrorIpVersion;
    out.mirrorSrcOffset = mirrorSrc;
    out.mirrorDstOffset = mirrorSrc + mirrorLen;
    out.mirrorSrcPort = frag.mirrorSrcPort;
    out.mirrorDstPort = frag.mirrorDstPort;
    out.geneveVni = frag.geneveVni;
    out.geneveIpVersion = frag.geneveIpVersion;
    out.geneveSrcOffset = geneveSrc;
    out.geneveDstOffset = geneveSrc + geneveLen;
    out.vlanCount = frag.vlanCount;
    for (let i = 0; i < frag.vlanCount; i++) out.vlanIds[i] = frag.vlanIds[i]!;
  }
}

function addrLength(version: number): number {
  return version === 4 ? 4 : version === 6 ? 16 : 0;
}

/** The delivery a fragment came in (mirror session and source, GENEVE VNI): part of the defrag key. */
function scopeOf(frag: DecodedPacket): string {
  let s = frag.vni + '|' + frag.geneveVni + '|';
  const n = addrLength(frag.mirrorIpVersion);
  const b = frag.bytes;
  for (let i = 0; i < n; i++) s += (b[frag.mirrorSrcOffset + i]! | 0x100).toString(16).slice(1);
  return s + '|';
}
