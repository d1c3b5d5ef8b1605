import type { AppLayerFlow } from '../app-layer/index.js';
import type { FlowDetectState, TxDetectState } from '../detect/engine/index.js';
import type { EveTunnel } from '../output/eve/index.js';
import type { TcpStream } from '../stream/index.js';

/**
 * Everything the detection stage keeps for one flow beside the flow table's typed arrays: created on the flow's
 * first packet, dropped when the flow ends. Objects per flow, never per packet.
 */
export interface FlowSlot extends FlowDetectState {
  // The slot is the engine's per-flow state itself (ctx.flow = slot): a separate object would be one more cache miss
  // per packet.
  // Per direction as plain fields rather than two-element arrays: every TCP packet reads them, and an array is one
  // more object to reach (a cache miss per packet with thousands of flows).
  /** Reassembly to_server / to_client, created on the first segment (see streamOf). */
  stream0: TcpStream | null;
  stream1: TcpStream | null;
  /** Absolute stream offset where the last window handed on ended, per direction: a later start is a gap. */
  streamEnd0: number;
  streamEnd1: number;
  /**
   * Per direction, TcpStream.quietAckSeq of this direction's stream as of its last drain (after its own segment or a
   * peer's ACK), or -1: a peer packet acknowledging no more than that, or a segment of this direction without
   * payload, SYN, FIN or RST, need not reach the stream at all.
   */
  quietAck0: number;
  quietAck1: number;
  app: AppLayerFlow | null;
  /**
   * The flow's TLS session has gone encrypted (AppLayerFlow's TLS parser says so after each call): raw stream data is
   * no longer inspected. Kept here so a packet of ciphertext that the parser need not see does not reach it to ask.
   */
  ciphertext: boolean;
  /**
   * Per direction, stream bytes the app layer said it need not see (AppLayerFlow.unreadAhead: an HTTP body it only
   * counts, a TLS record it steps over), and how many of them were passed over since: such bytes never touch the app
   * flow and parser objects (three cache misses). Passed-over bytes are reported before anything else reaches the
   * app layer in that direction.
   */
  appAhead0: number;
  appAhead1: number;
  appUnread0: number;
  appUnread1: number;
  /**
   * Per-transaction rule state of the flow's live transactions, made when the first transaction side is inspected
   * (most flows have none). A short list searched by (protocol, id): a flow rarely has more than a few live
   * transactions, and a Map keyed by a new string per lookup cost more than the search.
   */
  txStates: FlowTxState[] | null;
  alerted: boolean;
  /**
   * Alerts without and with deferred rate limits were emitted. When every alert of a flow was gated, whether the
   * flow alerted is known only where the gates are decided (the output merger): its flow event says so (gatedOnly).
   */
  ungatedAlert: boolean;
  gatedAlert: boolean;
  tunnel: EveTunnel | null;
}

export interface FlowTxState {
  readonly appProto: string;
  readonly txId: number;
  readonly state: TxDetectState;
}

export function streamOf(slot: FlowSlot, dir: number): TcpStream | null {
  return dir === 0 ? slot.stream0 : slot.stream1;
}

export function setStream(slot: FlowSlot, dir: number, stream: TcpStream): void {
  if (dir === 0) slot.stream0 = stream;
  else slot.stream1 = stream;
}

/** Tells the app layer about the bytes of this direction passed over under appAhead, if any. */
export function reportUnread(slot: FlowSlot, dir: number): void {
  const unread = dir === 0 ? slot.appUnread0 : slot.appUnread1;
  if (unread === 0) return;
  slot.app!.skipUnread(dir as 0 | 1, unread);
  if (dir === 0) slot.appUnread0 = 0;
  else slot.appUnread1 = 0;
}
