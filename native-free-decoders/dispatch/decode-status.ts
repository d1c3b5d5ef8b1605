/** Outcome of decoding one packet. Never an exception: malformed input is normal traffic. */
export const DecodeStatus = {
  /** Every layer present was decoded from complete headers. */
  Ok: 0,
  /** A header or the packet ended before its declared length (snaplen or mirror PacketLength cut it). */
  Truncated: 1,
  /** A header is internally inconsistent (bad version, length field smaller than the header, ...). */
  Malformed: 2,
  /** Decoding stopped at a layer we do not decode (unknown ethertype, non-IP payload, ARP). */
  Unsupported: 3,
} as const;
export type DecodeStatus = (typeof DecodeStatus)[keyof typeof DecodeStatus];

export const DECODE_STATUS_NAMES: readonly string[] = ['ok', 'truncated', 'malformed', 'unsupported'];

/** Bit flags on a decoded packet. */
export const PacketFlag = {
  /** Captured fewer bytes than the packet had on the wire (pcap caplen < len, or IP length > bytes present). */
  Truncated: 1 << 0,
  /** The inspected packet was carried in at least one VXLAN or GENEVE tunnel. */
  Tunneled: 1 << 1,
  /** A tunnel header failed validation (e.g. VXLAN without the I flag): the inner frame was not decoded. */
  InvalidTunnel: 1 << 2,
  /** The innermost IP packet is a fragment (MF set or non-zero offset, or an IPv6 fragment header). */
  Fragment: 1 << 3,
  /** The inner IP header itself was cut short. */
  L3Truncated: 1 << 4,
  /** The L4 header was cut short (ports may be missing). */
  L4Truncated: 1 << 5,
  /** An ARP frame (recognised and counted, not decoded further). */
  Arp: 1 << 6,
  /** Tunnels nested deeper than the guard allows. */
  TooManyLayers: 1 << 7,
  /** Ethernet frame carried at least one VLAN tag. */
  Vlan: 1 << 8,
  /** Decoded the GWLB stack: GENEVE carrying a VXLAN mirror delivery. */
  Gwlb: 1 << 9,
} as const;
