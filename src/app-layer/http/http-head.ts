import { concatBytes, isSpaceOrTab, latin1, lowerAscii, viewOf } from '../bytes.js';
import { headerKey } from './header-key.js';

const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const COMMA_SPACE = new Uint8Array([0x2c, 0x20]);
const SPACE = new Uint8Array([0x20]);
const CONTENT_LENGTH = 'content-length';

/** Numbers per header in the offset table: name start, name end, value start, value end. */
const STRIDE = 4;
/**
 * Up to this many distinct names, lookups compare bytes in place (a typical head has a handful); beyond it a Map
 * index is built, so a hostile head with thousands of headers cannot make parsing quadratic.
 */
const LINEAR_LOOKUP_MAX = 16;

/** One header after folding is undone and repeats are combined, the way libhtp's header table holds them. */
export interface HttpHeader {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
  /** Lowercased name, for lookups. */
  readonly key: string;
}

/**
 * A parsed message head: the start line and the header table. `bytes` is owned by the transaction. The table is
 * kept as offsets into `bytes` rather than an object per header, because most heads are never looked at beyond a
 * few lookups; views and strings are made only when a buffer or EVE field asks for them. Values that folding or
 * repetition rebuilt are the exception and are held as their own arrays.
 */
export class HttpHead implements StartLineFields {
  readonly bytes: Uint8Array;
  /** End of the start line's content (before CRLF). */
  readonly startLineEnd: number;
  /** First byte after the start line's LF: where the raw header block begins. */
  readonly headersStart: number;
  // The start line's three fields (method, target, protocol; or protocol, status, reason), as splitStartLine
  // finds them; an empty field is -1/-1.
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
  readonly cStart: number;
  readonly cEnd: number;
  /** Anomalies found while splitting the head; the caller maps them to direction-specific event names. */
  missingColon = false;
  invalidFolding = false;
  repetition = false;
  duplicateContentLength = false;
  private readonly table: number[] = [];
  /** Values that are not a plain range of `bytes` (unfolded, or repeats joined), by header index. */
  private rebuilt: Array<Uint8Array | undefined> | null = null;
  private keys: Map<string, number> | null = null;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    const firstLf = bytes.indexOf(LF);
    const lineEnd = firstLf === -1 ? bytes.length : firstLf;
    this.startLineEnd = lineEnd > 0 && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    this.headersStart = firstLf === -1 ? bytes.length : firstLf + 1;
    const f = splitStartLine(bytes, 0, this.startLineEnd);
    const a = f.aStart < f.aEnd;
    const b = f.bStart < f.bEnd;
    const c = f.cStart < f.cEnd;
    this.aStart = a ? f.aStart : -1;
    this.aEnd = a ? f.aEnd : -1;
    this.bStart = b ? f.bStart : -1;
    this.bEnd = b ? f.bEnd : -1;
    this.cStart = c ? f.cStart : -1;
    this.cEnd = c ? f.cEnd : -1;
    this.parseHeaders();
  }

  /** Number of entries in the header table (repeats count once). */
  get headerCount(): number {
    return this.table.length / STRIDE;
  }

  /** Table index of the header whose lowercased name is `key`, or -1. */
  indexOf(key: string): number {
    if (this.keys !== null) return this.keys.get(key) ?? -1;
    const t = this.table;
    const b = this.bytes;
    const n = key.length;
    for (let i = 0; i < t.length; i += STRIDE) {
      const s = t[i]!;
      if (t[i + 1]! - s !== n) continue;
      let j = 0;
      while (j < n && lowerAscii(b[s + j]!) === key.charCodeAt(j)) j++;
      if (j === n) return i / STRIDE;
    }
    return -1;
  }

  value(key: string): Uint8Array | null {
    const i = this.indexOf(key);
    return i === -1 ? null : this.valueAt(i);
  }

  nameAt(i: number): Uint8Array {
    return viewOf(this.bytes, this.table[i * STRIDE]!, this.table[i * STRIDE + 1]!);
  }

  valueAt(i: number): Uint8Array {
    return this.rebuilt?.[i] ?? viewOf(this.bytes, this.table[i * STRIDE + 2]!, this.table[i * STRIDE + 3]!);
  }

  nameLength(i: number): number {
    return this.table[i * STRIDE + 1]! - this.table[i * STRIDE]!;
  }

  valueLength(i: number): number {
    const r = this.rebuilt?.[i];
    return r !== undefined ? r.length : this.table[i * STRIDE + 3]! - this.table[i * STRIDE + 2]!;
  }

  /** Copy header i's name into out at `at` (room is the caller's); returns the position after it. */
  writeName(i: number, out: Uint8Array, at: number): number {
    return copyRange(this.bytes, this.table[i * STRIDE]!, this.table[i * STRIDE + 1]!, out, at);
  }

  /** Copy header i's value into out at `at` (room is the caller's); returns the position after it. */
  writeValue(i: number, out: Uint8Array, at: number): number {
    const r = this.rebuilt?.[i];
    if (r !== undefined) return copyRange(r, 0, r.length, out, at);
    return copyRange(this.bytes, this.table[i * STRIDE + 2]!, this.table[i * STRIDE + 3]!, out, at);
  }

  /** Is the name of header i `key` (lowercase) ignoring ASCII case? */
  nameIs(i: number, key: string): boolean {
    const s = this.table[i * STRIDE]!;
    const n = key.length;
    if (this.table[i * STRIDE + 1]! - s !== n) return false;
    const b = this.bytes;
    for (let j = 0; j < n; j++) if (lowerAscii(b[s + j]!) !== key.charCodeAt(j)) return false;
    return true;
  }

  /** The table as objects: for callers that want to walk it; the parser's own paths use the indexed accessors. */
  get headers(): HttpHeader[] {
    const out: HttpHeader[] = [];
    for (let i = 0; i < this.headerCount; i++) {
      const name = this.nameAt(i);
      out.push({ name, value: this.valueAt(i), key: headerKey(name) });
    }
    return out;
  }

  private parseHeaders(): void {
    const b = this.bytes;
    const n = b.length;
    let pos = this.headersStart;
    // A header is committed only when the next line shows it is not folded, so folding can extend it first.
    let ns = -1;
    let ne = -1;
    let vs = -1;
    let ve = -1;
    let folded: Uint8Array[] | null = null;
    while (pos < n) {
      const lf = b.indexOf(LF, pos);
      const next = lf === -1 ? n : lf + 1;
      let end = lf === -1 ? n : lf;
      if (end > pos && b[end - 1] === CR) end--;
      if (end === pos) break; // the blank line ending the head
      if (isSpaceOrTab(b[pos]!)) {
        const s = trimStart(b, pos, end);
        const e = trimEnd(b, s, end);
        if (ns !== -1) {
          // RFC 7230 3.2.4: a recipient may replace obs-fold with SP before interpreting the value.
          if (e > s) {
            folded ??= [b.subarray(vs, ve)];
            folded.push(SPACE, b.subarray(s, e));
          }
        } else {
          this.invalidFolding = true;
        }
        pos = next;
        continue;
      }
      if (ns !== -1) this.commit(ns, ne, vs, ve, folded);
      folded = null;
      const colon = indexIn(b, COLON, pos, end);
      ns = pos;
      if (colon === -1) {
        // The whole line is the name and the value is empty.
        this.missingColon = true;
        ne = end;
        vs = end;
        ve = end;
      } else {
        ne = trimEnd(b, pos, colon);
        vs = trimStart(b, colon + 1, end);
        ve = trimEnd(b, vs, end);
      }
      pos = next;
    }
    if (ns !== -1) this.commit(ns, ne, vs, ve, folded);
  }

  private commit(ns: number, ne: number, vs: number, ve: number, folded: Uint8Array[] | null): void {
    const existing = this.indexOfName(ns, ne);
    if (existing === -1) {
      const i = this.headerCount;
      this.table.push(ns, ne, vs, ve);
      if (folded !== null) this.setRebuilt(i, concatBytes(folded));
      if (this.keys !== null) this.keys.set(headerKey(this.nameAt(i)), i);
      else if (i + 1 > LINEAR_LOOKUP_MAX) this.buildKeyIndex();
      return;
    }
    // libhtp keeps one entry per name (the first one's spelling) and joins repeated values with ", ".
    this.repetition = true;
    if (this.nameIs(existing, CONTENT_LENGTH)) this.duplicateContentLength = true;
    const value = folded !== null ? concatBytes(folded) : this.bytes.subarray(vs, ve);
    this.setRebuilt(existing, concatBytes([this.valueAt(existing), COMMA_SPACE, value]));
  }

  private indexOfName(ns: number, ne: number): number {
    if (this.keys !== null) return this.keys.get(headerKey(this.bytes.subarray(ns, ne))) ?? -1;
    const t = this.table;
    const b = this.bytes;
    const n = ne - ns;
    for (let i = 0; i < t.length; i += STRIDE) {
      const s = t[i]!;
      if (t[i + 1]! - s !== n) continue;
      let j = 0;
      while (j < n && lowerAscii(b[s + j]!) === lowerAscii(b[ns + j]!)) j++;
      if (j === n) return i / STRIDE;
    }
    return -1;
  }

  private buildKeyIndex(): void {
    const keys = new Map<string, number>();
    for (let i = 0; i < this.headerCount; i++) keys.set(headerKey(this.nameAt(i)), i);
    this.keys = keys;
  }

  private setRebuilt(i: number, value: Uint8Array): void {
    (this.rebuilt ??= [])[i] = value;
  }
}

