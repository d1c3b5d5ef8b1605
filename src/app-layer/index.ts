// The app-layer's public face: per-flow protocol detection and parsers, and the transactions they produce.
export { AppLayerFlow } from './app-layer-flow.js';
export { CollectingSink } from './collecting-sink.js';
export type { AppLayerFlowOptions } from './app-layer-flow.js';
export type { AppProtoName, ParsedAppProto } from './app-proto.js';
export type { AppLayerSink, AppLayerTransaction, DatagramParser, StreamParser } from './app-layer-transaction.js';
export {
  DEFAULT_DETECTION_LIMIT,
  NEED_MORE,
  NO_MATCH,
  probeDnsTcp,
  probeHttp,
  probeTcp,
  probeTls,
  probeUdp,
} from './app-proto-detect.js';
export type { ProbeResult } from './app-proto-detect.js';
export * from './http/index.js';
export * from './tls/index.js';
export * from './dns/index.js';
