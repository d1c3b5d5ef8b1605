import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerTransaction } from '../app-layer-transaction.js';
import { asciiBytes, concatBytes, EMPTY_BYTES, latin1, parseDecimal, viewOf } from '../bytes.js';
import { contentCodingOf, decodeBody, HttpBody } from './http-body.js';
import { hasUnrecognizedAuthScheme } from './http-auth-scheme.js';
import { HttpEvent } from './http-events.js';
import { HttpHead, lowerValue } from './http-head.js';
import { normalizeHost, splitHostPort } from './http-host.js';
import { httpEve } from './http-eve.js';
import { allocOwned } from './owned-bytes.js';
import { normalizeUri, splitUri } from './uri-normalize.js';

const CRLF = asciiBytes('\r\n');
const COLON_SP = asciiBytes(': ');

/** Buffers cached per transaction get a slot each; the table is shared, so a transaction's cache is a small array. */
const cacheSlots = new Map<string, number>();
let nextSlot = 0;
const MAX_CACHE_SLOTS = 64;

/** The cache slot for a buffer name, or -1 when it is not cached. */
function cacheSlot(name: string): number {
  const known = cacheSlots.get(name);
  if (known !== undefined) return known;
  // Bodies grow until the side completes, so only head-derived buffers are cached.
  if (name.includes('body') || name === 'file.data') {
    if (cacheSlots.size < MAX_CACHE_SLOTS * 2) cacheSlots.set(name, -1);
    return -1;
  }
  // Names outside the registry (tests, tools) beyond the bound are simply not cached.
  if (nextSlot >= MAX_CACHE_SLOTS) return -1;
  cacheSlots.set(name, nextSlot);
  return nextSlot++;
}

/**
 * One HTTP request/response pair. Buffers are built lazily from the owned head bytes and cached, so a
 * transaction that no rule inspects costs only its parse.
 */
export class HttpTransaction implements AppLayerTransaction {
  readonly appProto = 'http' as const;
  readonly txId: number;
  readonly timestampUs: number;
  readonly events: string[] = [];

  /** The request head; its start-line fields are the method, the target (uri) and the protocol. */
  request: HttpHead | null = null;
  readonly requestBody: HttpBody;
  requestComplete = false;
  requestTruncated = false;

  /** The final response head; its start-line fields are the protocol, the status code and the message. */
  response: HttpHead | null = null;
  /** The status as a number, or -1 when missing or not numeric. */
  status = -1;
  readonly responseBody: HttpBody;
  responseComplete = false;
  responseTruncated = false;
  /** A 100-continue (or other 1xx) response was seen before the final one. */
  interimResponses = 0;

  /** Sides already reported to the sink (bit per FlowDirection). */
  reportedSides = 0;
  completed = false;

  private readonly bodyLimit: number;
  /** Built head-derived buffers by cache slot and direction (slot * 2 + side); undefined means not built yet. */
  private cache: Array<Uint8Array | null | undefined> | null = null;
  private decodedResponse: Uint8Array | null = null;
  private hostParsed = false;
  private hostNorm: Uint8Array | null = null;
  private hostRaw: Uint8Array | null = null;
  private hostPort = -1;

  constructor(txId: number, timestampUs: number, requestBodyLimit: number, responseBodyLimit: number) {
    this.txId = txId;
    this.timestampUs = timestampUs;
    this.requestBody = new HttpBody(requestBodyLimit);
    this.responseBody = new HttpBody(responseBodyLimit);
    this.bodyLimit = responseBodyLimit;
  }

  /** Bytes of response body as transmitted (chunk framing excluded), Suricata's EVE `length`. */
  get responseMessageLength(): number {
    // The response body counts exactly these bytes (stored or not, gaps included), so the count is not kept twice.
    return this.responseBody.seen;
  }

  addEvent(name: string): void {
    if (!this.events.includes(name)) this.events.push(name);
  }

  setRequestHead(head: HttpHead): void {
    this.request = head;
    if (head.cStart === -1) this.addEvent(HttpEvent.RequestLineMissingProtocol);
    if (head.missingColon) this.addEvent(HttpEvent.RequestFieldMissingColon);
    if (head.invalidFolding) this.addEvent(HttpEvent.InvalidRequestFieldFolding);
    if (head.repetition) this.addEvent(HttpEvent.RequestHeaderRepetition);
    if (head.duplicateContentLength) this.addEvent(HttpEvent.DuplicateContentLengthInRequest);
    if (hasUnrecognizedAuthScheme(head)) this.addEvent(HttpEvent.RequestAuthUnrecognized);
    this.cache = null;
  }

