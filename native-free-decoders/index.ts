// The public face of the pure-TypeScript decoders. src/ imports only from here.
export { LayerKind, LAYER_KIND_COUNT, LAYER_NAMES, layerName } from './dispatch/layer-kind.js';
export { DecodeStatus, DECODE_STATUS_NAMES, PacketFlag } from './dispatch/decode-status.js';
export {
  DECODE_EVENT_NAMES,
  DECODE_EVENT_COUNT,
  DecodeEvent,
  decodeEventId,
  decodeEventName,
} from './dispatch/decode-events.js';
export type { DecodeEventName } from './dispatch/decode-events.js';
export { DecodedPacket, TunnelKind, MAX_LAYERS, MAX_EVENTS, MAX_VLANS } from './dispatch/decoded-packet.js';
export { PacketDecoder, DEFAULT_MAX_TUNNEL_DEPTH } from './dispatch/packet-decoder.js';
export type { PacketDecoderOptions } from './dispatch/packet-decoder.js';
export { LinkType, firstLayerFor, linkTypeName } from './dispatch/link-type.js';
export { TunnelPortTable, VXLAN_DEFAULT_PORT, GENEVE_DEFAULT_PORT } from './tunnel/tunnel-ports.js';
export { VXLAN } from './tunnel/vxlan.js';
export { GENEVE } from './tunnel/geneve.js';
export { ETH } from './link/ethernet.js';
export { VLAN } from './link/vlan.js';
export { IPV4 } from './network/ipv4.js';
export { IPV6 } from './network/ipv6.js';
export { TCP, TCP_FLAG } from './transport/tcp.js';
export { UDP } from './transport/udp.js';
export { ICMP } from './transport/icmpv4.js';
export { ICMPV6 } from './transport/icmpv6.js';
export {
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  IPPROTO_ICMPV6,
} from './network/ip-protocol-table.js';
export { u16, u24, u32, u16le, u32le } from './bytes/read-be.js';
export { formatIpv4, formatIpv4At, formatIpv6At, formatIpAt, parseIpv4, parseIpv6 } from './bytes/ip-address.js';
export {
  CaptureParser,
  CaptureRecord,
  CaptureInterface,
  CaptureStreamReader,
  DEFAULT_CAPTURE_BUFFER_SIZE,
  CaptureErrorCode,
  CaptureFormatError,
  CaptureFormat,
  FormatProbe,
  probeCaptureFormat,
  notCaptureError,
  hexPrefix,
  PCAP_MAGIC_MICRO,
  PCAP_MAGIC_NANO,
  PCAP_MAGIC_KUZNETZOV,
  PCAPNG_SHB_TYPE,
  PCAPNG_BYTE_ORDER_MAGIC,
  normalizeLinkType,
  TimestampConverter,
  MAX_TS_POW10_EXPONENT,
  MAX_TS_POW2_EXPONENT,
  PCAP_MAX_SNAPLEN,
  PCAP_MAX_RECORD_LENGTH,
  PcapngBlockType,
  PCAPNG_MAX_BLOCK_LENGTH,
  buildPcap,
  PcapngBuilder,
} from './capture/index.js';
export type {
  CaptureInfo,
  CaptureInterfaceInit,
  CaptureTail,
  CaptureTailUnit,
  CaptureStreamReaderOptions,
  PcapHeaderInfo,
  PcapWriteOptions,
  PcapWritePacket,
  PcapngInterfaceOptions,
  PcapngPacketOptions,
} from './capture/index.js';
