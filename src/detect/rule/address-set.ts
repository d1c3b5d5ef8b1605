/**
 * Rule header addresses compiled to a matcher: IPv4 as sorted non-overlapping [lo, hi] uint32 pairs, IPv6 as
 * [lo, hi] 128-bit bounds stored as 4 big-endian uint32 words each. Negation and variables are resolved at load
 * time; matching is a binary search over typed arrays and allocates nothing.
 */
import { syntaxError } from './rule-error.js';
import { parseIpv4, parseIpv6 } from './ip-address.js';
import {
  evaluateSetExpr,
  normalizeRanges,
  parseSetExpr,
  subtractRanges,
  type RangeList,
  type SetDomain,
  type SetExpr,
} from './set-expression.js';

const V4_MAX = 0xffffffffn;
const V6_MAX = (1n << 128n) - 1n;

export interface IpSet {
  readonly v4: RangeList;
  readonly v6: RangeList;
}

export class AddressMatcher {
  readonly any: boolean;
  /** Pairs lo, hi (inclusive). */
  readonly v4: Uint32Array;
  /** Eight words per range: lo[0..3], hi[0..3], most significant first. */
  readonly v6: Uint32Array;
  readonly text: string;

  constructor(set: IpSet, text: string) {
    this.text = text;
    const v4 = normalizeRanges(set.v4);
    const v6 = normalizeRanges(set.v6);
    this.any =
      v4.length === 1 && v4[0]![0] === 0n && v4[0]![1] === V4_MAX &&
      v6.length === 1 && v6[0]![0] === 0n && v6[0]![1] === V6_MAX;
    this.v4 = new Uint32Array(v4.length * 2);
    v4.forEach(([lo, hi], i) => {
      this.v4[i * 2] = Number(lo);
      this.v4[i * 2 + 1] = Number(hi);
    });
    this.v6 = new Uint32Array(v6.length * 8);
    v6.forEach(([lo, hi], i) => {
      for (let w = 0; w < 4; w++) {
        const shift = BigInt(96 - 32 * w);
        this.v6[i * 8 + w] = Number((lo >> shift) & 0xffffffffn);
        this.v6[i * 8 + 4 + w] = Number((hi >> shift) & 0xffffffffn);
      }
    });
  }

