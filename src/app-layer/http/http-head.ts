import { concatBytes, isSpaceOrTab, latin1 } from '../bytes.js';
import { headerKey } from './header-key.js';

const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;
const COMMA_SPACE = new Uint8Array([0x2c, 0x20]);
const SPACE = new Uint8Array([0x20]);

/** One header after folding is undone and repeats are combined, the way libhtp's header table holds them. */
export interface HttpHeader {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
  /** Lowercased name, for lookups. */
  readonly key: string;
}

/**
 * A parsed message head: the start line and the header table. `bytes` is owned by the transaction; names and
 * values are views into it unless folding or repetition forced a new value.
 */
export class HttpHead {
  readonly bytes: Uint8Array;
  /** End of the start line's content (before CRLF). */
  readonly startLineEnd: number;
  /** First byte after the start line's LF: where the raw header block begins. */
  readonly headersStart: number;
  readonly headers: HttpHeader[] = [];
  /** Anomalies found while splitting the head; the caller maps them to direction-specific event names. */
  missingColon = false;
  invalidFolding = false;
  repetition = false;
  duplicateContentLength = false;
  private readonly index = new Map<string, number>();

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    const firstLf = bytes.indexOf(LF);
    const lineEnd = firstLf === -1 ? bytes.length : firstLf;
    this.startLineEnd = lineEnd > 0 && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    this.headersStart = firstLf === -1 ? bytes.length : firstLf + 1;
    this.parseHeaders();
  }

  get(key: string): HttpHeader | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.headers[i];
  }

  value(key: string): Uint8Array | null {
    return this.get(key)?.value ?? null;
  }

  private parseHeaders(): void {
    const b = this.bytes;
    let pos = this.headersStart;
    // A header is committed only when the next line shows it is not folded, so folding can extend it first.
    let pendName: Uint8Array | null = null;
    let pendParts: Uint8Array[] = [];
    while (pos < b.length) {
      const lf = b.indexOf(LF, pos);
      const next = lf === -1 ? b.length : lf + 1;
      let end = lf === -1 ? b.length : lf;
      if (end > pos && b[end - 1] === CR) end--;
      if (end === pos) break; // the blank line ending the head
      if (isSpaceOrTab(b[pos]!)) {
        const vs = trimStart(b, pos, end);
        const ve = trimEnd(b, vs, end);
        if (pendName !== null) {
          // RFC 7230 3.2.4: a recipient may replace obs-fold with SP before interpreting the value.
          if (ve > vs) pendParts.push(SPACE, b.subarray(vs, ve));
        } else {
          this.invalidFolding = true;
        }
        pos = next;
        continue;
      }
      if (pendName !== null) this.commit(pendName, pendParts);
      const colon = indexIn(b, COLON, pos, end);
      if (colon === -1) {
        this.missingColon = true;
        pendName = b.subarray(pos, end);
        pendParts = [];
      } else {
        pendName = b.subarray(pos, trimEnd(b, pos, colon));
        const vs = trimStart(b, colon + 1, end);
        pendParts = [b.subarray(vs, trimEnd(b, vs, end))];
      }
      pos = next;
    }
    if (pendName !== null) this.commit(pendName, pendParts);
  }

  private commit(name: Uint8Array, parts: Uint8Array[]): void {
    const value = parts.length === 1 ? parts[0]! : concatBytes(parts);
    const key = headerKey(name);
    const existing = this.index.get(key);
    if (existing === undefined) {
      this.index.set(key, this.headers.length);
      this.headers.push({ name, value, key });
      return;
    }
    // libhtp keeps one entry per name and joins repeated values with ", ".
    this.repetition = true;
    if (key === 'content-length') this.duplicateContentLength = true;
    const prev = this.headers[existing]!;
    this.headers[existing] = { name: prev.name, value: concatBytes([prev.value, COMMA_SPACE, value]), key };
  }
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
