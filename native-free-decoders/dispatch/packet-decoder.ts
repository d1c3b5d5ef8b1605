import { decodeArp } from '../link/arp.js';
import { decodeBsdNull } from '../link/bsd-null.js';
import { decodeEthernet } from '../link/ethernet.js';
import { decodeSll, decodeSll2 } from '../link/linux-sll.js';
import { decodeVlan } from '../link/vlan.js';
import { decodeIpv4 } from '../network/ipv4.js';
import { decodeIpv6 } from '../network/ipv6.js';
import { decodeIcmpv4 } from '../transport/icmpv4.js';
import { decodeIcmpv6 } from '../transport/icmpv6.js';
import { decodeTcp } from '../transport/tcp.js';
import { decodeUdp } from '../transport/udp.js';
import { decodeGeneve } from '../tunnel/geneve.js';
import { TunnelPortTable } from '../tunnel/tunnel-ports.js';
import { decodeVxlan } from '../tunnel/vxlan.js';
import type { DecodedPacket } from './decoded-packet.js';
import { DecodeEvent } from './decode-events.js';
import { DecodeStatus, PacketFlag } from './decode-status.js';
import { LayerKind } from './layer-kind.js';
import { firstLayerFor, LinkType } from './link-type.js';

/** GWLB delivery is GENEVE then VXLAN: two. One more allows a customer's own overlay inside the mirror. */
export const DEFAULT_MAX_TUNNEL_DEPTH = 3;

export interface PacketDecoderOptions {
  tunnelPorts?: TunnelPortTable;
  maxTunnelDepth?: number;
}

/**
 * Drives the layer decoders: each one validates its header, records itself on the packet, and returns the next
 * layer kind with pkt.cursor/pkt.limit set. Dispatch is a switch over small integers, so V8 keeps it monomorphic.
 * One decoder per thread; it holds no per-packet state of its own.
 */
export class PacketDecoder {
  readonly tunnelPorts: TunnelPortTable;
  readonly maxTunnelDepth: number;

  constructor(options: PacketDecoderOptions = {}) {
    this.tunnelPorts = options.tunnelPorts ?? new TunnelPortTable();
    this.maxTunnelDepth = options.maxTunnelDepth ?? DEFAULT_MAX_TUNNEL_DEPTH;
  }

  decode(
    pkt: DecodedPacket,
    bytes: Uint8Array,
    start: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
  ): DecodeStatus {
    // Never trust lengths handed in: clamp to the buffer so no layer can read past it.
    const cap = Math.max(0, Math.min(captureLength, bytes.length - start));
    pkt.reset(bytes, start, cap, wireLength, linkType);
    if (wireLength > cap) pkt.flags |= PacketFlag.Truncated;
    let kind = firstLayerFor(linkType);
    if (kind === LayerKind.None) {
      pkt.addEvent(DecodeEvent.UnsupportedLinkType);
      pkt.markStatus(DecodeStatus.Unsupported);
      return pkt.status;
    }
    if (kind === LayerKind.Ipv4 && linkType !== LinkType.Ipv4) {
      // Raw-IP link types carry either version: the version nibble decides.
      const version = cap > 0 ? bytes[start]! >> 4 : 4;
      if (version === 6) kind = LayerKind.Ipv6;
      else if (version !== 4) {
        pkt.addEvent(DecodeEvent.IprawInvalidIpVersion);
        pkt.markStatus(DecodeStatus.Malformed);
        return pkt.status;
      }
    }
    const ports = this.tunnelPorts.table;
    const maxDepth = this.maxTunnelDepth;
    while (kind !== LayerKind.None) {
      const off = pkt.cursor;
      const end = pkt.limit;
      switch (kind) {
        case LayerKind.Ethernet:
          kind = decodeEthernet(pkt, off, end);
          break;
        case LayerKind.Vlan:
        case LayerKind.QinQ:
          kind = decodeVlan(pkt, off, end, kind);
          break;
        case LayerKind.Ipv4:
          kind = decodeIpv4(pkt, off, end);
          break;
        case LayerKind.Ipv6:
          kind = decodeIpv6(pkt, off, end);
          break;
        case LayerKind.Tcp:
          kind = decodeTcp(pkt, off, end);
          break;
        case LayerKind.Udp:
          kind = decodeUdp(pkt, off, end, ports);
          if (kind !== LayerKind.None && pkt.tunnelDepth >= maxDepth) {
            pkt.addEvent(DecodeEvent.TooManyLayers);
            pkt.flags |= PacketFlag.TooManyLayers;
            kind = LayerKind.None;
          }
          break;
        case LayerKind.Icmpv4:
          kind = decodeIcmpv4(pkt, off, end);
          break;
        case LayerKind.Icmpv6:
          kind = decodeIcmpv6(pkt, off, end);
          break;
        case LayerKind.Vxlan:
          kind = decodeVxlan(pkt, off, end);
          break;
        case LayerKind.Geneve:
          kind = decodeGeneve(pkt, off, end);
          break;
        case LayerKind.Arp:
          kind = decodeArp(pkt, off, end);
          break;
        case LayerKind.Sll:
          kind = decodeSll(pkt, off, end);
          break;
        case LayerKind.Sll2:
          kind = decodeSll2(pkt, off, end);
          break;
        case LayerKind.Null:
          kind = decodeBsdNull(pkt, off, end);
          break;
        default:
          kind = LayerKind.None;
      }
    }
    // A header that ran out of bytes in a packet nobody cut short (the capture and every IP length agree) was
    // built short on purpose: malformed, not truncated.
    if (pkt.status === DecodeStatus.Truncated && (pkt.flags & PacketFlag.Truncated) === 0) {
      pkt.status = DecodeStatus.Malformed;
    }
    return pkt.status;
  }
}