function copyRange(src: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  // Names and values are short: a loop beats creating a view for set().
  for (let i = start; i < end; i++) out[at++] = src[i]!;
  return at;
}

function indexIn(b: Uint8Array, value: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (b[i] === value) return i;
  return -1;
}

function trimStart(b: Uint8Array, start: number, end: number): number {
  while (start < end && isSpaceOrTab(b[start]!)) start++;
  return start;
}

function trimEnd(b: Uint8Array, start: number, end: number): number {
  while (end > start && isSpaceOrTab(b[end - 1]!)) end--;
  return end;
}

/** Start-line tokens: three whitespace-separated fields, the last one being "the rest of the line". */
export interface StartLineFields {
  readonly aStart: number;
  readonly aEnd: number;
  readonly bStart: number;
  readonly bEnd: number;
  readonly cStart: number;
  readonly cEnd: number;
}

/** Split bytes[start..end) into first token, second token, and the trimmed rest (any may be empty). */
export function splitStartLine(b: Uint8Array, start: number, end: number): StartLineFields {
  let i = start;
  while (i < end && isSpaceOrTab(b[i]!)) i++;
  const aStart = i;
  while (i < end && !isSpaceOrTab(b[i]!)) i++;
  const aEnd = i;
  while (i < end && isSpaceOrTab(b[i]!)) i++;
  const bStart = i;
  while (i < end && !isSpaceOrTab(b[i]!)) i++;
  const bEnd = i;
  while (i < end && isSpaceOrTab(b[i]!)) i++;
  const cStart = i;
  const cEnd = trimEnd(b, cStart, end);
  return { aStart, aEnd, bStart, bEnd, cStart, cEnd };
}

/** Header value as a trimmed lowercase string, for framing decisions (Transfer-Encoding, Content-Encoding). */
export function lowerValue(v: Uint8Array | null): string {
  return v === null ? '' : latin1(v).toLowerCase().trim();
}
