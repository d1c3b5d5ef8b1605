import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerSink, StreamParser } from '../app-layer-transaction.js';
import { asciiBytes, isSpaceOrTab, latin1, parseDecimal, startsWith } from '../bytes.js';
import { DEFAULT_BODY_LIMIT } from './http-body.js';
import { HttpEvent } from './http-events.js';
import { HttpHead, lowerValue, splitStartLine } from './http-head.js';
import { Framing, HttpMessageReader } from './http-message-reader.js';
import type { HttpReaderHandler } from './http-message-reader.js';
import { matchMethodPrefix } from './http-methods.js';
import { HttpTransaction } from './http-transaction.js';

export interface HttpParserOptions {
  /** Request body bytes kept for inspection (Suricata `request-body-limit`, default 100 KiB). */
  readonly requestBodyLimit?: number;
  /** Response body bytes kept for inspection (Suricata `response-body-limit`, default 100 KiB). */
  readonly responseBodyLimit?: number;
  /** Requests waiting for a response beyond this are completed without one, bounding memory per flow. */
  readonly maxPendingTransactions?: number;
}

const HTTP_SLASH = asciiBytes('HTTP/');
const DEFAULT_MAX_PENDING = 256;

/**
 * HTTP/1.x for one TCP flow: a request reader and a response reader, with transactions matched in order (keep-alive
 * pipelining). Interim 1xx responses (100-continue) do not consume a transaction; HEAD, 204 and 304 responses have
 * no body; 101 and a successful CONNECT end HTTP parsing for the flow (what follows is another protocol).
 */
export class HttpParser implements StreamParser {
  private readonly sink: AppLayerSink;
  private readonly requestBodyLimit: number;
  private readonly responseBodyLimit: number;
  private readonly maxPending: number;
  /** Live transactions in creation order: a request without its response, or a response still arriving. */
  private readonly live: HttpTransaction[] = [];
  private nextTxId = 0;
  private reqTx: HttpTransaction | null = null;
  private resTx: HttpTransaction | null = null;
  private resInterim = false;
  private tunnelAfterResponse = false;
  private readonly requests: HttpMessageReader;
  private readonly responses: HttpMessageReader;
  gaps = 0;

  constructor(sink: AppLayerSink, options: HttpParserOptions = {}) {
    this.sink = sink;
    this.requestBodyLimit = options.requestBodyLimit ?? DEFAULT_BODY_LIMIT;
    this.responseBodyLimit = options.responseBodyLimit ?? DEFAULT_BODY_LIMIT;
    this.maxPending = options.maxPendingTransactions ?? DEFAULT_MAX_PENDING;
    this.requests = new HttpMessageReader(this.requestHandler(), {
      tooLong: HttpEvent.RequestFieldTooLong,
      badChunk: HttpEvent.InvalidRequestChunkLen,
      gap: HttpEvent.Gap,
      resync: HttpEvent.Resync,
    });
    this.responses = new HttpMessageReader(this.responseHandler(), {
      tooLong: HttpEvent.ResponseFieldTooLong,
      badChunk: HttpEvent.InvalidResponseChunkLen,
      gap: HttpEvent.Gap,
      resync: HttpEvent.Resync,
    });
  }

  /** Transactions not yet complete (for inspecting requests whose response is still to come). */
  liveTransactions(): readonly HttpTransaction[] {
    return this.live;
  }

