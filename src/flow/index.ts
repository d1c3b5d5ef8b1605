// The flow module's public face: flow keys and hashing, the flow table, and the derived VPC Flow Log records.
export { AWS_TCP_FLAG, awsTcpFlags, describeAwsTcpFlags } from './aws-tcp-flags.js';
export { FlowDirection, FLOW_DIRECTION_NAMES } from './flow-direction.js';
export { FlowEndReason, FLOW_END_REASON_NAMES } from './flow-end-reason.js';
export { DEFAULT_FLOW_HASH_SEED, hashFlowKey, mixHash, packetFlowHash, packetRouteHash, workerForHash } from './flow-hash.js';
export { FLOW_KEY_WORDS, FlowKey, MirrorSourceKind, extractFlowKey } from './flow-key.js';
export { compareFlowLogRecords } from './flow-log-order.js';
export {
  AGGREGATION_INTERVALS,
  DEFAULT_AGGREGATION_INTERVAL,
  FlowLogWindows,
} from './flow-log-window.js';
export type { FlowLogWindowOptions, FlowLogWindowStats } from './flow-log-window.js';
export { FLOW_STATE_NAMES, FlowState, TCP_STATE_NAMES, TcpState } from './flow-state.js';
export { DEFAULT_MAX_FLOWS, FLOW_TABLE_BYTES_PER_FLOW, FlowTable } from './flow-table.js';
export type { FlowTableListener, FlowTableOptions, FlowTableStats } from './flow-table.js';
export {
  SURICATA_EMERGENCY_RECOVERY,
  SURICATA_FLOW_TIMEOUTS,
  resolveFlowTimeouts,
} from './flow-timeouts.js';
export type { FlowTimeoutOverrides, FlowTimeouts, ProtocolTimeouts } from './flow-timeouts.js';
export { formatKeyAddress } from './key-address.js';
export { SourceMap, loadSources, parseSources, prefixContains } from './sources.js';
export type { AddressPrefix, MirrorSourceInfo } from './sources.js';
