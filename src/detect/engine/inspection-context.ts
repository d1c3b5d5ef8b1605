/**
 * What the pipeline hands the engine for one packet, stream chunk or transaction. One context object is reused for
 * every inspection on a worker: the caller overwrites the fields, the engine only reads them (flowbits and the
 * global stores are the exceptions, and they are meant to be written).
 */
import type { FlowbitSet } from './flowbits.js';
import type { DetectGlobalState } from './global-state.js';
import type { StreamHitMemory } from './stream-hit-memory.js';

/** Flow direction of the inspected data, as Suricata's FLOW_PKT_TOSERVER / FLOW_PKT_TOCLIENT. */
export const FlowDirection = {
  ToServer: 0,
  ToClient: 1,
  /** No flow (or the flow table could not tell): only rules without a direction can match. */
  None: 2,
} as const;
export type FlowDirection = (typeof FlowDirection)[keyof typeof FlowDirection];

/**
 * The header fields detection reads. `DecodedPacket` from native-free-decoders satisfies it as is; a pseudo packet
 * (stream flush at flow end) can be a plain object.
 */
export interface PacketFields {
  readonly bytes: Uint8Array;
  /** 4 or 6; 0 when there is no IP layer (then address rules cannot match). */
  readonly ipVersion: number;
  /** IPv4 addresses as unsigned 32-bit numbers. */
  readonly srcV4: number;
  readonly dstV4: number;
  /** Offsets of the 16-byte IPv6 addresses in `bytes`. */
  readonly srcAddrOffset: number;
  readonly dstAddrOffset: number;
  readonly ipProto: number;
  readonly ttl: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly tcpFlags: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly icmpId: number;
  readonly icmpSeq: number;
  readonly payloadOffset: number;
  readonly payloadLength: number;
  /** The innermost IP header (IPv6 with its extension headers) and the L4 header; lengths 0 when absent. */
  readonly ipOffset: number;
  readonly ipHeaderLength: number;
  readonly l4Offset: number;
  readonly l4HeaderLength: number;
  readonly eventCount: number;
  readonly events: ArrayLike<number>;
  /** PacketFlag bits (Fragment = 1 << 3 is the one detection reads). */
  readonly flags: number;
}

/** A view of one inspection buffer: `bytes[start, end)`. */
export interface BufferView {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/**
 * App-layer buffers of one transaction. `index` selects an instance of a multi-buffer (http.request_header lines,
 * tls.certs): single buffers answer index 0 and null afterwards. Return null when the buffer is absent or not parsed
 * yet. The returned object may be reused by the provider between calls: the engine reads it before asking again.
 */
export interface BufferProvider {
  getBuffer(bufferId: number, index: number): BufferView | null;
  /** `tls.version` keyword: the negotiated version as Suricata names it ("1.2", "1.3", "ssl3"...). */
  readonly tlsVersion?: string;
  /** `app-layer-event`: whether the transaction's parser raised this event (Suricata's name). */
  hasEvent?(name: string): boolean;
}

/**
 * Reassembled TCP data handed over by the stream reassembler. `bytes[start, newDataStart)` is look-back already
 * inspected; a rule matches the chunk only if its last matched byte lies in `[newDataStart, end)`.
 */
export interface StreamWindow {
  bytes: Uint8Array;
  start: number;
  newDataStart: number;
  end: number;
  /**
   * Absolute stream offset of `bytes[start]`, when the caller hands one stream direction's windows in order: the
   * prefilter then searches only the new data and remembers its hits for the next windows' look-back.
   */
  offset?: number;
}

/** Per-flow state detection reads and (flowbits) writes. The flow table owns it. */
export interface FlowDetectState {
  /** TCP: three-way handshake completed. UDP and others: packets seen in both directions (Suricata's meaning). */
  established: boolean;
  /** Bytes the client / the server sent in the stream (stream_size); 0 when unknown. */
  clientStreamBytes: number;
  serverStreamBytes: number;
  /** Detected app-layer protocol name as Suricata spells it ("http", "tls", "dns"), "" while unknown, "failed". */
  appProto: string;
  /** Made by DetectEngine.newFlowbits(); survives rule reloads. */
  readonly flowbits: FlowbitSet;
  /** flowint variables by name, made by the first rule that changes one. */
  flowints?: Map<string, number> | undefined;
  /** A stable id for `track by_flow`; the owner sets it again when it reuses the state for another flow. */
  flowId: number;
  /** Set by the engine when a `pass` rule matched: Suricata stops inspecting the flow. */
  passed: boolean;
  /**
   * Engine-owned: bit (1 << FlowDirection) set once IP-only rules ran for that direction. Suricata evaluates
   * IP-only rules on the first packet of each direction of a flow only. Start at 0 (or leave out).
   */
  ipOnlyDone?: number;
  /**
   * Engine-owned: what the prefilter found in recent stream windows of each direction (see StreamHitMemory). Two
   * fields rather than a pair: every stream window reads one, and an array is one more object to reach.
   */
  streamHits0?: StreamHitMemory | undefined;
  streamHits1?: StreamHitMemory | undefined;
}

/**
 * Per-transaction detection state: which rules already alerted on this transaction (they fire once per
 * transaction), keyed by engine generation so a reload starts afresh. Made by DetectEngine.newTxState().
 */
export interface TxDetectState {
  generation: number;
  /** Rules (by order) that fired on the transaction; made on the first (most transactions never alert). */
  done: Set<number> | null;
}

export class InspectionContext {
  packet: PacketFields;
  /** Packet time in microseconds since the epoch (thresholds and xbits expiry use it). */
  timeUs = 0;
  direction: FlowDirection = FlowDirection.None;
  flow: FlowDetectState | null = null;
  /** The packet's payload was added to the TCP stream: stream-inspected rules skip the packet payload. */
  streamAdded = false;
  /**
   * The caller knows the payload was appended in order, so it is the tail of `stream`'s new data: the prefilter
   * then searches those bytes once. When false the engine compares bytes to find out.
   */
  payloadIsStreamTail = false;
  /** Reassembled data in the packet's direction that became ready with this packet, if any. */
  stream: StreamWindow | null = null;
  /** Global stores (xbits, thresholds); keep one across rule reloads. */
  global: DetectGlobalState;

  constructor(packet: PacketFields, global: DetectGlobalState) {
    this.packet = packet;
    this.global = global;
  }

  /** Clears the per-packet fields before the caller fills them for the next packet. */
  reset(packet: PacketFields, timeUs: number): void {
    this.packet = packet;
    this.timeUs = timeUs;
    this.direction = FlowDirection.None;
    this.flow = null;
    this.streamAdded = false;
    this.payloadIsStreamTail = false;
    this.stream = null;
  }
}
