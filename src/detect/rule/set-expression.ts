/**
 * The list syntax shared by addresses and ports: `any`, atoms, `$VARS`, `!` negation and nested `[a,[b,!c]]`.
 * Parsed into a tiny tree first so address and port code only differ in how atoms become ranges.
 */
import { syntaxError } from './rule-error.js';

export type SetExpr =
  | { readonly type: 'atom'; readonly text: string }
  | { readonly type: 'var'; readonly name: string }
  | { readonly type: 'neg'; readonly inner: SetExpr }
  | { readonly type: 'list'; readonly items: readonly SetExpr[] };

/** A closed range set over [0, max], kept sorted and non-overlapping. bigint so IPv6 fits; load time only. */
export type RangeList = Array<[bigint, bigint]>;

export function parseSetExpr(text: string, what: string): SetExpr {
  const s = text.trim();
  let pos = 0;

  function fail(msg: string): never {
    throw syntaxError(`invalid ${what}`, undefined, `${msg} in "${text}"`);
  }

  function skipSpace(): void {
    while (pos < s.length && (s[pos] === ' ' || s[pos] === '\t')) pos++;
  }

  function parseItem(): SetExpr {
    skipSpace();
    if (pos >= s.length) fail('unexpected end');
    const c = s[pos];
    if (c === '!') {
      pos++;
      return { type: 'neg', inner: parseItem() };
    }
    if (c === '[') {
      pos++;
      const items = parseItems(']');
      if (s[pos] !== ']') fail('missing ]');
      pos++;
      return { type: 'list', items };
    }
    const start = pos;
    while (pos < s.length && s[pos] !== ',' && s[pos] !== ']' && s[pos] !== '[') pos++;
    const tok = s.slice(start, pos).trim();
    if (tok === '') fail('empty element');
    if (tok.startsWith('$')) {
      const name = tok.slice(1);
      if (!/^[A-Za-z0-9_]+$/.test(name)) fail(`bad variable name ${tok}`);
      return { type: 'var', name };
    }
    return { type: 'atom', text: tok };
  }

  function parseItems(close: string): SetExpr[] {
    const items: SetExpr[] = [parseItem()];
    skipSpace();
    while (pos < s.length && s[pos] === ',') {
      pos++;
      items.push(parseItem());
      skipSpace();
    }
    if (pos < s.length && s[pos] !== close) fail(`unexpected "${s[pos]}"`);
    return items;
  }

  const items = parseItems('');
  if (pos !== s.length) fail('trailing characters');
  return items.length === 1 ? (items[0] as SetExpr) : { type: 'list', items };
}

export function normalizeRanges(ranges: RangeList): RangeList {
  if (ranges.length < 2) return ranges.slice();
  const sorted = ranges.slice().sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: RangeList = [];
  let [lo, hi] = sorted[0] as [bigint, bigint];
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = sorted[i] as [bigint, bigint];
    if (a <= hi + 1n) {
      if (b > hi) hi = b;
    } else {
      out.push([lo, hi]);
      lo = a;
      hi = b;
    }
  }
  out.push([lo, hi]);
  return out;
}

export function complementRanges(ranges: RangeList, max: bigint): RangeList {
  const norm = normalizeRanges(ranges);
  const out: RangeList = [];
  let next = 0n;
  for (const [lo, hi] of norm) {
    if (lo > next) out.push([next, lo - 1n]);
    next = hi + 1n;
  }
  if (next <= max) out.push([next, max]);
  return out;
}

export function subtractRanges(a: RangeList, b: RangeList, max: bigint): RangeList {
  return intersectRanges(a, complementRanges(b, max));
}

export function intersectRanges(a: RangeList, b: RangeList): RangeList {
  const x = normalizeRanges(a);
  const y = normalizeRanges(b);
  const out: RangeList = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [alo, ahi] = x[i] as [bigint, bigint];
    const [blo, bhi] = y[j] as [bigint, bigint];
    const lo = alo > blo ? alo : blo;
    const hi = ahi < bhi ? ahi : bhi;
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

/** Evaluation hooks that differ between address sets (two families) and port sets (one). */
export interface SetDomain<S> {
  readonly what: string;
  all(): S;
  empty(): S;
  atom(text: string): S;
  union(a: S, b: S): S;
  subtract(a: S, b: S): S;
  resolveVar(name: string): SetExpr;
}

/**
 * Suricata's list semantics: a list is the union of its positive members minus the union of its negated ones,
 * and a list holding only negations starts from "everything" (so `[!a]` == `!a` == any minus a).
 */
export function evaluateSetExpr<S>(expr: SetExpr, domain: SetDomain<S>, depth = 0): S {
  if (depth > 64) throw syntaxError(`invalid ${domain.what}`, undefined, 'variables nest too deep (loop?)');
  switch (expr.type) {
    case 'atom':
      return domain.atom(expr.text);
    case 'var':
      return evaluateSetExpr(domain.resolveVar(expr.name), domain, depth + 1);
    case 'neg':
      if (expr.inner.type === 'atom' && expr.inner.text === 'any') {
        throw syntaxError(`invalid ${domain.what}`, undefined, '!any matches nothing');
      }
      return domain.subtract(domain.all(), evaluateSetExpr(expr.inner, domain, depth + 1));
    case 'list': {
      let pos: S | null = null;
      let neg = domain.empty();
      for (const item of expr.items) {
        if (item.type === 'neg') {
          neg = domain.union(neg, evaluateSetExpr(item.inner, domain, depth + 1));
        } else {
          const v = evaluateSetExpr(item, domain, depth + 1);
          pos = pos === null ? v : domain.union(pos, v);
        }
      }
      return domain.subtract(pos ?? domain.all(), neg);
    }
  }
}
