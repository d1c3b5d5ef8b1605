/**
 * The decode-event catalogue. Names are Suricata's (`decode-events.c`) wherever Suricata has the event, so that
 * `decode-event:` rules and EVE anomaly output read the same; the few mirrorscope additions are marked and keep
 * Suricata's naming scheme. Ids are dense indexes into DECODE_EVENT_NAMES: append, never renumber.
 */
export const DECODE_EVENT_NAMES = [
  'none',
  // link
  'decoder.ethernet.pkt_too_small',
  'decoder.ethernet.unknown_ethertype',
  'decoder.vlan.header_too_small',
  'decoder.vlan.unknown_type',
  'decoder.vlan.too_many_layers',
  'decoder.sll.pkt_too_small',
  'decoder.arp.pkt_too_small', // mirrorscope
  'decoder.null.pkt_too_small',
  'decoder.ipraw.invalid_ip_version',
  // ipv4
  'decoder.ipv4.pkt_too_small',
  'decoder.ipv4.hlen_too_small',
  'decoder.ipv4.iplen_smaller_than_hlen',
  'decoder.ipv4.trunc_pkt',
  'decoder.ipv4.opt_invalid',
  'decoder.ipv4.opt_invalid_len',
  'decoder.ipv4.opt_malformed',
  'decoder.ipv4.opt_eol_required',
  'decoder.ipv4.opt_duplicate',
  'decoder.ipv4.opt_unknown',
  'decoder.ipv4.wrong_ip_version',
  'decoder.ipv4.icmpv6',
  'decoder.ipv4.frag_pkt_too_large',
  // ipv6
  'decoder.ipv6.pkt_too_small',
  'decoder.ipv6.trunc_pkt',
  'decoder.ipv6.trunc_exthdr',
  'decoder.ipv6.exthdr_dupl_fh',
  'decoder.ipv6.exthdr_useless_fh',
  'decoder.ipv6.exthdr_dupl_rh',
  'decoder.ipv6.exthdr_dupl_hh',
  'decoder.ipv6.exthdr_dupl_dh',
  'decoder.ipv6.exthdr_invalid_optlen',
  'decoder.ipv6.wrong_ip_version',
  'decoder.ipv6.rh_type_0',
  'decoder.ipv6.hopopts_only_padding',
  'decoder.ipv6.dstopts_only_padding',
  'decoder.ipv6.fh_non_zero_reserved_field',
  'decoder.ipv6.data_after_none_header',
  'decoder.ipv6.unknown_next_header',
  'decoder.ipv6.icmpv4',
  'decoder.ipv6.frag_pkt_too_large',
  'decoder.ipv6.frag_invalid_length',
  // transport
  'decoder.tcp.pkt_too_small',
  'decoder.tcp.hlen_too_small',
  'decoder.tcp.invalid_optlen',
  'decoder.tcp.opt_invalid_len',
  'decoder.tcp.opt_duplicate',
  'decoder.udp.pkt_too_small',
  'decoder.udp.hlen_too_small',
  'decoder.udp.hlen_invalid',
  'decoder.udp.len_invalid',
  'decoder.icmpv4.pkt_too_small',
  'decoder.icmpv4.unknown_type',
  'decoder.icmpv4.unknown_code',
  'decoder.icmpv4.ipv4_trunc_pkt',
  'decoder.icmpv4.ipv4_unknown_ver',
  'decoder.icmpv6.pkt_too_small',
  'decoder.icmpv6.unknown_type',
  'decoder.icmpv6.unknown_code',
  'decoder.icmpv6.ipv6_trunc_pkt',
  'decoder.icmpv6.ipv6_unknown_version',
  // tunnels
  'decoder.vxlan.pkt_too_small', // mirrorscope
  'decoder.vxlan.invalid_flags', // mirrorscope: I flag clear or reserved bits set; inner frame not decoded
  'decoder.vxlan.unknown_payload_type',
  'decoder.geneve.pkt_too_small', // mirrorscope
  'decoder.geneve.invalid_version', // mirrorscope
  'decoder.geneve.invalid_optlen', // mirrorscope
  'decoder.geneve.unknown_payload_type',
  'decoder.too_many_layers',
  // capture
  'decoder.ltnull.unsupported_type',
  'decoder.unsupported_link_type', // mirrorscope
] as const;

export type DecodeEventName = (typeof DECODE_EVENT_NAMES)[number];

/** Map of event name -> id, built once. Decoders use the DecodeEvent constants below. */
const ids: Record<string, number> = Object.create(null) as Record<string, number>;
DECODE_EVENT_NAMES.forEach((name, i) => {
  ids[name] = i;
});

export function decodeEventId(name: string): number {
  return ids[name] ?? -1;
}

export function decodeEventName(id: number): string {
  return DECODE_EVENT_NAMES[id] ?? 'unknown';
}

export const DECODE_EVENT_COUNT = DECODE_EVENT_NAMES.length;

function id(name: DecodeEventName): number {
  return ids[name] as number;
}

