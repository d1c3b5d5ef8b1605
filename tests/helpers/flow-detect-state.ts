import type { DetectEngine, FlowDetectState } from '../../src/detect/engine/index.js';

/** An established flow's detection state for engine tests (flow id 1, nothing seen yet). */
export function flowDetectState(engine: DetectEngine, init: Partial<FlowDetectState> = {}): FlowDetectState {
  return {
    established: true,
    clientStreamBytes: 0,
    serverStreamBytes: 0,
    appProto: '',
    flowbits: engine.newFlowbits(),
    flowId: 1,
    passed: false,
    ipOnlyDone: 0,
    ...init,
  };
}
