export { DetectEngine } from './detect-engine.js';
export type { DetectEngineOptions, DetectEngineStats, DetectEngineInfo } from './detect-engine.js';
export { InspectionContext, FlowDirection } from './inspection-context.js';
export type {
  PacketFields,
  BufferView,
  BufferProvider,
  StreamWindow,
  FlowDetectState,
  TxDetectState,
} from './inspection-context.js';
export { DetectGlobalState } from './global-state.js';
export { AlertSink } from './alert.js';
export type { Alert, AlertSource } from './alert.js';
export { FlowbitSet, FlowbitNames } from './flowbits.js';
export { XbitStore, XBITS_DEFAULT_EXPIRE_SECONDS } from './xbits.js';
export { ThresholdStore } from './thresholds.js';
export type { AlertGate } from './thresholds.js';
export { ThresholdGate } from './threshold-gate.js';
export { ContentInspector, compileList, INSPECTION_RECURSION_LIMIT } from './content-inspection.js';
export type { CompiledList } from './content-inspection.js';
export { TransformScratch } from './transforms.js';
export { compareSignatures, orderSignatures } from './signature-order.js';
export { SyntheticPacket } from './synthetic-packet.js';
export type { SyntheticPacketInit } from './synthetic-packet.js';
