import { hexValue, lowerAscii } from '../bytes.js';
import { copyOwned } from './owned-bytes.js';

/**
 * The `http.uri` buffer, built the way Suricata 7 builds it with its default libhtp configuration
 * (personality IDS, with Suricata's override that turns libhtp's path lowercasing back off):
 *
 * - Only path, `?query` and `#fragment` are kept (`uri-include-all: false`): an absolute-form request
 *   `GET http://h/x` yields `/x`.
 * - Path: `%XX` decoded, including `%2F` (path separators are decoded); `%uXXXX` decoded to a single byte (U+00XX
 *   to XX, fullwidth U+FF01-FF5E to ASCII, anything else to `?`, libhtp's best-fit replacement); an invalid `%`
 *   escape is kept as-is; `\` (raw or decoded) becomes `/`; runs of `/` are compressed to one; valid UTF-8
 *   sequences are converted best-fit to single bytes the same way; then dot segments are removed (RFC 3986
 *   5.2.4). Case is preserved.
 * - Query: `%XX` decoded; `+` stays (libhtp query-plusspace-decode is off by default in Suricata).
 * - Fragment: `%XX` decoded.
 *
 * Deviation: libhtp's best-fit table for code points above U+00FF covers more than fullwidth ASCII; others map
 * to `?` here.
 */
export function normalizeUri(raw: Uint8Array): Uint8Array {
  const parts = splitUri(raw);
  const hasPath = parts.pathStart >= 0;
  const hasQuery = parts.queryStart >= 0;
  const hasFragment = parts.fragmentStart >= 0;
  // Every step writes no more bytes than it reads, so the whole buffer is built in one scratch array (decoding and
  // dot-segment removal in place) and the URI allocates only its result.
  const size = (hasPath ? parts.pathEnd - parts.pathStart : 0) + (hasQuery ? parts.queryEnd - parts.queryStart + 1 : 0) +
    (hasFragment ? raw.length - parts.fragmentStart + 1 : 0);
  const buf = scratchOf(size);
  let at = hasPath ? normalizePathInto(raw, parts.pathStart, parts.pathEnd, buf) : 0;
  // Suricata leaves + in the query as it is (libhtp query-plusspace-decode is off by default): the differential
  // test against Suricata 7 fires "union\\+select" in http.uri only then.
  if (hasQuery) {
    buf[at++] = 0x3f;
    at = urlDecodeInto(raw, parts.queryStart, parts.queryEnd, false, buf, at);
  }
  if (hasFragment) {
    buf[at++] = 0x23;
    at = urlDecodeInto(raw, parts.fragmentStart, raw.length, false, buf, at);
  }
  return copyOwned(buf, 0, at);
}

let scratch = new Uint8Array(1024);

function scratchOf(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, scratch.length * 2));
  return scratch;
}

export interface UriParts {
  /** Authority (host[:port]) of an absolute-form URI, or -1. */
  readonly authorityStart: number;
  readonly authorityEnd: number;
  readonly pathStart: number;
  readonly pathEnd: number;
  readonly queryStart: number;
  readonly queryEnd: number;
  readonly fragmentStart: number;
}

/** Split a request target into authority, path, query and fragment ranges (starts are -1 when absent). */
export function splitUri(raw: Uint8Array): UriParts {
  let authorityStart = -1;
  let authorityEnd = -1;
  let pos = 0;
  const schemeEnd = absoluteSchemeEnd(raw);
  if (schemeEnd > 0) {
    authorityStart = schemeEnd + 3;
    let i = authorityStart;
    while (i < raw.length && raw[i] !== 0x2f && raw[i] !== 0x3f && raw[i] !== 0x23) i++;
    authorityEnd = i;
    pos = i;
  }
  const hash = raw.indexOf(0x23, pos);
  const beforeFragment = hash === -1 ? raw.length : hash;
  const question = raw.indexOf(0x3f, pos);
  const q = question !== -1 && question < beforeFragment ? question : -1;
  const pathEnd = q === -1 ? beforeFragment : q;
  return {
    authorityStart,
    authorityEnd,
    pathStart: pathEnd > pos || schemeEnd <= 0 ? pos : -1,
    pathEnd,
    queryStart: q === -1 ? -1 : q + 1,
    queryEnd: beforeFragment,
    fragmentStart: hash === -1 ? -1 : hash + 1,
  };
}

/** Index of ':' in "scheme://" when the URI is absolute-form, else -1. */
function absoluteSchemeEnd(raw: Uint8Array): number {
  if (raw.length === 0 || raw[0] === 0x2f) return -1;
  for (let i = 0; i < raw.length; i++) {
    const c = lowerAscii(raw[i]!);
    if (c === 0x3a) {
      return i > 0 && raw[i + 1] === 0x2f && raw[i + 2] === 0x2f ? i : -1;
    }
    const ok = (c >= 0x61 && c <= 0x7a) || (i > 0 && ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e));
    if (!ok) return -1;
  }
  return -1;
}

/** libhtp's best-fit for one code point beyond ASCII: U+00XX keeps its byte, fullwidth ASCII folds, else '?'. */
function bestFit(cp: number): number {
  if (cp < 0x100) return cp;
  if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xff01 + 0x21;
  return 0x3f;
}

export function normalizePath(path: Uint8Array): Uint8Array {
  const out = new Uint8Array(path.length);
  return out.slice(0, normalizePathInto(path, 0, path.length, out));
}

