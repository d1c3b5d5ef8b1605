import { LayerKind } from '../dispatch/layer-kind.js';

/** Ethertypes we follow. A dense table: dispatch is one load, not an if-chain. */
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_QINQ_LEGACY = 0x9100;
export const ETHERTYPE_IPV6 = 0x86dd;
/** GENEVE's "Transparent Ethernet Bridging" protocol type. */
export const ETHERTYPE_TEB = 0x6558;

export const ETHERTYPE_TO_LAYER = new Uint8Array(65536);
ETHERTYPE_TO_LAYER[ETHERTYPE_IPV4] = LayerKind.Ipv4;
ETHERTYPE_TO_LAYER[ETHERTYPE_IPV6] = LayerKind.Ipv6;
ETHERTYPE_TO_LAYER[ETHERTYPE_ARP] = LayerKind.Arp;
ETHERTYPE_TO_LAYER[ETHERTYPE_VLAN] = LayerKind.Vlan;
ETHERTYPE_TO_LAYER[ETHERTYPE_QINQ] = LayerKind.QinQ;
ETHERTYPE_TO_LAYER[ETHERTYPE_QINQ_LEGACY] = LayerKind.QinQ;
