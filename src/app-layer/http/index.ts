// HTTP/1.x: incremental parsing, transactions with Suricata's http.* buffers, and the EVE http object.
export { HttpParser, isRequestLine } from './http-parser.js';
export type { HttpParserOptions } from './http-parser.js';
export { HttpTransaction } from './http-transaction.js';
export { HttpEvent } from './http-events.js';
export { HttpHead } from './http-head.js';
export type { HttpHeader } from './http-head.js';
export { DEFAULT_BODY_LIMIT, HttpBody } from './http-body.js';
export { HTTP_METHODS, matchMethodPrefix } from './http-methods.js';
export { normalizeUri, normalizePath, removeDotSegments, splitUri, urlDecode } from './uri-normalize.js';
export { normalizeHost, splitHostPort } from './http-host.js';
export { httpEve } from './http-eve.js';