  /** `ip` is the address as an unsigned 32-bit number (`>>> 0` of a DataView read works). */
  matchV4(ip: number): boolean {
    if (this.any) return true;
    const r = this.v4;
    let lo = 0;
    let hi = (r.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ip < r[mid * 2]!) hi = mid - 1;
      else if (ip > r[mid * 2 + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** IPv6 address as 16 bytes at `off` in `bytes` (e.g. straight from the packet). */
  matchV6Bytes(bytes: Uint8Array, off: number): boolean {
    if (this.any) return true;
    const w0 = ((bytes[off]! << 24) | (bytes[off + 1]! << 16) | (bytes[off + 2]! << 8) | bytes[off + 3]!) >>> 0;
    const w1 = ((bytes[off + 4]! << 24) | (bytes[off + 5]! << 16) | (bytes[off + 6]! << 8) | bytes[off + 7]!) >>> 0;
    const w2 = ((bytes[off + 8]! << 24) | (bytes[off + 9]! << 16) | (bytes[off + 10]! << 8) | bytes[off + 11]!) >>> 0;
    const w3 =
      ((bytes[off + 12]! << 24) | (bytes[off + 13]! << 16) | (bytes[off + 14]! << 8) | bytes[off + 15]!) >>> 0;
    return this.matchV6Words(w0, w1, w2, w3);
  }

  matchV6Words(w0: number, w1: number, w2: number, w3: number): boolean {
    if (this.any) return true;
    const r = this.v6;
    let lo = 0;
    let hi = (r.length >> 3) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = mid * 8;
      if (cmp128(w0, w1, w2, w3, r, b) < 0) hi = mid - 1;
      else if (cmp128(w0, w1, w2, w3, r, b + 4) > 0) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

function cmp128(w0: number, w1: number, w2: number, w3: number, r: Uint32Array, b: number): number {
  if (w0 !== r[b]) return w0 < r[b]! ? -1 : 1;
  if (w1 !== r[b + 1]) return w1 < r[b + 1]! ? -1 : 1;
  if (w2 !== r[b + 2]) return w2 < r[b + 2]! ? -1 : 1;
  if (w3 !== r[b + 3]) return w3 < r[b + 3]! ? -1 : 1;
  return 0;
}

function fail(text: string, msg: string): never {
  throw syntaxError('invalid address', undefined, `${msg}: "${text}"`);
}

function prefixRange(base: bigint, bits: number, prefix: number): [bigint, bigint] {
  const hostBits = BigInt(bits - prefix);
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << hostBits) - 1n);
  const lo = base & mask;
  return [lo, lo | ((1n << hostBits) - 1n)];
}

/** One address atom: a host, CIDR, dotted netmask, or `a-b` range; IPv4 or IPv6. */
export function parseAddressAtom(text: string): IpSet {
  if (text === 'any') return { v4: [[0n, V4_MAX]], v6: [[0n, V6_MAX]] };
  const slash = text.indexOf('/');
  const addrText = slash >= 0 ? text.slice(0, slash) : text;
  const maskText = slash >= 0 ? text.slice(slash + 1) : '';
  const dash = addrText.indexOf('-');
  if (dash > 0 && slash < 0) {
    const a = parseAddressAtom(addrText.slice(0, dash));
    const b = parseAddressAtom(addrText.slice(dash + 1));
    if (a.v4.length && b.v4.length) {
      const lo = a.v4[0]![0];
      const hi = b.v4[0]![1];
      if (lo > hi) fail(text, 'range start after end');
      return { v4: [[lo, hi]], v6: [] };
    }
    if (a.v6.length && b.v6.length) {
      const lo = a.v6[0]![0];
      const hi = b.v6[0]![1];
      if (lo > hi) fail(text, 'range start after end');
      return { v4: [], v6: [[lo, hi]] };
    }
    fail(text, 'range mixes address families');
  }
  const v4 = parseIpv4(addrText);
  if (v4 >= 0) {
    let prefix = 32;
    if (slash >= 0) {
      if (/^\d{1,2}$/.test(maskText)) prefix = Number(maskText);
      else {
        const m = parseIpv4(maskText);
        if (m < 0) fail(text, 'bad netmask');
        prefix = 32 - Math.log2(2 ** 32 - m);
        if (!Number.isInteger(prefix)) fail(text, 'non-contiguous netmask');
      }
      if (prefix > 32) fail(text, 'prefix longer than 32');
    }
    return { v4: [prefixRange(BigInt(v4), 32, prefix)], v6: [] };
  }
  const v6 = parseIpv6(addrText);
  if (v6 !== null) {
    let prefix = 128;
    if (slash >= 0) {
      if (!/^\d{1,3}$/.test(maskText) || Number(maskText) > 128) fail(text, 'bad IPv6 prefix');
      prefix = Number(maskText);
    }
    return { v4: [], v6: [prefixRange(v6, 128, prefix)] };
  }
  return fail(text, 'not an IP address');
}

export type VarLookup = (name: string) => string | undefined;

function addressDomain(lookup: VarLookup): SetDomain<IpSet> {
  return {
    what: 'address',
    all: () => ({ v4: [[0n, V4_MAX]], v6: [[0n, V6_MAX]] }),
    empty: () => ({ v4: [], v6: [] }),
    atom: parseAddressAtom,
    union: (a, b) => ({ v4: normalizeRanges([...a.v4, ...b.v4]), v6: normalizeRanges([...a.v6, ...b.v6]) }),
    subtract: (a, b) => ({ v4: subtractRanges(a.v4, b.v4, V4_MAX), v6: subtractRanges(a.v6, b.v6, V6_MAX) }),
    resolveVar(name: string): SetExpr {
      const v = lookup(name);
      if (v === undefined) throw syntaxError('unknown address variable', undefined, `$${name}`);
      return parseSetExpr(v, 'address');
    },
  };
}

/** Parse and evaluate an address field; throws RuleParseError on bad syntax, unknown vars or an empty set. */
export function parseAddressSet(text: string, lookup: VarLookup): IpSet {
  const set = evaluateSetExpr(parseSetExpr(text, 'address'), addressDomain(lookup));
  if (set.v4.length === 0 && set.v6.length === 0) {
    throw syntaxError('invalid address', undefined, `"${text}" matches no address`);
  }
  return set;
}

export function compileAddress(text: string, lookup: VarLookup): AddressMatcher {
  return new AddressMatcher(parseAddressSet(text, lookup), text);
}
