/**
 * Suricata's content inspection (DetectEngineContentInspection) over one buffer: the items of one list in order,
 * a cursor (the end of the previous match) that relative items start from, and backtracking: when something after
 * a content or pcre fails and a later item is relative to it, that content is tried again at its next occurrence.
 *
 * Return codes of the recursion follow Suricata's: 1 match, 0 no match (an earlier item may retry), -1 stop (no
 * retry can help, or the step budget is spent).
 */
import { ASCII_LOWER } from '../prefilter/index.js';
import {
  ByteOp,
  ContentFlag,
  ItemKind,
  NO_VAR,
  PCRE_MAX_INPUT,
  compareNumeric,
  type Base64DecodeItem,
  type BufferList,
  type ContentItem,
  type InspectionItem,
  type PcreItem,
  type TransformId,
} from '../rule/signature.js';
import { applyBitmask, extracted, low32, readNumber } from './byte-extraction.js';
import { enableRegexBacktrackGuard } from './regex-guard.js';
import { TransformScratch } from './transforms.js';

/** Suricata's inspection_recursion_limit default. */
export const INSPECTION_RECURSION_LIMIT = 3000;

const MATCH = 1;
const NO_MATCH = 0;
const STOP = -1;

const RELATIVE_CONTENT = ContentFlag.HasDistance | ContentFlag.HasWithin;

/** One buffer list prepared for inspection. */
export interface CompiledList {
  readonly bufferId: number;
  readonly transforms: readonly TransformId[];
  /** `bufferId` plus transforms, as one string: lists with equal keys inspect identical bytes. */
  readonly key: string;
  readonly items: readonly InspectionItem[];
  /** relNext[i] = 1 when item i+1 is relative to item i (content or pcre), which makes item i retry. */
  readonly relNext: Uint8Array;
  /** Some non-negated content or pcre: the list pins down where in the buffer it matched. */
  readonly anchorsMatch: boolean;
}

function isRelative(item: InspectionItem): boolean {
  switch (item.kind) {
    case ItemKind.Content:
      return (item.flags & RELATIVE_CONTENT) !== 0;
    case ItemKind.Pcre:
    case ItemKind.ByteTest:
    case ItemKind.ByteJump:
    case ItemKind.ByteExtract:
    case ItemKind.IsDataAt:
    case ItemKind.Base64Decode:
      return item.relative;
    default:
      return false;
  }
}

export function transformKey(bufferId: number, transforms: readonly TransformId[]): string {
  return transforms.length === 0 ? String(bufferId) : `${bufferId}:${transforms.join(',')}`;
}

export function compileList(list: BufferList): CompiledList {
  const n = list.items.length;
  const relNext = new Uint8Array(n);
  let anchorsMatch = false;
  for (let i = 0; i < n; i++) {
    const it = list.items[i]!;
    if (it.kind === ItemKind.Content && (it.flags & ContentFlag.Negated) === 0) anchorsMatch = true;
    if (it.kind === ItemKind.Pcre && !it.negated) anchorsMatch = true;
    if (i + 1 < n && (it.kind === ItemKind.Content || it.kind === ItemKind.Pcre) && isRelative(list.items[i + 1]!)) {
      relNext[i] = 1;
    }
  }
  return {
    bufferId: list.bufferId,
    transforms: list.transforms,
    key: transformKey(list.bufferId, list.transforms),
    items: list.items,
    relNext,
    anchorsMatch,
  };
}

const BASE64_VALUE = (() => {
  const t = new Int8Array(256).fill(-1);
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < a.length; i++) t[a.charCodeAt(i)] = i;
  return t;
})();

/**
 * Per-worker inspector with its scratch (byte_extract values, pcre string view, base64 output). Not reentrant
 * except through base64_data, which it handles itself.
 */
export class ContentInspector {
  limit = INSPECTION_RECURSION_LIMIT;
  /** byte_extract values of the signature under inspection. */
  vars = new Float64Array(16);
  /** Calls made in the current list inspection (Suricata's inspection_recursion_counter). */
  steps = 0;
  /** Lists of the current signature that read base64_decode output (base64_data), or null. */
  base64Lists: readonly CompiledList[] | null = null;

  private minHi = 0;
  private str = '';
  private strBytes: Uint8Array | null = null;
  private strBase = -1;
  private strLen = -1;
  private mStart = 0;
  private mEnd = 0;
  private b64 = new Uint8Array(1024);
  private b64Depth = 0;
  private readonly b64Transforms = new TransformScratch();

  constructor() {
    enableRegexBacktrackGuard();
  }

