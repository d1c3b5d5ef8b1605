import { LayerKind } from '../dispatch/layer-kind.js';

export const IPPROTO_HOPOPTS = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ROUTING = 43;
export const IPPROTO_FRAGMENT = 44;
export const IPPROTO_ESP = 50;
export const IPPROTO_AH = 51;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_NONE = 59;
export const IPPROTO_DSTOPTS = 60;

/** Transport protocols we decode past IP. IPv6 extension headers are handled inside the IPv6 decoder. */
export const IP_PROTO_TO_LAYER = new Uint8Array(256);
IP_PROTO_TO_LAYER[IPPROTO_TCP] = LayerKind.Tcp;
IP_PROTO_TO_LAYER[IPPROTO_UDP] = LayerKind.Udp;
IP_PROTO_TO_LAYER[IPPROTO_ICMP] = LayerKind.Icmpv4;
IP_PROTO_TO_LAYER[IPPROTO_ICMPV6] = LayerKind.Icmpv6;
