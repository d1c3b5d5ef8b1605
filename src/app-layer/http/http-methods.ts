import { asciiBytes } from '../bytes.js';

/**
 * Request methods mirrorscope recognises when detecting HTTP by content and when resynchronising after a gap.
 * The list follows what Suricata's HTTP probing patterns cover (RFC 7231 methods plus WebDAV and a few common
 * extensions); the parser itself accepts any token as a method once the flow is HTTP.
 */
export const HTTP_METHODS: readonly string[] = [
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'CHECKOUT', 'CHECKIN',
  'UNCHECKOUT', 'VERSION-CONTROL', 'REPORT', 'SEARCH', 'MERGE', 'UPDATE', 'LABEL', 'MKWORKSPACE',
  'MKACTIVITY', 'BASELINE-CONTROL', 'ORDERPATCH', 'ACL', 'SUBSCRIBE', 'UNSUBSCRIBE', 'NOTIFY', 'POLL', 'BMOVE',
];

const METHOD_BYTES: readonly Uint8Array[] = HTTP_METHODS.map((m) => asciiBytes(m));

export const MAX_METHOD_LENGTH = Math.max(...HTTP_METHODS.map((m) => m.length));

/**
 * Does bytes[start..end) begin with a known method followed by a space or tab?
 * Returns 1 for yes, 0 for no, -1 when the bytes are a proper prefix of such a start (need more data).
 */
export function matchMethodPrefix(bytes: Uint8Array, start: number, end: number): 1 | 0 | -1 {
  let undecided = false;
  for (const m of METHOD_BYTES) {
    const avail = end - start;
    const n = Math.min(avail, m.length);
    let same = true;
    for (let i = 0; i < n; i++) {
      if (bytes[start + i] !== m[i]) {
        same = false;
        break;
      }
    }
    if (!same) continue;
    if (avail <= m.length) {
      undecided = true;
      continue;
    }
    const sep = bytes[start + m.length];
    if (sep === 0x20 || sep === 0x09) return 1;
  }
  return undecided ? -1 : 0;
}