  setResponseHead(head: HttpHead): void {
    this.response = head;
    this.status = head.bStart === -1 ? -1 : parseDecimal(head.bytes, head.bStart, head.bEnd);
    if (this.status < 100 || this.status > 999) this.addEvent(HttpEvent.ResponseInvalidStatus);
    if (head.missingColon) this.addEvent(HttpEvent.ResponseFieldMissingColon);
    if (head.invalidFolding) this.addEvent(HttpEvent.InvalidResponseFieldFolding);
    if (head.repetition) this.addEvent(HttpEvent.ResponseHeaderRepetition);
    if (head.duplicateContentLength) this.addEvent(HttpEvent.DuplicateContentLengthInResponse);
    this.cache = null;
  }

  methodText(): string {
    const r = this.request;
    return r === null || r.aStart === -1 ? '' : latin1(r.bytes, r.aStart, r.aEnd);
  }

  /** Request protocol string ("HTTP/1.1"), or '' for HTTP/0.9 requests. */
  requestProtocolText(): string {
    const r = this.request;
    return r === null || r.cStart === -1 ? '' : latin1(r.bytes, r.cStart, r.cEnd);
  }

  requestHeader(key: string): Uint8Array | null {
    return this.request?.value(key) ?? null;
  }

  responseHeader(key: string): Uint8Array | null {
    return this.response?.value(key) ?? null;
  }

  /** Normalised host (lowercase, no port), raw host and the port given in the URI or Host header. */
  hostInfo(): { host: Uint8Array | null; raw: Uint8Array | null; port: number } {
    if (!this.hostParsed) {
      this.hostParsed = true;
      const req = this.request;
      if (req !== null) {
        const parts = req.bStart === -1 ? null : splitUri(req.bytes.subarray(req.bStart, req.bEnd));
        if (parts !== null && parts.authorityStart >= 0) {
          const base = req.bStart;
          const hp = splitHostPort(req.bytes, base + parts.authorityStart, base + parts.authorityEnd);
          this.hostRaw = req.bytes.subarray(hp.hostStart, hp.hostEnd);
          this.hostNorm = normalizeHost(req.bytes, hp.hostStart, hp.hostEnd);
          this.hostPort = hp.port;
        } else {
          const h = req.value('host');
          if (h !== null) {
            const hp = splitHostPort(h);
            this.hostRaw = h;
            this.hostNorm = normalizeHost(h, hp.hostStart, hp.hostEnd);
            this.hostPort = hp.port;
          }
        }
      }
    }
    return { host: this.hostNorm, raw: this.hostRaw, port: this.hostPort };
  }

  /** Response body after Content-Encoding is undone (gzip/deflate), capped at the body limit. */
  decodedResponseBody(): Uint8Array {
    if (this.decodedResponse === null) {
      const raw = this.responseBody.bytes();
      const coding = contentCodingOf(lowerValue(this.responseHeader('content-encoding')));
      const r = decodeBody(raw, coding, this.bodyLimit);
      if (r.failed) this.addEvent(HttpEvent.GzipDecompressionFailed);
      if (r.bomb) this.addEvent(HttpEvent.CompressionBomb);
      this.decodedResponse = r.bytes;
    }
    return this.decodedResponse;
  }

  getBuffer(name: string, direction: FlowDirection): Uint8Array | null {
    const slot = cacheSlot(name);
    if (slot === -1) return this.buildBuffer(name, direction);
    const i = slot * 2 + (direction === FlowDirection.ToServer ? 0 : 1);
    const cached = this.cache?.[i];
    if (cached !== undefined) return cached;
    const value = this.buildBuffer(name, direction);
    (this.cache ??= [])[i] = value;
    return value;
  }

  getMultiBuffer(name: string, direction: FlowDirection): readonly Uint8Array[] {
    if (name === 'http.request_header' && direction === FlowDirection.ToServer) return headerLines(this.request);
    if (name === 'http.response_header' && direction === FlowDirection.ToClient) return headerLines(this.response);
    const single = this.getBuffer(name, direction);
    return single === null ? [] : [single];
  }

  toEve(): Record<string, unknown> {
    return httpEve(this);
  }

