import { isSpaceOrTab, lowerAscii, parseDecimal } from '../bytes.js';

/** Host and port split out of a Host header value or an absolute URI's authority. */
export interface HostPort {
  readonly hostStart: number;
  readonly hostEnd: number;
  /** Port number when one was given and valid, else -1. */
  readonly port: number;
  readonly portInvalid: boolean;
}

/** Split `[userinfo@]host[:port]`, with IPv6 literals in brackets, as libhtp's host-port parser does. */
export function splitHostPort(b: Uint8Array, start = 0, end = b.length): HostPort {
  while (start < end && isSpaceOrTab(b[start]!)) start++;
  while (end > start && isSpaceOrTab(b[end - 1]!)) end--;
  const at = b.lastIndexOf(0x40, end - 1);
  if (at >= start) start = at + 1;
  let hostEnd = end;
  let portStart = -1;
  if (b[start] === 0x5b) {
    const close = b.indexOf(0x5d, start);
    if (close !== -1 && close < end) {
      hostEnd = close + 1;
      if (hostEnd < end && b[hostEnd] === 0x3a) portStart = hostEnd + 1;
    }
  } else {
    for (let i = end - 1; i >= start; i--) {
      if (b[i] === 0x3a) {
        hostEnd = i;
        portStart = i + 1;
        break;
      }
    }
  }
  let port = -1;
  let portInvalid = false;
  if (portStart !== -1 && portStart < end) {
    const p = parseDecimal(b, portStart, end);
    if (p >= 1 && p <= 65535) port = p;
    else portInvalid = true;
  }
  return { hostStart: start, hostEnd, port, portInvalid };
}

/** Lowercase the host and drop trailing dots (libhtp's hostname normalisation). */
export function normalizeHost(b: Uint8Array, start: number, end: number): Uint8Array {
  while (end > start && b[end - 1] === 0x2e) end--;
  const out = new Uint8Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = lowerAscii(b[start + i]!);
  return out;
}
