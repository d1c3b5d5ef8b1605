import { BufferId } from '../rule/buffer-registry.js';
import type { BufferView, PacketFields } from './inspection-context.js';

/**
 * Points `out` at the packet's header that a header buffer names (ipv4.hdr ... icmpv6.hdr), as Suricata's GetData for
 * those buffers does; false when the packet has no such header (another protocol, or a pseudo packet).
 */
export function packetHeaderView(bufferId: number, p: PacketFields, out: BufferView): boolean {
  let start: number;
  let length: number;
  switch (bufferId) {
    case BufferId.Ipv4Hdr:
    case BufferId.Ipv6Hdr:
      if (p.ipVersion !== (bufferId === BufferId.Ipv4Hdr ? 4 : 6)) return false;
      start = p.ipOffset;
      length = p.ipHeaderLength;
      break;
    case BufferId.TcpHdr:
    case BufferId.UdpHdr:
    case BufferId.Icmpv4Hdr:
    case BufferId.Icmpv6Hdr:
      if (p.ipProto !== L4_PROTO[bufferId - BufferId.TcpHdr] || p.l4Offset === 0) return false;
      start = p.l4Offset;
      length = p.l4HeaderLength;
      break;
    default:
      return false;
  }
  if (length <= 0 || start + length > p.bytes.length) return false;
  out.bytes = p.bytes;
  out.start = start;
  out.end = start + length;
  return true;
}

// IP protocol numbers of tcp.hdr, udp.hdr, icmpv4.hdr and icmpv6.hdr, in registry order.
const L4_PROTO = [6, 17, 1, 58];
