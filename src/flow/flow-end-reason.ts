/** Why a flow left the table; every end reaches the onFlowEnd listeners, so none is silent. */
export const FlowEndReason = {
  /** Idle longer than its state's timeout (packet time). */
  Timeout: 0,
  /** Pushed out to make room under the flow cap: the flow idle the longest went first. */
  Evicted: 1,
  /** End of input or process shutdown (flushAll). */
  Shutdown: 2,
  /** A new SYN on a closed TCP flow with the same key: the old connection ends, a new flow starts. */
  Reused: 3,
} as const;
export type FlowEndReason = (typeof FlowEndReason)[keyof typeof FlowEndReason];

/** Names as Suricata's EVE `flow.reason` would read them ("forced" for eviction, as Suricata says). */
export const FLOW_END_REASON_NAMES: readonly string[] = ['timeout', 'forced', 'shutdown', 'tcp_reuse'];
