import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { patternStrength } from '../src/detect/prefilter/index.js';

export interface BenchPattern {
  readonly bytes: Uint8Array;
  readonly nocase: boolean;
}

export const ET_OPEN_RULES_DIR = '/work/shared/rulesets/et-open/rules';

// Rough on purpose: the benchmark needs realistic bytes, not the rule parser's exact semantics.
const CONTENT = /content:\s*"((?:[^"\\]|\\.)*)"/;

/** `abc|0d 0a|\"` -> bytes; undefined for content strings this quick decoder cannot read. */
function decodeContent(text: string): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    const ch = text[i]!;
    if (ch === '|') {
      const close = text.indexOf('|', i + 1);
      if (close < 0) return undefined;
      for (const h of text.slice(i + 1, close).trim().split(/\s+/)) {
        if (h === '') continue;
        const v = Number.parseInt(h, 16);
        if (!/^[0-9a-fA-F]{1,2}$/.test(h)) return undefined;
        out.push(v);
      }
      i = close + 1;
    } else if (ch === '\\' && i + 1 < text.length) {
      out.push(text.charCodeAt(i + 1) & 0xff);
      i += 2;
    } else {
      out.push(text.charCodeAt(i) & 0xff);
      i++;
    }
  }
  return out.length > 0 ? Uint8Array.from(out) : undefined;
}

interface RuleContent extends BenchPattern {
  readonly fastPattern: boolean;
}

function ruleContents(line: string): RuleContent[] {
  const out: RuleContent[] = [];
  for (const part of line.split(/(?=content:)/)) {
    const m = CONTENT.exec(part);
    if (m === null || m.index !== 0) continue;
    const bytes = decodeContent(m[1]!);
    if (bytes === undefined) continue;
    // Modifiers run up to the next content, which is where split() cut: right for the usual layout.
    const modifiers = part.slice(m[0].length);
    out.push({ bytes, nocase: /\bnocase\s*;/.test(modifiers), fastPattern: /\bfast_pattern\b/.test(modifiers) });
  }
  return out;
}

function* ruleLines(dir: string): Generator<string> {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rules')).sort()) {
    for (const line of readFileSync(join(dir, file), 'latin1').split('\n')) if (line.startsWith('alert')) yield line;
  }
}

function distinct(patterns: Iterable<BenchPattern>): BenchPattern[] {
  const seen = new Set<string>();
  const out: BenchPattern[] = [];
  for (const p of patterns) {
    const key = `${p.nocase ? 'i' : 's'}${Buffer.from(p.bytes).toString('latin1')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ bytes: p.bytes, nocase: p.nocase });
  }
  return out;
}

/** Every distinct (bytes, nocase) positive content of the ET Open rules, in file order: a stress set. */
export function loadEtOpenContents(dir = ET_OPEN_RULES_DIR): BenchPattern[] {
  return distinct((function* () {
    for (const line of ruleLines(dir)) yield* ruleContents(line);
  })());
}

/**
 * What a detect engine actually puts in the prefilter: one content per rule, the one marked
 * `fast_pattern`, else the strongest by `patternStrength` (first wins ties). Distinct, in file order.
 */
export function loadEtOpenFastPatterns(dir = ET_OPEN_RULES_DIR): BenchPattern[] {
  return distinct((function* () {
    for (const line of ruleLines(dir)) {
      const contents = ruleContents(line);
      if (contents.length === 0) continue;
      let best = contents.find((c) => c.fastPattern);
      if (best === undefined) {
        let bestScore = -1;
        for (const c of contents) {
          const score = patternStrength(c.bytes, c.nocase);
          if (score > bestScore) {
            bestScore = score;
            best = c;
          }
        }
      }
      yield best!;
    }
  })());
}

/** Small deterministic PRNG (mulberry32): benchmark inputs must be the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fallback when the rules are absent: lengths 3-20, mostly printable, a third nocase. */
export function randomPatterns(count: number, seed = 1): BenchPattern[] {
  const rnd = mulberry32(seed);
  const out: BenchPattern[] = [];
  for (let k = 0; k < count; k++) {
    const len = 3 + Math.floor(rnd() * 18);
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) bytes[i] = rnd() < 0.85 ? 0x21 + Math.floor(rnd() * 94) : Math.floor(rnd() * 256);
    out.push({ bytes, nocase: rnd() < 0.33 });
  }
  return out;
}

export interface BenchPatternSets {
  readonly source: string;
  /** One fast pattern per rule: the realistic prefilter load. */
  readonly fastPatterns: BenchPattern[];
  /** Every content string, one-byte ones included: a stress load with far more output hits. */
  readonly contents: BenchPattern[];
}

export function benchPatterns(): BenchPatternSets {
  if (existsSync(ET_OPEN_RULES_DIR)) {
    return { source: ET_OPEN_RULES_DIR, fastPatterns: loadEtOpenFastPatterns(), contents: loadEtOpenContents() };
  }
  const random = randomPatterns(30_000);
  return { source: 'random (ET Open rules not found)', fastPatterns: random, contents: random };
}
