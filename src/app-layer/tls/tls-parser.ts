import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerSink, StreamParser } from '../app-layer-transaction.js';
import { ByteAccumulator } from '../byte-accumulator.js';
import { parseClientHello } from './client-hello.js';
import { parseServerHello } from './server-hello.js';
import { TlsEvent } from './tls-events.js';
import { TlsTransaction } from './tls-transaction.js';

const RecordType = { ChangeCipherSpec: 20, Alert: 21, Handshake: 22, ApplicationData: 23, Heartbeat: 24 } as const;
const HandshakeType = { ClientHello: 1, ServerHello: 2, Certificate: 11, ServerHelloDone: 14 } as const;

/** TLS 1.2 allows 2^14 + 2048 bytes of ciphertext per record; anything longer is not TLS. */
const MAX_RECORD_LENGTH = 16384 + 2048;
/** A handshake message bigger than this (a huge certificate chain) is not reassembled. */
const MAX_HANDSHAKE_LENGTH = 256 * 1024;
/** Certificates kept per chain. */
const MAX_CERTIFICATES = 16;

/** Record-layer and handshake reassembly state for one direction. */
class TlsDirectionState {
  readonly header = new ByteAccumulator(8);
  readonly record = new ByteAccumulator(1024);
  readonly handshake = new ByteAccumulator(0);
  recordType = 0;
  recordRemaining = 0;
  /** Payload of the current record is neither kept nor parsed (application data, or after encryption). */
  skipping = false;
  /** Handshake records from here on are encrypted (after ChangeCipherSpec, or after a TLS 1.3 ServerHello). */
  encrypted = false;
  dead = false;
}

/**
 * TLS over one TCP flow: record reassembly across segments, handshake message reassembly across records, and the
 * ClientHello, ServerHello and Certificate messages. Everything after the handshake is skipped by record length
 * without copying. A gap ends parsing in that direction: record framing cannot be recovered reliably.
 */
export class TlsParser implements StreamParser {
  private readonly sink: AppLayerSink;
  private readonly dirs = [new TlsDirectionState(), new TlsDirectionState()] as const;

  /**
   * The server has switched to encrypted records (its ChangeCipherSpec, or a TLS 1.3 ServerHello): from here on
   * the payload is ciphertext. Suricata's default encryption-handling stops raw stream inspection at this point.
   */
  get encrypted(): boolean {
    return this.dirs[FlowDirection.ToClient].encrypted;
  }
  private tx: TlsTransaction | null = null;

  constructor(sink: AppLayerSink) {
    this.sink = sink;
  }

  /** The flow's transaction, once any handshake data arrived. */
  get transaction(): TlsTransaction | null {
    return this.tx;
  }