  /** Sizes `vars` for a signature; call before inspecting its lists. */
  prepareVars(count: number): void {
    if (this.vars.length < count) this.vars = new Float64Array(Math.max(count, this.vars.length * 2));
  }

  /**
   * Inspects one list over `bytes[start, end)`. With `newDataStart > start` (stream chunks with look-back), a
   * match counts only when its last matched byte lies at or after `newDataStart`.
   */
  inspect(list: CompiledList, bytes: Uint8Array, start: number, end: number, newDataStart = start): boolean {
    this.steps = 0;
    this.minHi = list.anchorsMatch ? newDataStart - start + 1 : 0;
    if (bytes !== this.strBytes || start !== this.strBase || end - start !== this.strLen) this.strBytes = null;
    return this.run(list, 0, bytes, start, end - start, 0, 0) === MATCH;
  }

  private run(list: CompiledList, i: number, buf: Uint8Array, base: number, len: number, cursor: number, hi: number): number {
    if (++this.steps > this.limit) return STOP;
    const items = list.items;
    const vars = this.vars;
    for (; i < items.length; i++) {
      const it = items[i]!;
      switch (it.kind) {
        case ItemKind.Content: {
          const r = this.content(list, i, it, buf, base, len, cursor, hi);
          if (r !== MATCH) return r;
          // MATCH here means "go on with the next item from this.mEnd", or the rest already matched
          if (this.mStart === -2) return MATCH;
          if (this.mStart >= 0) {
            cursor = this.mEnd;
            if (cursor > hi) hi = cursor;
          }
          break;
        }
        case ItemKind.Pcre: {
          const r = this.pcre(list, i, it, buf, base, len, cursor, hi);
          if (r !== MATCH) return r;
          if (this.mStart === -2) return MATCH;
          if (this.mStart >= 0) {
            cursor = this.mEnd;
            if (cursor > hi) hi = cursor;
          }
          break;
        }
        case ItemKind.ByteTest: {
          const off = it.offsetVar === NO_VAR ? it.offset : vars[it.offsetVar]!;
          let pos = it.relative ? cursor + off : off;
          if (pos < 0) pos = 0;
          const avail = len - pos;
          if (avail <= 0) return NO_MATCH;
          const n = it.nbytes === 0 ? avail : it.nbytes;
          if (n > avail || !readNumber(buf, base + pos, n, it.base, it.endian)) return NO_MATCH;
          const v = applyBitmask(extracted.value, it.bitmask);
          const want = it.valueVar === NO_VAR ? it.value : vars[it.valueVar]!;
          let ok: boolean;
          switch (it.op) {
            case ByteOp.Lt: ok = v < want; break;
            case ByteOp.Gt: ok = v > want; break;
            case ByteOp.Eq: ok = v === want; break;
            case ByteOp.Le: ok = v <= want; break;
            case ByteOp.Ge: ok = v >= want; break;
            case ByteOp.And: ok = (low32(v) & low32(want)) !== 0; break;
            default: ok = v !== want;
          }
          if (ok === it.negated) return NO_MATCH;
          if (pos + extracted.length > hi) hi = pos + extracted.length;
          break;
        }
        case ItemKind.ByteJump: {
          const off = it.offsetVar === NO_VAR ? it.offset : vars[it.offsetVar]!;
          let pos = it.relative ? cursor + off : off;
          if (pos < 0) pos = 0;
          const avail = len - pos;
          if (avail <= 0) return NO_MATCH;
          const n = it.nbytes === 0 ? avail : it.nbytes;
          if (n > avail || !readNumber(buf, base + pos, n, it.base, it.endian)) return NO_MATCH;
          let v = applyBitmask(extracted.value, it.bitmask) * it.multiplier;
          if (it.align && v % 4 !== 0) v += 4 - (v % 4);
          let j = it.fromBeginning ? v : it.fromEnd ? len + v : pos + extracted.length + v;
          j += it.postOffset;
          // Suricata clamps a jump before the buffer to its start and refuses one past the end
          if (j < 0) j = 0;
          else if (j > len) return NO_MATCH;
          cursor = j;
          if (pos + extracted.length > hi) hi = pos + extracted.length;
          break;
        }
        case ItemKind.ByteExtract: {
          let pos = it.relative ? cursor + it.offset : it.offset;
          if (pos < 0) pos = 0;
          const avail = len - pos;
          if (avail <= 0) return NO_MATCH;
          const n = it.nbytes === 0 ? avail : it.nbytes;
          if (n > avail || !readNumber(buf, base + pos, n, it.base, it.endian)) return NO_MATCH;
          let v = applyBitmask(extracted.value, it.bitmask) * it.multiplier;
          if (it.align !== 0 && v % it.align !== 0) v += it.align - (v % it.align);
          vars[it.varIndex] = v;
          cursor = pos + extracted.length;
          if (cursor > hi) hi = cursor;
          break;
        }
        case ItemKind.IsDataAt: {
          const n = it.valueVar === NO_VAR ? it.value : vars[it.valueVar]!;
          const there = it.relative ? cursor + n <= len : n < len;
          if (there === it.negated) return NO_MATCH;
          break;
        }
        case ItemKind.Bsize:
          if (!compareNumeric(it.cmp, len)) return NO_MATCH;
          break;
        case ItemKind.Base64Decode:
          return this.base64(it, buf, base, len, cursor) ? this.final(hi) : NO_MATCH;
        default:
          return NO_MATCH;
      }
    }
    return this.final(hi);
  }

