import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerSink, DatagramParser, StreamParser } from '../app-layer-transaction.js';
import { ByteAccumulator } from '../byte-accumulator.js';
import { DnsEvent } from './dns-events.js';
import { dnsIsResponse, parseDnsMessage } from './dns-message.js';
import type { DnsMessage } from './dns-message.js';
import { DnsTransaction } from './dns-transaction.js';

/** Unanswered requests kept per flow; older ones are completed without a response. */
const MAX_PENDING = 256;

/**
 * DNS for one flow, over UDP (one message per datagram) or TCP (2-byte length-prefixed messages, reassembled
 * across segments). Requests open transactions; a response completes the oldest open transaction with the same
 * id, or becomes a response-only transaction (an unsolicited response).
 */
export class DnsParser implements DatagramParser, StreamParser {
  private readonly sink: AppLayerSink;
  private readonly pending: DnsTransaction[] = [];
  private nextTxId = 0;
  private readonly tcp = [new ByteAccumulator(0), new ByteAccumulator(0)] as const;
  private readonly tcpDead = [false, false];

  constructor(sink: AppLayerSink) {
    this.sink = sink;
  }

  onDatagram(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void {
    this.message(direction, bytes, offset, offset + length, timestampUs);
  }

  onData(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void {
    if (this.tcpDead[direction]) return;
    const acc = this.tcp[direction];
    let i = offset;
    const end = offset + length;
    while (i < end) {
      // Take the length prefix, then exactly one message, so a chunk never holds more than the next unit.
      const need = acc.length < 2 ? 2 - acc.length : 2 + ((acc.at(0) << 8) | acc.at(1)) - acc.length;
      const n = Math.min(need, end - i);
      acc.append(bytes, i, i + n);
      i += n;
      if (acc.length < 2) continue;
      const msgLen = (acc.at(0) << 8) | acc.at(1);
      if (acc.length === 2 + msgLen) {
        const v = acc.view();
        this.message(direction, v, 2, v.length, timestampUs);
        acc.reset();
      }
    }
  }

  /** DNS over TCP reads every byte: messages are short and parsed whole. */
  unreadAhead(_direction: FlowDirection): number {
    return 0;
  }

  skipUnread(_direction: FlowDirection, _length: number): void {}

  onGap(direction: FlowDirection, length: number): void {
    if (length <= 0 || this.tcpDead[direction]) return;
    this.tcpDead[direction] = true;
    this.tcp[direction].reset();
    this.sink.onEvent?.(DnsEvent.Gap, direction);
  }

  onClose(_timestampUs: number): void {
    for (const tx of this.pending.splice(0)) this.complete(tx);
  }

  private message(direction: FlowDirection, bytes: Uint8Array, start: number, end: number, ts: number): void {
    const msg = parseDnsMessage(bytes, start, end);
    if (msg === null) {
      this.sink.onEvent?.(DnsEvent.MalformedData, direction);
      return;
    }
    if (!dnsIsResponse(msg.flags)) this.request(direction, msg, ts);
    else this.response(direction, msg, ts);
  }

  private request(direction: FlowDirection, msg: DnsMessage, ts: number): void {
    const tx = new DnsTransaction(this.nextTxId++, ts);
    tx.request = msg;
    tx.requestTimestampUs = ts;
    if (direction !== FlowDirection.ToServer) tx.addEvent(DnsEvent.NotAResponse);
    if (msg.malformed) tx.addEvent(DnsEvent.MalformedData);
    if ((msg.flags & 0x0040) !== 0) tx.addEvent(DnsEvent.ZFlagSet);
    this.pending.push(tx);
    this.sink.onTxSide?.(tx, FlowDirection.ToServer);
    if (this.pending.length > MAX_PENDING) this.complete(this.pending.shift()!);
  }

  private response(direction: FlowDirection, msg: DnsMessage, ts: number): void {
    const i = this.pending.findIndex((t) => t.request!.id === msg.id);
    let tx: DnsTransaction;
    if (i === -1) {
      tx = new DnsTransaction(this.nextTxId++, ts);
      tx.addEvent(DnsEvent.UnsolicitedResponse);
    } else {
      tx = this.pending.splice(i, 1)[0]!;
    }
    tx.response = msg;
    tx.responseTimestampUs = ts;
    if (direction !== FlowDirection.ToClient) tx.addEvent(DnsEvent.NotARequest);
    if (msg.malformed) tx.addEvent(DnsEvent.MalformedData);
    if ((msg.flags & 0x0040) !== 0) tx.addEvent(DnsEvent.ZFlagSet);
    this.sink.onTxSide?.(tx, FlowDirection.ToClient);
    this.complete(tx);
  }

  private complete(tx: DnsTransaction): void {
    if (tx.completed) return;
    tx.completed = true;
    this.sink.onTxComplete?.(tx);
  }
}
