import { FlowDirection } from '../../flow/flow-direction.js';
import type { AppLayerTransaction } from '../app-layer-transaction.js';
import { asciiBytes, concatBytes, EMPTY_BYTES, latin1, parseDecimal } from '../bytes.js';
import { contentCodingOf, decodeBody, HttpBody } from './http-body.js';
import { HttpEvent } from './http-events.js';
import { HttpHead, lowerValue, splitStartLine } from './http-head.js';
import { normalizeHost, splitHostPort } from './http-host.js';
import { httpEve } from './http-eve.js';
import { normalizeUri, splitUri } from './uri-normalize.js';

const CRLF = asciiBytes('\r\n');
const COLON_SP = asciiBytes(': ');

/** Where a range of the head sits; -1 start means absent. */
interface Range {
  start: number;
  end: number;
}

const NONE: Range = { start: -1, end: -1 };

/**
 * One HTTP request/response pair. Buffers are built lazily from the owned head bytes and cached, so a
 * transaction that no rule inspects costs only its parse.
 */
export class HttpTransaction implements AppLayerTransaction {
  readonly appProto = 'http' as const;
  readonly txId: number;
  readonly timestampUs: number;
  readonly events: string[] = [];

  request: HttpHead | null = null;
  method: Range = NONE;
  uri: Range = NONE;
  requestProtocol: Range = NONE;
  readonly requestBody: HttpBody;
  requestComplete = false;
  requestTruncated = false;

  response: HttpHead | null = null;
  responseProtocol: Range = NONE;
  statusCode: Range = NONE;
  statusMessage: Range = NONE;
  /** The status as a number, or -1 when missing or not numeric. */
  status = -1;
  readonly responseBody: HttpBody;
  /** Bytes of response body as transmitted (chunk framing excluded), Suricata's EVE `length`. */
  responseMessageLength = 0;
  responseComplete = false;
  responseTruncated = false;
  /** A 100-continue (or other 1xx) response was seen before the final one. */
  interimResponses = 0;

  /** Sides already reported to the sink (bit per FlowDirection). */
  reportedSides = 0;
  completed = false;

  private readonly bodyLimit: number;
  private cache = new Map<string, Uint8Array | null>();
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

  addEvent(name: string): void {
    if (!this.events.includes(name)) this.events.push(name);
  }

  setRequestHead(head: HttpHead): void {
    this.request = head;
    const f = splitStartLine(head.bytes, 0, head.startLineEnd);
    this.method = range(f.aStart, f.aEnd);
    this.uri = range(f.bStart, f.bEnd);
    this.requestProtocol = range(f.cStart, f.cEnd);
    if (this.requestProtocol.start === -1) this.addEvent(HttpEvent.RequestLineMissingProtocol);
    if (head.missingColon) this.addEvent(HttpEvent.RequestFieldMissingColon);
    if (head.invalidFolding) this.addEvent(HttpEvent.InvalidRequestFieldFolding);
    if (head.repetition) this.addEvent(HttpEvent.RequestHeaderRepetition);
    if (head.duplicateContentLength) this.addEvent(HttpEvent.DuplicateContentLengthInRequest);
    this.cache.clear();
  }

  setResponseHead(head: HttpHead): void {
    this.response = head;
    const f = splitStartLine(head.bytes, 0, head.startLineEnd);
    this.responseProtocol = range(f.aStart, f.aEnd);
    this.statusCode = range(f.bStart, f.bEnd);
    this.statusMessage = range(f.cStart, f.cEnd);
    this.status = this.statusCode.start === -1 ? -1 : parseDecimal(head.bytes, this.statusCode.start, this.statusCode.end);
    if (this.status < 100 || this.status > 999) this.addEvent(HttpEvent.ResponseInvalidStatus);
    if (head.missingColon) this.addEvent(HttpEvent.ResponseFieldMissingColon);
    if (head.invalidFolding) this.addEvent(HttpEvent.InvalidResponseFieldFolding);
    if (head.repetition) this.addEvent(HttpEvent.ResponseHeaderRepetition);
    if (head.duplicateContentLength) this.addEvent(HttpEvent.DuplicateContentLengthInResponse);
    this.cache.clear();
  }

  methodText(): string {
    return this.request === null || this.method.start === -1 ? '' : latin1(this.request.bytes, this.method.start, this.method.end);
  }

  /** Request protocol string ("HTTP/1.1"), or '' for HTTP/0.9 requests. */
  requestProtocolText(): string {
    const r = this.requestProtocol;
    return this.request === null || r.start === -1 ? '' : latin1(this.request.bytes, r.start, r.end);
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
        const parts = this.uri.start === -1 ? null : splitUri(req.bytes.subarray(this.uri.start, this.uri.end));
        if (parts !== null && parts.authorityStart >= 0) {
          const base = this.uri.start;
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
    const key = direction === FlowDirection.ToServer ? `>${name}` : `<${name}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const value = this.buildBuffer(name, direction);
    // Bodies grow until the side completes, so only head-derived buffers are cached.
    if (!name.includes('body') && name !== 'file.data') this.cache.set(key, value);
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
        return !toServer || req === null || this.uri.start === -1 ? null : normalizeUri(req.bytes.subarray(this.uri.start, this.uri.end));
      case 'http.uri.raw':
        return toServer ? sub(req, this.uri) : null;
      case 'http.method':
        return toServer ? sub(req, this.method) : null;
      case 'http.protocol':
        return toServer ? sub(req, this.requestProtocol) : sub(res, this.responseProtocol);
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
        return toServer ? null : sub(res, this.statusCode);
      case 'http.stat_msg':
        return toServer ? null : sub(res, this.statusMessage);
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

function range(start: number, end: number): Range {
  return start < end ? { start, end } : NONE;
}

function sub(head: HttpHead | null, r: Range): Uint8Array | null {
  return head === null || r.start === -1 ? null : head.bytes.subarray(r.start, r.end);
}

/** `http.header`: "Name: value\r\n" per header, without Cookie (to server) or Set-Cookie (to client). */
function normalizedHeaders(head: HttpHead, skipKey: string): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const h of head.headers) {
    if (h.key === skipKey) continue;
    parts.push(h.name, COLON_SP, h.value, CRLF);
  }
  return parts.length === 0 ? EMPTY_BYTES : concatBytes(parts);
}

/** `http.header_names`: "\r\nName1\r\nName2\r\n\r\n". */
function headerNames(head: HttpHead): Uint8Array {
  const parts: Uint8Array[] = [CRLF];
  for (const h of head.headers) parts.push(h.name, CRLF);
  parts.push(CRLF);
  return concatBytes(parts);
}

/** `http.start`: start line, every header (Cookie included) as "Name: value\r\n", then the blank line. */
function startBuffer(head: HttpHead): Uint8Array {
  const parts: Uint8Array[] = [head.bytes.subarray(0, head.startLineEnd), CRLF];
  for (const h of head.headers) parts.push(h.name, COLON_SP, h.value, CRLF);
  parts.push(CRLF);
  return concatBytes(parts);
}

function headerLines(head: HttpHead | null): Uint8Array[] {
  if (head === null) return [];
  return head.headers.map((h) => concatBytes([h.name, COLON_SP, h.value]));
}