/** normalizePath of src[start..end) written to out from 0; returns the length. Never writes more than it reads. */
function normalizePathInto(src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = src[i]!;
    if (c === 0x25) {
      let decoded = false;
      if (i + 2 < end) {
        const h = hexValue(src[i + 1]!);
        const l = hexValue(src[i + 2]!);
        if (h >= 0 && l >= 0) {
          c = (h << 4) | l;
          i += 2;
          decoded = true;
        }
      }
      if (!decoded && i + 5 < end && (src[i + 1] === 0x75 || src[i + 1] === 0x55)) {
        const d1 = hexValue(src[i + 2]!);
        const d2 = hexValue(src[i + 3]!);
        const d3 = hexValue(src[i + 4]!);
        const d4 = hexValue(src[i + 5]!);
        if (d1 >= 0 && d2 >= 0 && d3 >= 0 && d4 >= 0) {
          c = bestFit((d1 << 12) | (d2 << 8) | (d3 << 4) | d4);
          i += 5;
        }
      }
    }
    // Backslashes are separators, and runs of separators collapse to one.
    if (c === 0x5c) c = 0x2f;
    if (c === 0x2f && n > 0 && out[n - 1] === 0x2f) continue;
    out[n++] = c;
  }
  return dotSegmentsInPlace(out, bestFitUtf8InPlace(out, n));
}

/** Replace each valid multi-byte UTF-8 sequence in b[0..len) by its best-fit byte, in place; returns the new length. */
function bestFitUtf8InPlace(b: Uint8Array, len: number): number {
  let hasHigh = false;
  for (let i = 0; i < len; i++) {
    if (b[i]! >= 0x80) {
      hasHigh = true;
      break;
    }
  }
  if (!hasHigh) return len;
  let n = 0;
  for (let i = 0; i < len; ) {
    const c = b[i]!;
    let seq = 0;
    let cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      seq = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      seq = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      seq = 4;
      cp = c & 0x07;
    }
    let valid = seq > 0 && i + seq <= len;
    for (let k = 1; valid && k < seq; k++) {
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) valid = false;
      else cp = (cp << 6) | (cc & 0x3f);
    }
    if (valid && ((seq === 3 && cp < 0x800) || (seq === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))) {
      valid = false; // overlong or surrogate: not valid UTF-8, keep the raw bytes
    }
    if (valid) {
      b[n++] = bestFit(cp);
      i += seq;
    } else {
      b[n++] = c;
      i++;
    }
  }
  return n;
}

/** RFC 3986 5.2.4 remove_dot_segments, over bytes. */
export function removeDotSegments(input: Uint8Array): Uint8Array {
  const out = input.slice();
  return out.slice(0, dotSegmentsInPlace(out, out.length));
}

/**
 * remove_dot_segments over b[0..len), in place: every step consumes at least as many bytes as it emits, so the
 * output never overtakes the input still to be read. Returns the output length.
 */
function dotSegmentsInPlace(b: Uint8Array, len: number): number {
  let i = 0;
  let w = 0;
  while (i < len) {
    const c0 = b[i]!;
    const c1 = i + 1 < len ? b[i + 1]! : -1;
    const c2 = i + 2 < len ? b[i + 2]! : -1;
    // A. "../" or "./" prefix
    if (c0 === 0x2e && c1 === 0x2e && c2 === 0x2f) {
      i += 3;
    } else if (c0 === 0x2e && c1 === 0x2f) {
      i += 2;
      // B. "/./" or "/." at end
    } else if (c0 === 0x2f && c1 === 0x2e && c2 === 0x2f) {
      i += 2;
    } else if (c0 === 0x2f && c1 === 0x2e && i + 2 === len) {
      b[w++] = 0x2f;
      i += 2;
      // C. "/../" or "/.." at end
    } else if (c0 === 0x2f && c1 === 0x2e && c2 === 0x2e && i + 3 < len && b[i + 3] === 0x2f) {
      i += 3;
      w = popSegment(b, w);
    } else if (c0 === 0x2f && c1 === 0x2e && c2 === 0x2e && i + 3 === len) {
      i += 3;
      w = popSegment(b, w);
      b[w++] = 0x2f;
      // D. "." or ".." alone
    } else if ((c0 === 0x2e && i + 1 === len) || (c0 === 0x2e && c1 === 0x2e && i + 2 === len)) {
      i = len;
    } else {
      // E. move the first segment (with its leading "/") to the output
      if (c0 === 0x2f) {
        b[w++] = 0x2f;
        i++;
      }
      while (i < len && b[i] !== 0x2f) b[w++] = b[i++]!;
    }
  }
  return w;
}

/** Drop the last output segment and its leading "/"; returns the new output length. */
function popSegment(b: Uint8Array, w: number): number {
  while (w > 0 && b[w - 1] !== 0x2f) w--;
  return w > 0 ? w - 1 : 0;
}

/** URL-decode: `%XX` to its byte, invalid escapes kept, and `+` to space when `plusSpace`. */
export function urlDecode(b: Uint8Array, plusSpace: boolean): Uint8Array {
  const out = new Uint8Array(b.length);
  return out.subarray(0, urlDecodeInto(b, 0, b.length, plusSpace, out, 0));
}

/** urlDecode of src[start..end) written to out from `at`; returns the end of what was written. */
function urlDecodeInto(src: Uint8Array, start: number, end: number, plusSpace: boolean, out: Uint8Array, at: number): number {
  let n = at;
  for (let i = start; i < end; i++) {
    const c = src[i]!;
    if (c === 0x25 && i + 2 < end) {
      const h = hexValue(src[i + 1]!);
      const l = hexValue(src[i + 2]!);
      if (h >= 0 && l >= 0) {
        out[n++] = (h << 4) | l;
        i += 2;
        continue;
      }
    }
    out[n++] = plusSpace && c === 0x2b ? 0x20 : c;
  }
  return n;
}