/** Numeric ids for the hot path (a property load, not a string lookup). */
export const DecodeEvent = {
  EthernetPktTooSmall: id('decoder.ethernet.pkt_too_small'),
  EthernetUnknownEthertype: id('decoder.ethernet.unknown_ethertype'),
  VlanHeaderTooSmall: id('decoder.vlan.header_too_small'),
  VlanUnknownType: id('decoder.vlan.unknown_type'),
  VlanTooManyLayers: id('decoder.vlan.too_many_layers'),
  SllPktTooSmall: id('decoder.sll.pkt_too_small'),
  ArpPktTooSmall: id('decoder.arp.pkt_too_small'),
  NullPktTooSmall: id('decoder.null.pkt_too_small'),
  IprawInvalidIpVersion: id('decoder.ipraw.invalid_ip_version'),
  Ipv4PktTooSmall: id('decoder.ipv4.pkt_too_small'),
  Ipv4HlenTooSmall: id('decoder.ipv4.hlen_too_small'),
  Ipv4IplenSmallerThanHlen: id('decoder.ipv4.iplen_smaller_than_hlen'),
  Ipv4TruncPkt: id('decoder.ipv4.trunc_pkt'),
  Ipv4OptInvalid: id('decoder.ipv4.opt_invalid'),
  Ipv4OptInvalidLen: id('decoder.ipv4.opt_invalid_len'),
  Ipv4OptMalformed: id('decoder.ipv4.opt_malformed'),
  Ipv4OptEolRequired: id('decoder.ipv4.opt_eol_required'),
  Ipv4OptDuplicate: id('decoder.ipv4.opt_duplicate'),
  Ipv4OptUnknown: id('decoder.ipv4.opt_unknown'),
  Ipv4WrongIpVersion: id('decoder.ipv4.wrong_ip_version'),
  Ipv4Icmpv6: id('decoder.ipv4.icmpv6'),
  Ipv4FragPktTooLarge: id('decoder.ipv4.frag_pkt_too_large'),
  Ipv6PktTooSmall: id('decoder.ipv6.pkt_too_small'),
  Ipv6TruncPkt: id('decoder.ipv6.trunc_pkt'),
  Ipv6TruncExthdr: id('decoder.ipv6.trunc_exthdr'),
  Ipv6ExthdrDuplFh: id('decoder.ipv6.exthdr_dupl_fh'),
  Ipv6ExthdrUselessFh: id('decoder.ipv6.exthdr_useless_fh'),
  Ipv6ExthdrDuplRh: id('decoder.ipv6.exthdr_dupl_rh'),
  Ipv6ExthdrDuplHh: id('decoder.ipv6.exthdr_dupl_hh'),
  Ipv6ExthdrDuplDh: id('decoder.ipv6.exthdr_dupl_dh'),
  Ipv6ExthdrInvalidOptlen: id('decoder.ipv6.exthdr_invalid_optlen'),
  Ipv6WrongIpVersion: id('decoder.ipv6.wrong_ip_version'),
  Ipv6RhType0: id('decoder.ipv6.rh_type_0'),
  Ipv6HopoptsOnlyPadding: id('decoder.ipv6.hopopts_only_padding'),
  Ipv6DstoptsOnlyPadding: id('decoder.ipv6.dstopts_only_padding'),
  Ipv6FhNonZeroReservedField: id('decoder.ipv6.fh_non_zero_reserved_field'),
  Ipv6DataAfterNoneHeader: id('decoder.ipv6.data_after_none_header'),
  Ipv6UnknownNextHeader: id('decoder.ipv6.unknown_next_header'),
  Ipv6Icmpv4: id('decoder.ipv6.icmpv4'),
  Ipv6FragPktTooLarge: id('decoder.ipv6.frag_pkt_too_large'),
  Ipv6FragInvalidLength: id('decoder.ipv6.frag_invalid_length'),
  TcpPktTooSmall: id('decoder.tcp.pkt_too_small'),
  TcpHlenTooSmall: id('decoder.tcp.hlen_too_small'),
  TcpInvalidOptlen: id('decoder.tcp.invalid_optlen'),
  TcpOptInvalidLen: id('decoder.tcp.opt_invalid_len'),
  TcpOptDuplicate: id('decoder.tcp.opt_duplicate'),
  UdpPktTooSmall: id('decoder.udp.pkt_too_small'),
  UdpHlenTooSmall: id('decoder.udp.hlen_too_small'),
  UdpHlenInvalid: id('decoder.udp.hlen_invalid'),
  UdpLenInvalid: id('decoder.udp.len_invalid'),
  Icmpv4PktTooSmall: id('decoder.icmpv4.pkt_too_small'),
  Icmpv4UnknownType: id('decoder.icmpv4.unknown_type'),
  Icmpv4UnknownCode: id('decoder.icmpv4.unknown_code'),
  Icmpv4Ipv4TruncPkt: id('decoder.icmpv4.ipv4_trunc_pkt'),
  Icmpv4Ipv4UnknownVer: id('decoder.icmpv4.ipv4_unknown_ver'),
  Icmpv6PktTooSmall: id('decoder.icmpv6.pkt_too_small'),
  Icmpv6UnknownType: id('decoder.icmpv6.unknown_type'),
  Icmpv6UnknownCode: id('decoder.icmpv6.unknown_code'),
  Icmpv6Ipv6TruncPkt: id('decoder.icmpv6.ipv6_trunc_pkt'),
  Icmpv6Ipv6UnknownVersion: id('decoder.icmpv6.ipv6_unknown_version'),
  VxlanPktTooSmall: id('decoder.vxlan.pkt_too_small'),
  VxlanInvalidFlags: id('decoder.vxlan.invalid_flags'),
  VxlanUnknownPayloadType: id('decoder.vxlan.unknown_payload_type'),
  GenevePktTooSmall: id('decoder.geneve.pkt_too_small'),
  GeneveInvalidVersion: id('decoder.geneve.invalid_version'),
  GeneveInvalidOptlen: id('decoder.geneve.invalid_optlen'),
  GeneveUnknownPayloadType: id('decoder.geneve.unknown_payload_type'),
  TooManyLayers: id('decoder.too_many_layers'),
  LtnullUnsupportedType: id('decoder.ltnull.unsupported_type'),
  UnsupportedLinkType: id('decoder.unsupported_link_type'),
} as const;