  private buildBuffer(name: string, direction: FlowDirection): Uint8Array | null {
    const toServer = direction === FlowDirection.ToServer;
    const head = toServer ? this.request : this.response;
    const req = this.request;
    const res = this.response;
    switch (name) {
      case 'http.uri':
        return !toServer || req === null || req.bStart === -1 ? null : normalizeUri(req.bytes.subarray(req.bStart, req.bEnd));
      case 'http.uri.raw':
        return toServer && req !== null ? sub(req, req.bStart, req.bEnd) : null;
      case 'http.method':
        return toServer && req !== null ? sub(req, req.aStart, req.aEnd) : null;
      case 'http.protocol':
        if (toServer) return req === null ? null : sub(req, req.cStart, req.cEnd);
        return res === null ? null : sub(res, res.aStart, res.aEnd);
      case 'http.request_line':
        return !toServer || req === null ? null : req.bytes.subarray(0, req.startLineEnd);
      case 'http.response_line':
        return toServer || res === null ? null : res.bytes.subarray(0, res.startLineEnd);
      case 'http.host':
        return toServer ? this.hostInfo().host : null;
      case 'http.host.raw':
        return toServer ? this.hostInfo().raw : null;
      case 'http.user_agent':
        return toServer ? this.requestHeader('user-agent') : null;
      case 'http.referer':
        return toServer ? this.requestHeader('referer') : null;
      case 'http.accept':
        return toServer ? this.requestHeader('accept') : null;
      case 'http.accept_enc':
        return toServer ? this.requestHeader('accept-encoding') : null;
      case 'http.accept_lang':
        return toServer ? this.requestHeader('accept-language') : null;
      case 'http.cookie':
        return toServer ? this.requestHeader('cookie') : this.responseHeader('set-cookie');
      case 'http.content_type':
        return head?.value('content-type') ?? null;
      case 'http.content_len':
        return head?.value('content-length') ?? null;
      case 'http.connection':
        return head?.value('connection') ?? null;
      case 'http.location':
        return toServer ? null : this.responseHeader('location');
      case 'http.server':
        return toServer ? null : this.responseHeader('server');
      case 'http.stat_code':
        return toServer || res === null ? null : sub(res, res.bStart, res.bEnd);
      case 'http.stat_msg':
        return toServer || res === null ? null : sub(res, res.cStart, res.cEnd);
      case 'http.header':
        return head === null ? null : normalizedHeaders(head, toServer ? 'cookie' : 'set-cookie');
      case 'http.header.raw':
        return head === null ? null : head.bytes.subarray(head.headersStart);
      case 'http.header_names':
        return head === null ? null : headerNames(head);
      case 'http.start':
        return head === null ? null : startBuffer(head);
      case 'http.request_body':
        return toServer && req !== null ? this.requestBody.bytes() : null;
      case 'http.response_body':
        return toServer || res === null ? null : this.decodedResponseBody();
      case 'file.data':
        // Suricata 7 serves file.data from the response body to the client and the request body to the server.
        if (toServer) return req === null || this.requestBody.length === 0 ? null : this.requestBody.bytes();
        return res === null || this.responseBody.length === 0 ? null : this.decodedResponseBody();
      default:
        return null;
    }
  }
}

/** A start-line field of the head (-1 start: absent). */
function sub(head: HttpHead, start: number, end: number): Uint8Array | null {
  return start === -1 ? null : viewOf(head.bytes, start, end);
}

/** `http.header`: "Name: value\r\n" per header, without Cookie (to server) or Set-Cookie (to client). */
function normalizedHeaders(head: HttpHead, skipKey: string): Uint8Array {
  // Built by direct copies into one array: rules that read http.header read it for every transaction.
  let total = 0;
  for (let i = 0; i < head.headerCount; i++) {
    if (!head.nameIs(i, skipKey)) total += head.nameLength(i) + head.valueLength(i) + 4;
  }
  if (total === 0) return EMPTY_BYTES;
  const out = allocOwned(total);
  let at = 0;
  for (let i = 0; i < head.headerCount; i++) {
    if (head.nameIs(i, skipKey)) continue;
    at = head.writeName(i, out, at);
    out[at++] = 0x3a;
    out[at++] = 0x20;
    at = head.writeValue(i, out, at);
    out[at++] = 0x0d;
    out[at++] = 0x0a;
  }
  return out;
}

/** `http.header_names`: "\r\nName1\r\nName2\r\n\r\n". */
function headerNames(head: HttpHead): Uint8Array {
  const parts: Uint8Array[] = [CRLF];
  for (let i = 0; i < head.headerCount; i++) parts.push(head.nameAt(i), CRLF);
  parts.push(CRLF);
  return concatBytes(parts);
}

/** `http.start`: start line, every header (Cookie included) as "Name: value\r\n", then the blank line. */
function startBuffer(head: HttpHead): Uint8Array {
  const parts: Uint8Array[] = [head.bytes.subarray(0, head.startLineEnd), CRLF];
  for (let i = 0; i < head.headerCount; i++) parts.push(head.nameAt(i), COLON_SP, head.valueAt(i), CRLF);
  parts.push(CRLF);
  return concatBytes(parts);
}

function headerLines(head: HttpHead | null): Uint8Array[] {
  if (head === null) return [];
  const out: Uint8Array[] = [];
  for (let i = 0; i < head.headerCount; i++) out.push(concatBytes([head.nameAt(i), COLON_SP, head.valueAt(i)]));
  return out;
}
