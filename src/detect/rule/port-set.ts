/**
 * Rule header ports compiled to sorted [lo, hi] pairs. A 64 KiB bitmap per rule would cost gigabytes over
 * 20k rules; a handful of ranges with a binary search is as fast for the lists rules actually use, and matchers
 * are shared between rules with the same text anyway.
 */
import { syntaxError } from './rule-error.js';
import {
  evaluateSetExpr,
  normalizeRanges,
  parseSetExpr,
  subtractRanges,
  type RangeList,
  type SetDomain,
  type SetExpr,
} from './set-expression.js';
import type { VarLookup } from './address-set.js';

const PORT_MAX = 65535n;

export class PortMatcher {
  readonly any: boolean;
  readonly ranges: Uint32Array;
  readonly text: string;

  constructor(ranges: RangeList, text: string) {
    const norm = normalizeRanges(ranges);
    this.text = text;
    this.any = norm.length === 1 && norm[0]![0] === 0n && norm[0]![1] === PORT_MAX;
    this.ranges = new Uint32Array(norm.length * 2);
    norm.forEach(([lo, hi], i) => {
      this.ranges[i * 2] = Number(lo);
      this.ranges[i * 2 + 1] = Number(hi);
    });
  }

  match(port: number): boolean {
    if (this.any) return true;
    const r = this.ranges;
    let lo = 0;
    let hi = (r.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (port < r[mid * 2]!) hi = mid - 1;
      else if (port > r[mid * 2 + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

function portNumber(text: string, whole: string): bigint {
  if (!/^\d{1,5}$/.test(text)) throw syntaxError('invalid port', undefined, `"${whole}"`);
  const n = Number(text);
  if (n > 65535) throw syntaxError('invalid port', undefined, `${whole} is above 65535`);
  return BigInt(n);
}

export function parsePortAtom(text: string): RangeList {
  if (text === 'any') return [[0n, PORT_MAX]];
  const colon = text.indexOf(':');
  if (colon < 0) {
    const p = portNumber(text, text);
    return [[p, p]];
  }
  const a = text.slice(0, colon).trim();
  const b = text.slice(colon + 1).trim();
  const lo = a === '' ? 0n : portNumber(a, text);
  const hi = b === '' ? PORT_MAX : portNumber(b, text);
  if (lo > hi) throw syntaxError('invalid port', undefined, `range ${text} starts after it ends`);
  return [[lo, hi]];
}

function portDomain(lookup: VarLookup): SetDomain<RangeList> {
  return {
    what: 'port',
    all: () => [[0n, PORT_MAX]],
    empty: () => [],
    atom: parsePortAtom,
    union: (a, b) => normalizeRanges([...a, ...b]),
    subtract: (a, b) => subtractRanges(a, b, PORT_MAX),
    resolveVar(name: string): SetExpr {
      const v = lookup(name);
      if (v === undefined) throw syntaxError('unknown port variable', undefined, `$${name}`);
      return parseSetExpr(v, 'port');
    },
  };
}

export function parsePortSet(text: string, lookup: VarLookup): RangeList {
  const set = evaluateSetExpr(parseSetExpr(text, 'port'), portDomain(lookup));
  if (set.length === 0) throw syntaxError('invalid port', undefined, `"${text}" matches no port`);
  return set;
}

export function compilePorts(text: string, lookup: VarLookup): PortMatcher {
  return new PortMatcher(parsePortSet(text, lookup), text);
}