  private final(hi: number): number {
    return hi >= this.minHi ? MATCH : NO_MATCH;
  }

  /**
   * One content item, with its retries. Returns MATCH with mStart >= 0 and mEnd set when the caller should go on
   * from mEnd; MATCH with mStart = -1 when a negated content passed (cursor unchanged); MATCH with mStart = -2 when
   * the rest of the list was inspected through recursion and matched.
   */
  private content(
    list: CompiledList,
    i: number,
    c: ContentItem,
    buf: Uint8Array,
    base: number,
    len: number,
    cursor: number,
    hi: number,
  ): number {
    const flags = c.flags;
    const negated = (flags & ContentFlag.Negated) !== 0;
    const relative = (flags & RELATIVE_CONTENT) !== 0;
    const plen = c.pattern.length;
    const vars = this.vars;
    let offset: number;
    let depth: number;
    if (relative) {
      const dist = c.distanceVar === NO_VAR ? c.distance : vars[c.distanceVar]!;
      offset = cursor;
      depth = len;
      if (flags & ContentFlag.HasDistance) {
        if (dist < 0 && -dist > offset) offset = 0;
        else offset += dist;
      }
      if (flags & ContentFlag.HasWithin) {
        const within = c.withinVar === NO_VAR ? c.within : vars[c.withinVar]!;
        const lim = cursor + within + dist;
        if (depth > lim) depth = lim;
      }
    } else {
      offset = flags & ContentFlag.HasOffset ? (c.offsetVar === NO_VAR ? c.offset : vars[c.offsetVar]!) : 0;
      depth = len;
      if (flags & ContentFlag.HasDepth) {
        // depth counts from offset, as Suricata stores it (depth += offset at setup)
        const d = (c.depthVar === NO_VAR ? c.depth : vars[c.depthVar]!) + offset;
        if (d < depth) depth = d;
      }
    }
    if (depth > len) depth = len;
    // in a look-back window any content may have to move on to a later occurrence that reaches new data
    const retry = list.relNext[i] === 1 || this.minHi > 0;
    let from = offset < 0 ? 0 : offset;
    for (;;) {
      let found = -1;
      if (!(from > depth || depth <= 0)) {
        if (flags & ContentFlag.EndsWith) {
          const at = len - plen;
          if (at >= from && at + plen <= depth && at >= 0 && equalAt(c, buf, base + at)) found = at;
        } else {
          found = find(c, buf, base, from, depth);
        }
      }
      if (found < 0) {
        if (negated) {
          this.mStart = -1;
          return MATCH;
        }
        return relative ? NO_MATCH : STOP;
      }
      if (negated) return relative ? NO_MATCH : STOP;
      const end = found + plen;
      if (!retry) {
        this.mStart = found;
        this.mEnd = end;
        return MATCH;
      }
      const r = this.run(list, i + 1, buf, base, len, end, end > hi ? end : hi);
      if (r === MATCH) {
        this.mStart = -2;
        return MATCH;
      }
      if (r === STOP) return STOP;
      from = found + 1;
    }
  }

  private pcre(
    list: CompiledList,
    i: number,
    p: PcreItem,
    buf: Uint8Array,
    base: number,
    len: number,
    cursor: number,
    hi: number,
  ): number {
    const startAt = p.relative ? cursor : 0;
    const retry = (list.relNext[i] === 1 || this.minHi > 0) && !p.negated;
    let from = startAt;
    for (;;) {
      const found = from <= len && this.execPcre(p, buf, base, len, from);
      if (p.negated) {
        if (found) return NO_MATCH;
        this.mStart = -1;
        return MATCH;
      }
      if (!found) return NO_MATCH;
      const s = this.mStart;
      const e = this.mEnd;
      if (!retry) return MATCH;
      const r = this.run(list, i + 1, buf, base, len, e, e > hi ? e : hi);
      if (r === MATCH) {
        this.mStart = -2;
        return MATCH;
      }
      // an anchored regex can only match where it started
      if (r === STOP || p.anchored) return r === STOP ? STOP : NO_MATCH;
      from = s + 1;
    }
  }

