import { LayerKind } from './layer-kind.js';

/** pcap/pcapng LINKTYPE_* values we decode (tcpdump.org/linktypes.html). */
export const LinkType = {
  Null: 0,
  Ethernet: 1,
  RawBsd: 12, // DLT_RAW on OpenBSD-style systems
  RawAlt: 14, // DLT_RAW on some BSDs
  Raw: 101,
  LinuxSll: 113,
  Ipv4: 228,
  Ipv6: 229,
  LinuxSll2: 276,
} as const;

/** First layer for a link type; raw IP types return Ipv4 and the decoder checks the version nibble. */
export function firstLayerFor(linkType: number): number {
  switch (linkType) {
    case LinkType.Ethernet:
      return LayerKind.Ethernet;
    case LinkType.Raw:
    case LinkType.RawBsd:
    case LinkType.RawAlt:
    case LinkType.Ipv4:
      return LayerKind.Ipv4;
    case LinkType.Ipv6:
      return LayerKind.Ipv6;
    case LinkType.LinuxSll:
      return LayerKind.Sll;
    case LinkType.LinuxSll2:
      return LayerKind.Sll2;
    case LinkType.Null:
      return LayerKind.Null;
    default:
      return LayerKind.None;
  }
}

export function linkTypeName(linkType: number): string {
  switch (linkType) {
    case LinkType.Null: return 'NULL';
    case LinkType.Ethernet: return 'EN10MB';
    case LinkType.RawBsd:
    case LinkType.RawAlt:
    case LinkType.Raw: return 'RAW';
    case LinkType.LinuxSll: return 'LINUX_SLL';
    case LinkType.Ipv4: return 'IPV4';
    case LinkType.Ipv6: return 'IPV6';
    case LinkType.LinuxSll2: return 'LINUX_SLL2';
    default: return `LINKTYPE_${linkType}`;
  }
}
