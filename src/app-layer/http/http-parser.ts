import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerSink, StreamParser } from '../app-layer-transaction.js';
import { asciiBytes, equalsIgnoreCase, isSpaceOrTab, parseDecimal, startsWith } from '../bytes.js';
import { DEFAULT_BODY_LIMIT, type HttpBody } from './http-body.js';
import { HttpEvent } from './http-events.js';
import { HttpHead, lowerValue, splitStartLine } from './http-head.js';
import { Framing, HttpMessageReader } from './http-message-reader.js';
import type { HttpMessageHandler } from './http-message-reader.js';
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
const NO_OPTIONS: HttpParserOptions = {};
// Compared ignoring ASCII case, with no string built: for these literals that is exactly equality of the
// upper-cased text, as no non-ASCII character of the latin1 decoding upper-cases into ASCII letters.
const HTTP_1_1 = asciiBytes('http/1.1');
const HTTP_1_0 = asciiBytes('http/1.0');
const CONNECT = asciiBytes('connect');
const HEAD = asciiBytes('head');

/**
 * HTTP/1.x for one TCP flow: a request reader and a response reader, with transactions matched in order (keep-alive
 * pipelining). Interim 1xx responses (100-continue) do not consume a transaction; HEAD, 204 and 304 responses have
 * no body; 101 and a successful CONNECT end HTTP parsing for the flow (what follows is another protocol).
 *
 * The parser is its readers' handler (HttpMessageHandler, told the direction on each call): one per flow, and
 * thousands of flows are live at once, so a parser is a few small objects and nothing more until a message arrives.
 */
export class HttpParser implements StreamParser, HttpMessageHandler {
  private sink: AppLayerSink;
  private requestBodyLimit: number;
  private responseBodyLimit: number;
  private maxPending: number;
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

  constructor(sink: AppLayerSink, options: HttpParserOptions = NO_OPTIONS) {
    this.sink = sink;
    this.requestBodyLimit = options.requestBodyLimit ?? DEFAULT_BODY_LIMIT;
    this.responseBodyLimit = options.responseBodyLimit ?? DEFAULT_BODY_LIMIT;
    this.maxPending = options.maxPendingTransactions ?? DEFAULT_MAX_PENDING;
    this.requests = new HttpMessageReader(this, FlowDirection.ToServer);
    this.responses = new HttpMessageReader(this, FlowDirection.ToClient);
  }

  /**
   * A fresh parser for another flow, as if just constructed: a parser, its readers and its transaction list live
   * as long as a flow, so reusing them (see AppLayerFlow.reuse) spares the scavenger copying new ones.
   */
  reset(sink: AppLayerSink, options: HttpParserOptions = NO_OPTIONS): void {
    this.sink = sink;
    this.requestBodyLimit = options.requestBodyLimit ?? DEFAULT_BODY_LIMIT;
    this.responseBodyLimit = options.responseBodyLimit ?? DEFAULT_BODY_LIMIT;
    this.maxPending = options.maxPendingTransactions ?? DEFAULT_MAX_PENDING;
    this.live.length = 0;
    this.nextTxId = 0;
    this.reqTx = null;
    this.resTx = null;
    this.resInterim = false;
    this.tunnelAfterResponse = false;
    this.gaps = 0;
    this.requests.reset();
    this.responses.reset();
  }

  /** Transactions not yet complete (for inspecting requests whose response is still to come). */
  liveTransactions(): readonly HttpTransaction[] {
    return this.live;
  }

  onData(direction: FlowDirection, bytes: Uint8Array, offset: number, length: number, timestampUs: number): void {
    const reader = direction === FlowDirection.ToServer ? this.requests : this.responses;
    reader.feed(bytes, offset, offset + length, timestampUs);
  }

  /** Body bytes ahead in this direction that need not be read (HttpMessageReader.unreadBodyAhead). */
  unreadAhead(direction: FlowDirection): number {
    return (direction === FlowDirection.ToServer ? this.requests : this.responses).unreadBodyAhead;
  }

