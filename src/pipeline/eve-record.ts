import type { AlertGate } from '../detect/engine/index.js';

/** An EVE line with the keys that order output identically for any worker count (compareSpooledEve, eve-spool.ts). */
export interface EveRecord {
  tsUs: number;
  fileIndex: number;
  recordNumber: number;
  seq: number;
  line: string;
  /** An alert whose host-tracked rate limits the output merger decides (ThresholdGate); not part of the line. */
  gates?: readonly AlertGate[];
  /**
   * When flow events are written: on a gated alert, its flow (flowKeyOf), so the merger knows which flows kept an
   * alert; on the flow event of a flow that had gated alerts, the same key, so the merger can let it go.
   */
  flowKey?: string;
  /**
   * On such a flow event, when every alert of the flow was gated: its `"alerted":true` stands only if one of them
   * passed; the merger writes false otherwise (unalertedFlowLine).
   */
  gatedOnly?: true;
}

/** Names one flow among a replay's records: flow_id can repeat (a reused 5-tuple), with its first packet time it does not. */
export function flowKeyOf(flowId: number, firstSeenUs: number): string {
  return `${flowId}@${firstSeenUs}`;
}

const ALERTED_TRUE = '"alerted":true}}';

/** A flow event line as it reads when none of the flow's (gated) alerts was written. */
export function unalertedFlowLine(line: string): string {
  return line.endsWith(ALERTED_TRUE) ? `${line.slice(0, -ALERTED_TRUE.length)}"alerted":false}}` : line;
}