  /** Runs the regex from `from` (relative to the buffer); sets mStart/mEnd on a match. */
  private execPcre(p: PcreItem, buf: Uint8Array, base: number, len: number, from: number): boolean {
    const re = p.regex;
    let str: string;
    let shift = 0;
    if (p.backtrackRisk) {
      // no step limit in JS regexes: bound the input instead
      const to = Math.min(len, from + PCRE_MAX_INPUT);
      str = latin1(buf, base + from, base + to);
      shift = from;
      re.lastIndex = 0;
    } else {
      if (this.strBytes !== buf || this.strBase !== base || this.strLen !== len) {
        this.str = latin1(buf, base, base + len);
        this.strBytes = buf;
        this.strBase = base;
        this.strLen = len;
      }
      str = this.str;
      re.lastIndex = from;
    }
    const m = re.exec(str);
    if (m === null) return false;
    this.mStart = m.index + shift;
    this.mEnd = m.index + m[0].length + shift;
    return true;
  }

  /** base64_decode, then the base64_data lists over its output; both must hold for the list to match. */
  private base64(it: Base64DecodeItem, buf: Uint8Array, base: number, len: number, cursor: number): boolean {
    let pos = it.relative ? cursor + it.offset : it.offset;
    if (pos >= len) return false;
    if (pos < 0) pos = 0;
    const stop = it.bytes === 0 ? len : Math.min(len, pos + it.bytes);
    if (this.b64.length < stop - pos) this.b64 = new Uint8Array(stop - pos);
    const out = this.b64;
    let n = 0;
    let acc = 0;
    let bits = 0;
    for (let k = base + pos; k < base + stop; k++) {
      const v = BASE64_VALUE[buf[k]!]!;
      if (v < 0) {
        // whitespace is skipped, padding or anything else ends the data
        const b = buf[k]!;
        if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
        break;
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (acc >> bits) & 0xff;
      }
    }
    if (n === 0) return false;
    const lists = this.base64Lists;
    if (lists === null || lists.length === 0 || this.b64Depth > 0) return true;
    const saveSteps = this.steps;
    const saveMin = this.minHi;
    this.b64Depth++;
    let ok = true;
    for (const l of lists) {
      const v = this.b64Transforms.apply(l.transforms, { bytes: out, start: 0, end: n });
      this.strBytes = null;
      this.minHi = 0;
      this.steps = 0;
      if (this.run(l, 0, v.bytes, v.start, v.end - v.start, 0, 0) !== MATCH) {
        ok = false;
        break;
      }
    }
    this.b64Depth--;
    this.steps = saveSteps;
    this.minHi = saveMin;
    this.strBytes = null;
    return ok;
  }
}

function latin1(buf: Uint8Array, from: number, to: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('latin1');
}

function equalAt(c: ContentItem, buf: Uint8Array, at: number): boolean {
  const n = c.pattern.length;
  if (c.flags & ContentFlag.Nocase) {
    const p = c.patternLower;
    for (let k = 0; k < n; k++) if (ASCII_LOWER[buf[at + k]!] !== p[k]) return false;
  } else {
    const p = c.pattern;
    for (let k = 0; k < n; k++) if (buf[at + k] !== p[k]) return false;
  }
  return true;
}

/** First occurrence of the content starting in [from, to - len], relative to `base`; -1 if none. */
export function find(c: ContentItem, buf: Uint8Array, base: number, from: number, to: number): number {
  const n = c.pattern.length;
  const last = base + to - n;
  let at = base + from;
  if (at > last) return -1;
  if (c.flags & ContentFlag.Nocase) {
    const p = c.patternLower;
    const p0 = p[0]!;
    for (; at <= last; at++) {
      if (ASCII_LOWER[buf[at]!] !== p0) continue;
      let k = 1;
      while (k < n && ASCII_LOWER[buf[at + k]!] === p[k]) k++;
      if (k === n) return at - base;
    }
    return -1;
  }
  const p = c.pattern;
  const p0 = p[0]!;
  for (;;) {
    at = buf.indexOf(p0, at);
    if (at < 0 || at > last) return -1;
    let k = 1;
    while (k < n && buf[at + k] === p[k]) k++;
    if (k === n) return at - base;
    at++;
  }
}
