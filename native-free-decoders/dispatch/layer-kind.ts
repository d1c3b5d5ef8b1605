/**
 * Small integer ids for every layer the decoders know. They index dense tables (names, counters), so keep them
 * dense and never renumber: counters and tests refer to them.
 */
export const LayerKind = {
  None: 0,
  Ethernet: 1,
  Vlan: 2, // 802.1Q (TPID 0x8100)
  QinQ: 3, // 802.1ad service tag (TPID 0x88a8, and the legacy 0x9100)
  Arp: 4,
  Sll: 5, // Linux cooked capture v1
  Ipv4: 6,
  Ipv6: 7,
  Ipv6HopByHop: 8,
  Ipv6Routing: 9,
  Ipv6Fragment: 10,
  Ipv6DestOpts: 11,
  Tcp: 12,
  Udp: 13,
  Icmpv4: 14,
  Icmpv6: 15,
  Vxlan: 16,
  Geneve: 17,
  Sll2: 18, // Linux cooked capture v2
  Null: 19, // BSD loopback (DLT_NULL)
} as const;
export type LayerKind = (typeof LayerKind)[keyof typeof LayerKind];

export const LAYER_KIND_COUNT = 20;

export const LAYER_NAMES: readonly string[] = [
  'none', 'ethernet', 'vlan', 'qinq', 'arp', 'sll', 'ipv4', 'ipv6', 'ipv6.hop_by_hop', 'ipv6.routing',
  'ipv6.fragment', 'ipv6.dest_opts', 'tcp', 'udp', 'icmpv4', 'icmpv6', 'vxlan', 'geneve', 'sll2', 'null',
];

export function layerName(kind: number): string {
  return LAYER_NAMES[kind] ?? 'unknown';
}
