import { hexValue, lowerAscii } from '../bytes.js';

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
  const path = parts.pathStart < 0 ? new Uint8Array(0) : normalizePath(raw.subarray(parts.pathStart, parts.pathEnd));
  // Suricata leaves + in the query as it is (libhtp query-plusspace-decode is off by default): the differential
  // test against Suricata 7 fires "union\\+select" in http.uri only then.
  const query = parts.queryStart < 0 ? null : urlDecode(raw.subarray(parts.queryStart, parts.queryEnd), false);
  const fragment = parts.fragmentStart < 0 ? null : urlDecode(raw.subarray(parts.fragmentStart, raw.length), false);
  const total = path.length + (query === null ? 0 : query.length + 1) + (fragment === null ? 0 : fragment.length + 1);
  const out = new Uint8Array(total);
  out.set(path, 0);
  let at = path.length;
  if (query !== null) {
    out[at++] = 0x3f;
    out.set(query, at);
    at += query.length;
  }
  if (fragment !== null) {
    out[at++] = 0x23;
    out.set(fragment, at);
  }
  return out;
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
  const decoded = new Uint8Array(path.length);
  let n = 0;
  const emit = (c: number): void => {
    if (c === 0x5c) c = 0x2f;
    if (c === 0x2f && n > 0 && decoded[n - 1] === 0x2f) return;
    decoded[n++] = c;
  };
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === 0x25) {
      if (i + 2 < path.length) {
        const h = hexValue(path[i + 1]!);
        const l = hexValue(path[i + 2]!);
        if (h >= 0 && l >= 0) {
          emit((h << 4) | l);
          i += 2;
          continue;
        }
      }
      if (i + 5 < path.length && (path[i + 1] === 0x75 || path[i + 1] === 0x55)) {
        const d1 = hexValue(path[i + 2]!);
        const d2 = hexValue(path[i + 3]!);
        const d3 = hexValue(path[i + 4]!);
        const d4 = hexValue(path[i + 5]!);
        if (d1 >= 0 && d2 >= 0 && d3 >= 0 && d4 >= 0) {
          emit(bestFit((d1 << 12) | (d2 << 8) | (d3 << 4) | d4));
          i += 5;
          continue;
        }
      }
      emit(c);
      continue;
    }
    emit(c);
  }
  const utf8 = bestFitUtf8(decoded.subarray(0, n));
  return removeDotSegments(utf8);
}

/** Replace each valid multi-byte UTF-8 sequence by its best-fit byte; invalid bytes pass through. */
function bestFitUtf8(b: Uint8Array): Uint8Array {
  let hasHigh = false;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! >= 0x80) {
      hasHigh = true;
      break;
    }
  }
  if (!hasHigh) return b;
  const out = new Uint8Array(b.length);
  let n = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let len = 0;
    let cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07;
    }
    let valid = len > 0 && i + len <= b.length;
    for (let k = 1; valid && k < len; k++) {
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) valid = false;
      else cp = (cp << 6) | (cc & 0x3f);
    }
    if (valid && ((len === 3 && cp < 0x800) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))) {
      valid = false; // overlong or surrogate: not valid UTF-8, keep the raw bytes
    }
    if (valid) {
      out[n++] = bestFit(cp);
      i += len;
    } else {
      out[n++] = c;
      i++;
    }
  }
  return out.subarray(0, n);
}

/** RFC 3986 5.2.4 remove_dot_segments, over bytes. */
export function removeDotSegments(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  const len = input.length;
  const at = (k: number): number => (k < len ? input[k]! : -1);
  const popSegment = (): void => {
    while (out.length > 0 && out[out.length - 1] !== 0x2f) out.pop();
    if (out.length > 0) out.pop();
  };
  while (i < len) {
    // A. "../" or "./" prefix
    if (at(i) === 0x2e && at(i + 1) === 0x2e && at(i + 2) === 0x2f) {
      i += 3;
    } else if (at(i) === 0x2e && at(i + 1) === 0x2f) {
      i += 2;
      // B. "/./" or "/." at end
    } else if (at(i) === 0x2f && at(i + 1) === 0x2e && at(i + 2) === 0x2f) {
      i += 2;
    } else if (at(i) === 0x2f && at(i + 1) === 0x2e && i + 2 === len) {
      out.push(0x2f);
      i += 2;
      // C. "/../" or "/.." at end
    } else if (at(i) === 0x2f && at(i + 1) === 0x2e && at(i + 2) === 0x2e && at(i + 3) === 0x2f) {
      i += 3;
      popSegment();
    } else if (at(i) === 0x2f && at(i + 1) === 0x2e && at(i + 2) === 0x2e && i + 3 === len) {
      i += 3;
      popSegment();
      out.push(0x2f);
      // D. "." or ".." alone
    } else if ((at(i) === 0x2e && i + 1 === len) || (at(i) === 0x2e && at(i + 1) === 0x2e && i + 2 === len)) {
      i = len;
    } else {
      // E. move the first segment (with its leading "/") to the output
      if (at(i) === 0x2f) {
        out.push(0x2f);
        i++;
      }
      while (i < len && input[i] !== 0x2f) out.push(input[i++]!);
    }
  }
  return Uint8Array.from(out);
}

/** URL-decode: `%XX` to its byte, invalid escapes kept, and `+` to space when `plusSpace`. */
export function urlDecode(b: Uint8Array, plusSpace: boolean): Uint8Array {
  const out = new Uint8Array(b.length);
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x25 && i + 2 < b.length) {
      const h = hexValue(b[i + 1]!);
      const l = hexValue(b[i + 2]!);
      if (h >= 0 && l >= 0) {
        out[n++] = (h << 4) | l;
        i += 2;
        continue;
      }
    }
    out[n++] = plusSpace && c === 0x2b ? 0x20 : c;
  }
  return out.subarray(0, n);
}
