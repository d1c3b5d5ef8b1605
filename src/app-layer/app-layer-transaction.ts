import type { FlowDirection } from '../flow/flow-direction.js';
import type { ParsedAppProto } from './app-proto.js';

/**
 * What every protocol's transaction offers the detection engine and the EVE writer. Buffer names are Suricata's
 * sticky-buffer names (`http.uri`, `tls.sni`, `dns.query`...); a buffer that does not apply to the direction or is
 * absent from this transaction is null (single) or empty (multi).
 */
export interface AppLayerTransaction {
  readonly appProto: ParsedAppProto;
  /** 0-based, per flow and protocol, in creation order (Suricata's tx_id). */
  readonly txId: number;
  /** Capture time (µs) of the first byte that created this transaction. */
  readonly timestampUs: number;
  /** App-layer anomaly names raised while parsing this transaction (`http.request_field_too_long`...). */
  readonly events: readonly string[];
  /** A single-valued buffer, or null. Views stay valid for the transaction's lifetime. */
  getBuffer(name: string, direction: FlowDirection): Uint8Array | null;
  /** A multi-buffer (`http.request_header`, `tls.certs`, `dns.query`): one entry per item. */
  getMultiBuffer(name: string, direction: FlowDirection): readonly Uint8Array[];
  /** The protocol object of an EVE record (`"http": {...}`), Suricata's default field set and key order. */
  toEve(): Record<string, unknown>;
}

/**
 * Where a flow's parser reports progress. `onTxSide` fires once per transaction and direction, when that side is
 * final (its buffers for that direction will not change); `onTxComplete` fires once when both sides are done or the
 * flow ended, which is when Suricata writes the protocol's EVE record.
 */
export interface AppLayerSink {
  onTxSide?(tx: AppLayerTransaction, direction: FlowDirection): void;
  onTxComplete?(tx: AppLayerTransaction): void;
  /** A flow-level anomaly not tied to a transaction (a gap the parser could not resynchronise over...). */
  onEvent?(name: string, direction: FlowDirection): void;
}

/** The per-flow parser contract for byte streams (TCP) after protocol detection. */
export interface StreamParser {
  onData(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void;
  /**
   * Bytes ahead in this direction the parser would only count or step over (a body it does not keep, an encrypted
   * record), which the caller may pass over with skipUnread instead of onData; 0 when it must see them.
   */
  unreadAhead(direction: FlowDirection): number;
  /** Passes over `length` bytes, at most unreadAhead, as onData would have. */
  skipUnread(direction: FlowDirection, length: number): void;
  onGap(direction: FlowDirection, length: number): void;
  onClose(timestampUs: number): void;
}

/** The per-flow parser contract for datagrams (UDP). */
export interface DatagramParser {
  onDatagram(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void;
  onClose(timestampUs: number): void;
}