  onData(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void {
    const reader = direction === FlowDirection.ToServer ? this.requests : this.responses;
    reader.feed(bytes, offset, offset + length, timestampUs);
  }

  onGap(direction: FlowDirection, length: number): void {
    if (length <= 0) return;
    this.gaps++;
    const reader = direction === FlowDirection.ToServer ? this.requests : this.responses;
    reader.gap(length);
  }

  onClose(_timestampUs: number): void {
    this.requests.close();
    this.responses.close();
    for (const tx of this.live.slice()) this.finishTx(tx);
    this.live.length = 0;
  }

  private requestHandler(): HttpReaderHandler {
    return {
      isStartLine: (b, s, e) => isRequestLine(b, s, e),
      // HTTP/0.9: no protocol after the target, and no headers follow.
      isHeadless: (b, s, e) => {
        const f = splitStartLine(b, s, e);
        return f.cEnd <= f.cStart;
      },
      onHead: (bytes, ts) => {
        const tx = new HttpTransaction(this.nextTxId++, ts, this.requestBodyLimit, this.responseBodyLimit);
        const head = new HttpHead(bytes);
        tx.setRequestHead(head);
        if (tx.requestProtocol.start !== -1 && head.value('host') === null && tx.requestProtocolText().toUpperCase() === 'HTTP/1.1') {
          tx.addEvent(HttpEvent.MissingHostHeader);
        }
        this.live.push(tx);
        this.reqTx = tx;
        if (this.live.length > this.maxPending) this.finishTx(this.live[0]!);
        return this.requestFraming(tx, head);
      },
      onBody: (bytes, start, end) => this.reqTx?.requestBody.append(bytes, start, end),
      onBodyGap: (length) => this.reqTx?.requestBody.markGap(length),
      onComplete: (truncated) => {
        const tx = this.reqTx;
        this.reqTx = null;
        if (tx === null) return;
        tx.requestComplete = true;
        tx.requestTruncated = truncated || tx.requestBody.gap;
        this.reportSide(tx, FlowDirection.ToServer);
        this.maybeComplete(tx);
      },
      onAnomaly: (name) => this.anomaly(this.reqTx, name, FlowDirection.ToServer),
    };
  }

  private responseHandler(): HttpReaderHandler {
    return {
      isStartLine: (b, s, e) => startsWith(b, s, e, HTTP_SLASH),
      isHeadless: () => false,
      onHead: (bytes, ts) => this.onResponseHead(bytes, ts),
      onBody: (bytes, start, end) => {
        const tx = this.resTx;
        if (tx === null || this.resInterim) return;
        tx.responseMessageLength += end - start;
        tx.responseBody.append(bytes, start, end);
      },
      onBodyGap: (length) => {
        const tx = this.resTx;
        if (tx === null || this.resInterim) return;
        tx.responseMessageLength += length;
        tx.responseBody.markGap(length);
      },
      onComplete: (truncated) => {
        const tx = this.resTx;
        if (this.resInterim) {
          // The final response for the same request is still to come.
          this.resInterim = false;
          return;
        }
        this.resTx = null;
        if (tx === null) return;
        tx.responseComplete = true;
        tx.responseTruncated = truncated || tx.responseBody.gap;
        this.reportSide(tx, FlowDirection.ToClient);
        this.maybeComplete(tx);
        if (this.tunnelAfterResponse) {
          this.requests.kill();
          this.responses.kill();
        }
      },
      onAnomaly: (name) => this.anomaly(this.resTx, name, FlowDirection.ToClient),
    };
  }

  private onResponseHead(bytes: Uint8Array, ts: number): number {
    const head = new HttpHead(bytes);
    const f = splitStartLine(head.bytes, 0, head.startLineEnd);
    const status = parseDecimal(head.bytes, f.bStart, f.bEnd);
    let tx = this.resTx;
    // Responses answer requests in order: the oldest request that has no response yet.
    if (tx === null) tx = this.live.find((t) => t.request !== null && t.response === null && !t.responseComplete) ?? null;
    if (tx === null) {
      tx = new HttpTransaction(this.nextTxId++, ts, this.requestBodyLimit, this.responseBodyLimit);
      tx.requestComplete = true;
      tx.addEvent(HttpEvent.UnableToMatchResponse);
      this.live.push(tx);
    }
    this.resTx = tx;
    if (status >= 100 && status < 200 && status !== 101) {
      if (tx.interimResponses > 0 && status === 100) tx.addEvent(HttpEvent.ContinueAlreadySeen);
      tx.interimResponses++;
      this.resInterim = true;
      return 0;
    }
    this.resInterim = false;
    tx.setResponseHead(head);
    const method = tx.methodText().toUpperCase();
    if (status === 101 || (method === 'CONNECT' && status >= 200 && status < 300)) {
      this.tunnelAfterResponse = true;
      return 0;
    }
    if (method === 'HEAD' || status === 204 || status === 304) return 0;
    const te = lowerValue(head.value('transfer-encoding'));
    if (te.includes('chunked')) {
      const proto = latin1(head.bytes, f.aStart, f.aEnd).toUpperCase();
      if (proto === 'HTTP/1.0') tx.addEvent(HttpEvent.ResponseChunkedOldProto);
      return Framing.Chunked;
    }
    const cl = head.value('content-length');
    if (cl !== null) {
      const n = contentLength(cl);
      if (n >= 0) return n;
      tx.addEvent(HttpEvent.InvalidContentLengthInResponse);
    }
    return Framing.UntilClose;
  }

  private requestFraming(tx: HttpTransaction, head: HttpHead): number {
    if (tx.requestProtocol.start === -1) return 0;
    const te = lowerValue(head.value('transfer-encoding'));
    if (te.includes('chunked')) return Framing.Chunked;
    const cl = head.value('content-length');
    if (cl !== null) {
      const n = contentLength(cl);
      if (n >= 0) return n;
      tx.addEvent(HttpEvent.InvalidContentLengthInRequest);
    }
    return 0;
  }

  private anomaly(tx: HttpTransaction | null, name: string, direction: FlowDirection): void {
    if (tx !== null) tx.addEvent(name);
    else this.sink.onEvent?.(name, direction);
  }

  private reportSide(tx: HttpTransaction, direction: FlowDirection): void {
    const bit = 1 << direction;
    if ((tx.reportedSides & bit) !== 0) return;
    tx.reportedSides |= bit;
    this.sink.onTxSide?.(tx, direction);
  }

  private maybeComplete(tx: HttpTransaction): void {
    if (!tx.requestComplete || !tx.responseComplete) return;
    this.finishTx(tx);
  }

  /** Report whatever the transaction has and hand it to the sink as complete; drop it from the live list. */
  private finishTx(tx: HttpTransaction): void {
    if (tx.completed) return;
    tx.completed = true;
    if (tx.request !== null) this.reportSide(tx, FlowDirection.ToServer);
    if (tx.response !== null) this.reportSide(tx, FlowDirection.ToClient);
    const i = this.live.indexOf(tx);
    if (i !== -1) this.live.splice(i, 1);
    if (this.reqTx === tx) this.reqTx = null;
    if (this.resTx === tx) {
      this.resTx = null;
      this.resInterim = false;
    }
    this.sink.onTxComplete?.(tx);
  }
}

/** Content-Length: digits with optional surrounding whitespace; "a, a" (a repeated header) counts once. */
function contentLength(v: Uint8Array): number {
  let s = 0;
  let e = v.length;
  while (s < e && isSpaceOrTab(v[s]!)) s++;
  while (e > s && isSpaceOrTab(v[e - 1]!)) e--;
  const comma = v.indexOf(0x2c, s);
  if (comma !== -1 && comma < e) {
    const first = contentLength(v.subarray(s, comma));
    const rest = contentLength(v.subarray(comma + 1, e));
    return first === rest ? first : -1;
  }
  return parseDecimal(v, s, e);
}

/** A request line: a known method, or any token followed by a target and an `HTTP/` protocol. */
export function isRequestLine(b: Uint8Array, s: number, e: number): boolean {
  if (matchMethodPrefix(b, s, e) === 1) return true;
  const f = splitStartLine(b, s, e);
  if (f.aStart !== s || f.aEnd <= f.aStart || f.bEnd <= f.bStart) return false;
  for (let i = f.aStart; i < f.aEnd; i++) {
    const c = b[i]!;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return startsWith(b, f.cStart, f.cEnd, HTTP_SLASH);
}
