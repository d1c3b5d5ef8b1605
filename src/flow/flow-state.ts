/** Suricata's flow states, which pick the timeout: a flow is new until both sides talked, closed after FIN/RST. */
export const FlowState = { New: 0, Established: 1, Closed: 2 } as const;
export type FlowState = (typeof FlowState)[keyof typeof FlowState];

export const FLOW_STATE_NAMES: readonly string[] = ['new', 'established', 'closed'];

/**
 * The TCP connection state the table tracks from flags alone (no sequence checks: that is the stream engine's
 * job). A mirror often starts mid-connection or sees one direction only, so `None` covers "no SYN seen".
 */
export const TcpState = {
  None: 0,
  SynSent: 1,
  SynReceived: 2,
  Established: 3,
  /** One side sent FIN. */
  FinWait: 4,
  /** Both sides sent FIN, or either sent RST. */
  Closed: 5,
} as const;
export type TcpState = (typeof TcpState)[keyof typeof TcpState];

export const TCP_STATE_NAMES: readonly string[] = ['none', 'syn_sent', 'syn_recv', 'established', 'fin_wait', 'closed'];
