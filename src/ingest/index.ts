// The ingest module's public face: capture files, the live UDP listener, and the flow-affine packet pool.
export { CaptureFileErrorCode, captureTruncationWarning, readCaptureFile, readCaptureFileAsync } from './capture-file.js';
export type { CaptureFileOptions, CaptureFileResult } from './capture-file.js';
export {
  DATAGRAM_INVALID_REASON_NAMES,
  DatagramFramer,
  DatagramInvalidReason,
  FRAMED_IPV4_OVERHEAD,
  FRAMED_IPV6_OVERHEAD,
  FRAMED_LINK_TYPE,
  MAX_DATAGRAM_PAYLOAD,
  MAX_FRAMED_LENGTH,
  classifyDatagram,
} from './datagram-framing.js';
export type { TunnelProtocol } from './datagram-framing.js';
export { FlowDispatcher } from './flow-dispatcher.js';
export { InThreadPool } from './in-thread-pool.js';
export { MAX_WORKERS, createPacketPool } from './packet-pool.js';
export { MIN_RING_CAPACITY, PacketRing, RELOAD_LINK_TYPE, RING_RECORD_HEADER_BYTES, TICK_LINK_TYPE, ringRecordBytes } from './packet-ring.js';
export { DROP_REASONS } from './pool-types.js';
export type {
  DropReason,
  PacketPool,
  PacketPoolOptions,
  PoolEvent,
  PoolFinishResult,
  PoolStats,
  WorkerOutput,
  WorkerReloadResult,
} from './pool-types.js';
export { DEFAULT_REPLAY_TICK_INTERVAL_US, replayThroughPool } from './replay-through-pool.js';
export type { ReplayThroughPoolOptions, ReplayThroughPoolResult } from './replay-through-pool.js';
export { loadSinkFactory, sinkModuleUrl } from './sink-loader.js';
export {
  DEFAULT_LISTEN_HOST,
  DEFAULT_LISTEN_TICK_MS,
  DEFAULT_RECV_BUFFER_SIZE,
  UdpListener,
} from './udp-listener.js';
export type { ListenPorts, ListenerEvent, ProtocolCounters, UdpListenerOptions, UdpListenerStats } from './udp-listener.js';
export { DEFAULT_DRAIN_INTERVAL_MS, DEFAULT_RING_BYTES, MIN_RING_BYTES, WorkerPool, workerEntryUrl } from './worker-pool.js';
