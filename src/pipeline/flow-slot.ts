import type { AppLayerFlow } from '../app-layer/index.js';
import type { FlowDetectState, TxDetectState } from '../detect/engine/index.js';
import type { TcpStream } from '../stream/index.js';

/**
 * Everything the detection stage keeps for one flow beside the flow table's typed arrays: created on the flow's
 * first packet, dropped when the flow ends. Objects per flow, never per packet.
 */
export interface FlowSlot {
  readonly detect: FlowDetectState;
  /** Reassembly per direction (to_server, to_client), created on the first segment. */
  readonly streams: [TcpStream | null, TcpStream | null];
  /** Absolute stream offset where the last window handed on ended, per direction: a later start is a gap. */
  readonly streamEnd: [number, number];
  app: AppLayerFlow | null;
  /** Per-transaction rule state, made when the flow's first transaction side is inspected (most flows have none). */
  txStates: Map<string, TxDetectState> | null;
  alerted: boolean;
  tunnel: Record<string, unknown> | null;
}