  onData(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void {
    const d = this.dirs[direction];
    if (d.dead) return;
    let i = offset;
    const end = offset + length;
    while (i < end && !d.dead) {
      if (d.recordRemaining === 0) {
        const need = 5 - d.header.length;
        const n = Math.min(need, end - i);
        d.header.append(bytes, i, i + n);
        i += n;
        if (d.header.length < 5) break;
        this.startRecord(direction, d, timestampUs);
        continue;
      }
      const n = Math.min(d.recordRemaining, end - i);
      if (!d.skipping) d.record.append(bytes, i, i + n);
      i += n;
      d.recordRemaining -= n;
      if (d.recordRemaining === 0) this.endRecord(direction, d, timestampUs);
    }
  }

  /** The rest of a record whose payload is stepped over (application data, anything encrypted). */
  unreadAhead(direction: FlowDirection): number {
    const d = this.dirs[direction];
    return !d.dead && d.skipping ? d.recordRemaining : 0;
  }

  skipUnread(direction: FlowDirection, length: number): void {
    const d = this.dirs[direction];
    // A stepped-over record ends without work (endRecord returns at once for it), so reaching 0 here is the same.
    if (!d.dead && d.skipping && length <= d.recordRemaining) d.recordRemaining -= length;
  }

  onGap(direction: FlowDirection, length: number): void {
    if (length <= 0) return;
    const d = this.dirs[direction];
    if (d.dead) return;
    d.dead = true;
    if (this.tx !== null) this.tx.addEvent(TlsEvent.Gap);
    else this.sink.onEvent?.(TlsEvent.Gap, direction);
    this.directionDone(direction);
  }

  onClose(_timestampUs: number): void {
    const tx = this.tx;
    if (tx === null || tx.completed) return;
    if (tx.clientHello !== null) this.reportSide(tx, FlowDirection.ToServer);
    if (tx.serverHello !== null || tx.certificates.length > 0) this.reportSide(tx, FlowDirection.ToClient);
    tx.completed = true;
    this.sink.onTxComplete?.(tx);
  }

  private ensureTx(timestampUs: number): TlsTransaction {
    if (this.tx === null) this.tx = new TlsTransaction(0, timestampUs);
    return this.tx;
  }

  private fail(direction: FlowDirection, event: string): void {
    const d = this.dirs[direction];
    d.dead = true;
    if (this.tx !== null) this.tx.addEvent(event);
    else this.sink.onEvent?.(event, direction);
    this.directionDone(direction);
  }

  private startRecord(direction: FlowDirection, d: TlsDirectionState, timestampUs: number): void {
    const h = d.header.view();
    const type = h[0]!;
    const major = h[1]!;
    const length = (h[3]! << 8) | h[4]!;
    d.header.reset();
    if (type < RecordType.ChangeCipherSpec || type > RecordType.Heartbeat) {
      this.fail(direction, TlsEvent.InvalidRecordType);
      return;
    }
    if (major !== 3) {
      this.fail(direction, TlsEvent.InvalidRecordVersion);
      return;
    }
    if (length > MAX_RECORD_LENGTH) {
      this.fail(direction, TlsEvent.InvalidRecordLength);
      return;
    }
    d.recordType = type;
    d.recordRemaining = length;
    d.skipping = !(type === RecordType.Handshake && !d.encrypted) && type !== RecordType.ChangeCipherSpec;
    d.record.reset();
    if (length === 0) this.endRecord(direction, d, timestampUs);
  }

  private endRecord(direction: FlowDirection, d: TlsDirectionState, timestampUs: number): void {
    if (d.recordType === RecordType.ChangeCipherSpec) {
      d.encrypted = true;
      this.directionDone(direction);
      return;
    }
    if (d.skipping) return;
    const payload = d.record.view();
    d.handshake.append(payload, 0, payload.length);
    d.record.reset();
    this.drainHandshake(direction, d, timestampUs);
  }

  private drainHandshake(direction: FlowDirection, d: TlsDirectionState, timestampUs: number): void {
    const hs = d.handshake;
    while (!d.dead && !d.encrypted && hs.length >= 4) {
      const len = (hs.at(1) << 16) | (hs.at(2) << 8) | hs.at(3);
      if (len > MAX_HANDSHAKE_LENGTH) {
        this.fail(direction, TlsEvent.HandshakeTooLarge);
        return;
      }
      if (hs.length < 4 + len) return;
      const type = hs.at(0);
      const body = hs.view().slice(4, 4 + len);
      hs.consume(4 + len);
      this.handshakeMessage(direction, type, body, timestampUs);
    }
  }

  private handshakeMessage(direction: FlowDirection, type: number, body: Uint8Array, timestampUs: number): void {
    const tx = this.ensureTx(timestampUs);
    if (direction === FlowDirection.ToServer) {
      if (type === HandshakeType.ClientHello && tx.clientHello === null) {
        const ch = parseClientHello(body);
        if (ch === null) {
          tx.addEvent(TlsEvent.InvalidHandshakeMessage);
          return;
        }
        tx.clientHello = ch;
        tx.invalidate();
        this.reportSide(tx, FlowDirection.ToServer);
      }
      return;
    }
    switch (type) {
      case HandshakeType.ServerHello: {
        if (tx.serverHello !== null) return;
        const sh = parseServerHello(body);
        if (sh === null) {
          tx.addEvent(TlsEvent.InvalidHandshakeMessage);
          return;
        }
        tx.serverHello = sh;
        tx.invalidate();
        if (sh.selectedVersion === 0x0304) {
          // Everything after a TLS 1.3 ServerHello, certificate included, is encrypted.
          this.dirs[FlowDirection.ToClient].encrypted = true;
          this.directionDone(FlowDirection.ToClient);
        }
        return;
      }
      case HandshakeType.Certificate: {
        if (tx.certificates.length > 0) return;
        tx.certificates = readCertificateChain(body, tx);
        tx.invalidate();
        return;
      }
      case HandshakeType.ServerHelloDone:
        this.directionDone(FlowDirection.ToClient);
        return;
      default:
        return;
    }
  }

  /** A direction will yield no more handshake data: report its side, and complete when both are done. */
  private directionDone(direction: FlowDirection): void {
    const tx = this.tx;
    if (tx === null || tx.completed) return;
    if (direction === FlowDirection.ToClient && (tx.serverHello !== null || tx.certificates.length > 0)) {
      this.reportSide(tx, FlowDirection.ToClient);
    }
    if (direction === FlowDirection.ToServer && tx.clientHello !== null) this.reportSide(tx, FlowDirection.ToServer);
    const serverDone = (tx.reportedSides & (1 << FlowDirection.ToClient)) !== 0 || this.dirs[FlowDirection.ToClient].dead;
    const clientDone = (tx.reportedSides & (1 << FlowDirection.ToServer)) !== 0 || this.dirs[FlowDirection.ToServer].dead;
    if (serverDone && clientDone) {
      tx.completed = true;
      this.sink.onTxComplete?.(tx);
    }
  }

  private reportSide(tx: TlsTransaction, direction: FlowDirection): void {
    const bit = 1 << direction;
    if ((tx.reportedSides & bit) !== 0) return;
    tx.reportedSides |= bit;
    this.sink.onTxSide?.(tx, direction);
  }
}

/** TLS 1.2 Certificate body: a 3-byte list length, then 3-byte-length-prefixed DER certificates. */
function readCertificateChain(body: Uint8Array, tx: TlsTransaction): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (body.length < 3) {
    tx.addEvent(TlsEvent.InvalidCertificate);
    return out;
  }
  const total = (body[0]! << 16) | (body[1]! << 8) | body[2]!;
  const end = Math.min(body.length, 3 + total);
  if (3 + total > body.length) tx.addEvent(TlsEvent.CertificateInvalidLength);
  let p = 3;
  while (p + 3 <= end && out.length < MAX_CERTIFICATES) {
    const len = (body[p]! << 16) | (body[p + 1]! << 8) | body[p + 2]!;
    p += 3;
    if (p + len > end) {
      tx.addEvent(TlsEvent.CertificateInvalidLength);
      break;
    }
    out.push(body.subarray(p, p + len));
    p += len;
  }
  return out;
}
