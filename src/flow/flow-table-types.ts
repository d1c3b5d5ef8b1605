import type { FlowDirection } from './flow-direction.js';
import type { FlowEndReason } from './flow-end-reason.js';
import type { FlowTimeoutOverrides } from './flow-timeouts.js';

/**
 * Callbacks for code that keeps per-flow state in side arrays indexed by flow index (streams, app-layer state,
 * flow-log accumulators). A flow index is reused after the flow ends, so reset side state in onFlowStart.
 */
export interface FlowTableListener {
  /** A flow was created; its first packet is accounted right after. */
  onFlowStart?(flow: number): void;
  /** The flow is about to leave the table; its key and counters are still readable. */
  onFlowEnd?(flow: number, reason: FlowEndReason): void;
  /** Every tracked packet, after the table accounted it; its time is `sec` + `usec` (as in pcap). */
  onPacket?(flow: number, direction: FlowDirection, sec: number, usec: number, ipLength: number, tcpFlags: number): void;
  /** Packet time moved forward to `sec` + `usec` (called before flows that timed out are ended). */
  onTimeAdvance?(sec: number, usec: number): void;
  /** Flow indices now range over [0, capacity): grow side arrays. Also called once when the listener is added. */
  onCapacityChange?(capacity: number): void;
}

export interface FlowTableOptions {
  /** Most concurrent flows; at the cap the table enters emergency mode, then evicts. Default 1,048,576. */
  maxFlows?: number;
  /** Memory cap in bytes for the table's own arrays; lowers maxFlows to fit (FLOW_TABLE_BYTES_PER_FLOW each). */
  memcap?: number;
  /** Flows allocated up front; arrays double from there up to maxFlows. Default 4096. */
  initialFlows?: number;
  seed?: number;
  timeouts?: FlowTimeoutOverrides;
  /** Percent of the cap that must be free again to leave emergency mode (Suricata's emergency-recovery, 30). */
  emergencyRecovery?: number;
  /**
   * Guess the client from ports when the first packet is not a SYN (mirror joined mid-connection): a packet from a
   * port below 1024 to one at or above 1024 is taken as a reply. Default true.
   */
  portHeuristic?: boolean;
}

export interface FlowTableStats {
  created: number;
  active: number;
  peakActive: number;
  packets: number;
  /** Packets without an IP layer (nothing to key a flow on). */
  noFlow: number;
  timedOut: number;
  evicted: number;
  shutdown: number;
  reused: number;
  emergencyEntered: number;
}
