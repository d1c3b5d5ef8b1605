import { FlowDirection } from '../flow/flow-direction.js';
import type { ParsedAppProto } from './app-proto.js';
import { asciiBytes } from './bytes.js';
import { dnsOpcode, dnsRcode, parseDnsMessage } from './dns/dns-message.js';
import { matchMethodPrefix } from './http/http-methods.js';

/** Probe verdicts for the bytes seen so far in one direction. */
export const NEED_MORE = 'need-more';
export const NO_MATCH = 'no-match';
export type ProbeResult = ParsedAppProto | typeof NEED_MORE | typeof NO_MATCH;

/** Bytes per direction after which an undecided stream direction counts as no match. */
export const DEFAULT_DETECTION_LIMIT = 2048;

export const DNS_PORT = 53;

const HTTP_1 = asciiBytes('HTTP/1.');

/**
 * Identify a TCP stream direction from its first bytes (the whole prefix seen so far, from offset 0):
 * - HTTP: a known request method and a space to the server, `HTTP/1.` to the client (leading CR/LF skipped);
 * - TLS: a handshake record header (0x16 0x03 0x00-0x04) carrying a ClientHello to the server or a ServerHello
 *   to the client;
 * - DNS over TCP, only when either port is 53: a 2-byte length and a sane header.
 */
export function probeTcp(direction: FlowDirection, b: Uint8Array, start: number, end: number, serverPort: number, clientPort: number): ProbeResult {
  if (end <= start) return NEED_MORE;
  let undecided = false;
  const http = probeHttp(direction, b, start, end);
  if (http === 'http') return http;
  if (http === NEED_MORE) undecided = true;
  const tls = probeTls(direction, b, start, end);
  if (tls === 'tls') return tls;
  if (tls === NEED_MORE) undecided = true;
  if (serverPort === DNS_PORT || clientPort === DNS_PORT) {
    const dns = probeDnsTcp(b, start, end);
    if (dns === 'dns') return dns;
    if (dns === NEED_MORE) undecided = true;
  }
  return undecided ? NEED_MORE : NO_MATCH;
}

export function probeHttp(direction: FlowDirection, b: Uint8Array, start: number, end: number): ProbeResult {
  let i = start;
  while (i < end && (b[i] === 0x0d || b[i] === 0x0a)) i++;
  if (i === end) return NEED_MORE;
  if (direction === FlowDirection.ToServer) {
    const m = matchMethodPrefix(b, i, end);
    return m === 1 ? 'http' : m === -1 ? NEED_MORE : NO_MATCH;
  }
  const n = Math.min(end - i, HTTP_1.length);
  for (let k = 0; k < n; k++) if (b[i + k] !== HTTP_1[k]) return NO_MATCH;
  return n === HTTP_1.length ? 'http' : NEED_MORE;
}

export function probeTls(direction: FlowDirection, b: Uint8Array, start: number, end: number): ProbeResult {
  const avail = end - start;
  if (b[start] !== 0x16) return NO_MATCH;
  if (avail < 2) return NEED_MORE;
  if (b[start + 1] !== 0x03) return NO_MATCH;
  if (avail < 3) return NEED_MORE;
  if (b[start + 2]! > 0x04) return NO_MATCH;
  if (avail < 6) return NEED_MORE;
  const recordLength = (b[start + 3]! << 8) | b[start + 4]!;
  if (recordLength < 4) return NO_MATCH;
  const want = direction === FlowDirection.ToServer ? 1 : 2;
  return b[start + 5] === want ? 'tls' : NO_MATCH;
}

function dnsHeaderSane(b: Uint8Array, s: number): boolean {
  const flags = (b[s + 2]! << 8) | b[s + 3]!;
  const qd = (b[s + 4]! << 8) | b[s + 5]!;
  const an = (b[s + 6]! << 8) | b[s + 7]!;
  const ns = (b[s + 8]! << 8) | b[s + 9]!;
  const ar = (b[s + 10]! << 8) | b[s + 11]!;
  return qd >= 1 && qd <= 16 && an < 512 && ns < 512 && ar < 512 && dnsOpcode(flags) <= 5 && (flags & 0x0040) === 0 && dnsRcode(flags) <= 10;
}

export function probeDnsTcp(b: Uint8Array, start: number, end: number): ProbeResult {
  if (end - start < 2 + 12) return NEED_MORE;
  const len = (b[start]! << 8) | b[start + 1]!;
  if (len < 12) return NO_MATCH;
  if (!dnsHeaderSane(b, start + 2)) return NO_MATCH;
  if (end - start >= 2 + len) {
    const msg = parseDnsMessage(b, start + 2, start + 2 + len);
    return msg !== null && !msg.malformed ? 'dns' : NO_MATCH;
  }
  return 'dns';
}

/**
 * Identify a UDP datagram. On port 53 a sane header that parses is enough; on any other port the whole message
 * must parse cleanly with exactly one question, so that random payloads are not taken for DNS.
 */
export function probeUdp(b: Uint8Array, start: number, end: number, serverPort: number, clientPort: number): ParsedAppProto | null {
  if (end - start < 12 || !dnsHeaderSane(b, start)) return null;
  const msg = parseDnsMessage(b, start, end);
  if (msg === null) return null;
  if (serverPort === DNS_PORT || clientPort === DNS_PORT) return 'dns';
  const qd = (b[start + 4]! << 8) | b[start + 5]!;
  return !msg.malformed && qd === 1 && msg.questions.length === 1 ? 'dns' : null;
}