  skipUnread(direction: FlowDirection, length: number): void {
    (direction === FlowDirection.ToServer ? this.requests : this.responses).skipBody(length);
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

  // HttpMessageHandler: called by this parser's own readers.

  isStartLine(direction: FlowDirection, b: Uint8Array, s: number, e: number): boolean {
    return direction === FlowDirection.ToServer ? isRequestLine(b, s, e) : startsWith(b, s, e, HTTP_SLASH);
  }

  isHeadless(direction: FlowDirection, b: Uint8Array, s: number, e: number): boolean {
    if (direction !== FlowDirection.ToServer) return false;
    // HTTP/0.9: no protocol after the target, and no headers follow.
    const f = splitStartLine(b, s, e);
    return f.cEnd <= f.cStart;
  }

  onHead(direction: FlowDirection, bytes: Uint8Array, ts: number): number {
    return direction === FlowDirection.ToServer ? this.onRequestHead(bytes, ts) : this.onResponseHead(bytes, ts);
  }

  onBody(direction: FlowDirection, bytes: Uint8Array, start: number, end: number): void {
    this.bodyOf(direction)?.append(bytes, start, end);
  }

  bodyStored(direction: FlowDirection): boolean {
    return this.bodyOf(direction)?.storing ?? false;
  }

  onBodyUnread(direction: FlowDirection, length: number): void {
    this.bodyOf(direction)?.countUnstored(length);
  }

  onBodyGap(direction: FlowDirection, length: number): void {
    this.bodyOf(direction)?.markGap(length);
  }

  /** The body this direction's message bytes count toward: the request's, or the final (not interim) response's. */
  private bodyOf(direction: FlowDirection): HttpBody | null {
    if (direction === FlowDirection.ToServer) return this.reqTx?.requestBody ?? null;
    const tx = this.resTx;
    return tx === null || this.resInterim ? null : tx.responseBody;
  }

  onComplete(direction: FlowDirection, truncated: boolean): void {
    if (direction === FlowDirection.ToServer) this.requestComplete(truncated);
    else this.responseComplete(truncated);
  }

  onAnomaly(direction: FlowDirection, name: string): void {
    const tx = direction === FlowDirection.ToServer ? this.reqTx : this.resTx;
    if (tx !== null) tx.addEvent(name);
    else this.sink.onEvent?.(name, direction);
  }

  private onRequestHead(bytes: Uint8Array, ts: number): number {
    const tx = new HttpTransaction(this.nextTxId++, ts, this.requestBodyLimit, this.responseBodyLimit);
    const head = new HttpHead(bytes);
    tx.setRequestHead(head);
    if (head.cStart !== -1 && head.indexOf('host') === -1 && equalsIgnoreCase(bytes, head.cStart, head.cEnd, HTTP_1_1)) {
      tx.addEvent(HttpEvent.MissingHostHeader);
    }
    this.live.push(tx);
    this.reqTx = tx;
    if (this.live.length > this.maxPending) this.finishTx(this.live[0]!);
    return this.requestFraming(tx, head);
  }

  private requestComplete(truncated: boolean): void {
    const tx = this.reqTx;
    this.reqTx = null;
    if (tx === null) return;
    tx.requestComplete = true;
    tx.requestTruncated = truncated || tx.requestBody.gap;
    this.reportSide(tx, FlowDirection.ToServer);
    this.maybeComplete(tx);
  }

  private responseComplete(truncated: boolean): void {
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
  }

  private onResponseHead(bytes: Uint8Array, ts: number): number {
    const head = new HttpHead(bytes);
    const status = parseDecimal(bytes, head.bStart, head.bEnd);
    let tx = this.resTx ?? this.oldestUnanswered();
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
    if (status === 101 || (methodIs(tx, CONNECT) && status >= 200 && status < 300)) {
      this.tunnelAfterResponse = true;
      return 0;
    }
    if (methodIs(tx, HEAD) || status === 204 || status === 304) return 0;
    const te = lowerValue(head.value('transfer-encoding'));
    if (te.includes('chunked')) {
      const oldProto = head.aStart !== -1 && equalsIgnoreCase(bytes, head.aStart, head.aEnd, HTTP_1_0);
      if (oldProto) tx.addEvent(HttpEvent.ResponseChunkedOldProto);
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

  /** Responses answer requests in order: the oldest request that has no response yet. */
  private oldestUnanswered(): HttpTransaction | null {
    for (const t of this.live) if (t.request !== null && t.response === null && !t.responseComplete) return t;
    return null;
  }

  private requestFraming(tx: HttpTransaction, head: HttpHead): number {
    if (head.cStart === -1) return 0;
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

/** Is the request's method `lowerLiteral`, ignoring ASCII case? */
function methodIs(tx: HttpTransaction, lowerLiteral: Uint8Array): boolean {
  const req = tx.request;
  return req !== null && req.aStart !== -1 && equalsIgnoreCase(req.bytes, req.aStart, req.aEnd, lowerLiteral);
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
