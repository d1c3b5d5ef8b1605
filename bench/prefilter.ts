import { pathToFileURL } from 'node:url';
import { AhoCorasickMatcher, MatchSink, NaiveMatcher } from '../src/detect/prefilter/index.js';
import type { AhoCorasickOptions, MultiPatternMatcher } from '../src/detect/prefilter/index.js';
import { makeHttpPayloads } from './http-payloads.js';
import { benchPatterns } from './prefilter-patterns.js';
import type { BenchPattern } from './prefilter-patterns.js';

export interface PrefilterBenchRow {
  readonly name: string;
  readonly patterns: number;
  readonly states: number;
  readonly denseStates: number;
  readonly alphabetClasses: number;
  readonly buildMs: number;
  readonly denseTableBytes: number;
  readonly totalBytes: number;
  /** Median over rounds of payload bytes searched per second, in 10^6 bytes. */
  readonly mbPerSec: number;
  /** Mean distinct candidate ids per payload: how much work the prefilter hands on. */
  readonly candidatesPerPayload: number;
}

export interface PrefilterBenchResult {
  readonly patternSource: string;
  readonly payloadBytes: number;
  /**
   * MB/s of a bare one-load-per-byte table walk on the same payloads: the ceiling of any DFA on this
   * machine at this moment, to normalise rows measured on a shared, loaded box.
   */
  readonly loopCeilingMbPerSec: number;
  readonly rows: PrefilterBenchRow[];
}

export interface PrefilterBenchOptions {
  readonly payloadCount?: number;
  readonly roundMs?: number;
  readonly rounds?: number;
  readonly log?: (line: string) => void;
}

function build(make: () => MultiPatternMatcher, patterns: readonly BenchPattern[]): { m: MultiPatternMatcher; ms: number } {
  const t0 = performance.now();
  const m = make();
  patterns.forEach((p, id) => m.addPattern(p.bytes, p.nocase, id));
  m.compile();
  return { m, ms: performance.now() - t0 };
}

/** Median MB/s of `rounds` timed rounds, each searching whole payloads for at least `roundMs`. */
function throughput(
  matchers: readonly MultiPatternMatcher[],
  payloads: readonly Uint8Array[],
  roundMs: number,
  rounds: number,
): { mbPerSec: number; candidates: number } {
  const sink = new MatchSink();
  let candidates = 0;
  for (const p of payloads) for (const m of matchers) candidates += m.search(p, 0, p.length, sink);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let bytes = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < roundMs) {
      for (const p of payloads) {
        for (const m of matchers) m.search(p, 0, p.length, sink);
        bytes += p.length;
      }
      elapsed = performance.now() - t0;
    }
    rates.push(bytes / 1e6 / (elapsed / 1000));
  }
  rates.sort((a, b) => a - b);
  return { mbPerSec: rates[rates.length >> 1]!, candidates: candidates / payloads.length };
}

function acRow(
  name: string,
  patterns: readonly BenchPattern[],
  payloads: readonly Uint8Array[],
  options: AhoCorasickOptions,
  roundMs: number,
  rounds: number,
): PrefilterBenchRow {
  const { m, ms } = build(() => new AhoCorasickMatcher(options), patterns);
  const stats = (m as AhoCorasickMatcher).stats();
  const { mbPerSec, candidates } = throughput([m], payloads, roundMs, rounds);
  return {
    name,
    patterns: stats.patterns,
    states: stats.states,
    denseStates: stats.denseStates,
    alphabetClasses: stats.alphabetClasses,
    buildMs: ms,
    denseTableBytes: stats.denseTableBytes,
    totalBytes: stats.totalBytes,
    mbPerSec,
    candidatesPerPayload: candidates,
  };
}

function sameCandidates(a: MultiPatternMatcher, b: MultiPatternMatcher, payloads: readonly Uint8Array[]): boolean {
  const sa = new MatchSink();
  const sb = new MatchSink();
  for (const p of payloads) {
    const na = a.search(p, 0, p.length, sa);
    const nb = b.search(p, 0, p.length, sb);
    if (na !== nb) return false;
    for (let k = 0; k < na; k++) if (!sb.has(sa.ids[k]!)) return false;
  }
  return true;
}

const MIB = 1024 * 1024;

function loopCeiling(payloads: readonly Uint8Array[], roundMs: number, rounds: number): number {
  const classMap = new Uint16Array(256);
  const table = new Int32Array(256);
  const walk = (buf: Uint8Array): number => {
    let v = 0;
    let hits = 0;
    for (let i = 0; i < buf.length; i++) {
      v = table[(v & 0x7fffffff) + classMap[buf[i]!]!]!;
      if (v < 0) hits++;
    }
    return hits;
  };
  const rates: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    let bytes = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < roundMs) {
      for (const p of payloads) {
        sink += walk(p);
        bytes += p.length;
      }
      elapsed = performance.now() - t0;
    }
    rates.push(bytes / 1e6 / (elapsed / 1000));
  }
  if (sink !== 0) throw new Error('unreachable: the table holds no output states');
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1]!;
}

function topUp(base: readonly BenchPattern[], extra: readonly BenchPattern[], count: number): BenchPattern[] {
  const key = (p: BenchPattern): string => `${p.nocase ? 'i' : 's'}${Buffer.from(p.bytes).toString('latin1')}`;
  const have = new Set(base.map(key));
  const out = base.slice(0, count);
  for (const p of extra) {
    if (out.length >= count) break;
    if (p.bytes.length >= 4 && !have.has(key(p))) {
      have.add(key(p));
      out.push(p);
    }
  }
  return out;
}

/**
 * Builds Aho-Corasick automata from ~5k and ~20k ET Open fast patterns (and every content, as stress) and reports build
 * time, memory and search throughput over 1,500-byte HTTP-like payloads, plus: the dense-table budget
 * swept at 20k, one mixed automaton against two (case-sensitive + nocase), and the naive matcher on
 * a small set.
 */
export function benchPrefilter(options: PrefilterBenchOptions = {}): PrefilterBenchResult {
  const log = options.log ?? ((line: string) => console.log(line));
  const roundMs = options.roundMs ?? 300;
  const rounds = options.rounds ?? 5;
  const { source, fastPatterns, contents } = benchPatterns();
  const payloads = makeHttpPayloads(options.payloadCount ?? 2000);
  const payloadBytes = payloads.reduce((s, p) => s + p.length, 0);
  // ~20k: every rule's fast pattern, topped up with other contents of 4+ bytes (file order).
  const p20k = topUp(fastPatterns, contents, 20_000);
  const p5k = fastPatterns.slice(0, 5000);
  log(
    `source: ${source}; ${fastPatterns.length} distinct fast patterns, ${contents.length} distinct contents; ` +
      `payloads: ${payloads.length} x 1500 B`,
  );
  const loopCeilingMbPerSec = loopCeiling(payloads, roundMs, rounds);
  log(`bare table-walk ceiling: ${loopCeilingMbPerSec.toFixed(0)} MB/s`);
  const rows: PrefilterBenchRow[] = [];
  const add = (row: PrefilterBenchRow): void => {
    rows.push(row);
    log(
      `${row.name.padEnd(34)} pats=${String(row.patterns).padStart(6)} states=${String(row.states).padStart(7)} ` +
        `dense=${String(row.denseStates).padStart(7)} classes=${String(row.alphabetClasses).padStart(3)} ` +
        `build=${row.buildMs.toFixed(0).padStart(5)} ms table=${(row.denseTableBytes / MIB).toFixed(1).padStart(6)} MiB ` +
        `total=${(row.totalBytes / MIB).toFixed(1).padStart(6)} MiB ${row.mbPerSec.toFixed(0).padStart(5)} MB/s ` +
        `cand/payload=${row.candidatesPerPayload.toFixed(1)}`,
    );
  };

  add(acRow('ac 5k fast patterns', p5k, payloads, {}, roundMs, rounds));
  add(acRow('ac 20k (16 MiB dense budget)', p20k, payloads, {}, roundMs, rounds));
  add(acRow('ac every content (stress)', contents, payloads, {}, roundMs, rounds));
  for (const budget of [1, 4, 64]) {
    add(acRow(`ac 20k (${budget} MiB dense budget)`, p20k, payloads, { maxDenseTableBytes: budget * MIB }, roundMs, rounds));
  }
  add(acRow('ac 20k (full DFA, no budget)', p20k, payloads, { maxDenseTableBytes: Infinity }, roundMs, rounds));
  add(acRow('ac 20k all as case-sensitive', p20k.map((p) => ({ bytes: p.bytes, nocase: false })), payloads, {}, roundMs, rounds));

  // Mixed set: one folded automaton with verification versus two automata read one after the other.
  {
    const cs = build(() => new AhoCorasickMatcher(), p20k.filter((p) => !p.nocase));
    const nc = build(() => new AhoCorasickMatcher(), p20k.filter((p) => p.nocase));
    const sc = (cs.m as AhoCorasickMatcher).stats();
    const sn = (nc.m as AhoCorasickMatcher).stats();
    const { mbPerSec, candidates } = throughput([cs.m, nc.m], payloads, roundMs, rounds);
    add({
      name: 'ac 20k as two automata (cs + nc)',
      patterns: sc.patterns + sn.patterns,
      states: sc.states + sn.states,
      denseStates: sc.denseStates + sn.denseStates,
      alphabetClasses: Math.max(sc.alphabetClasses, sn.alphabetClasses),
      buildMs: cs.ms + nc.ms,
      denseTableBytes: sc.denseTableBytes + sn.denseTableBytes,
      totalBytes: sc.totalBytes + sn.totalBytes,
      mbPerSec,
      candidatesPerPayload: candidates,
    });
  }

  // Naive baseline on a set small enough for it; same payloads, and the answers must agree.
  {
    const small = fastPatterns.slice(0, 200);
    const naive = build(() => new NaiveMatcher(), small);
    const ac = build(() => new AhoCorasickMatcher(), small);
    const few = payloads.slice(0, 200);
    if (!sameCandidates(naive.m, ac.m, payloads)) throw new Error('naive and Aho-Corasick disagree on payloads');
    for (const [name, b] of [['naive 200', naive], ['ac 200', ac]] as const) {
      const { mbPerSec, candidates } = throughput([b.m], few, roundMs, 3);
      add({
        name,
        patterns: b.m.patternCount,
        states: 0,
        denseStates: 0,
        alphabetClasses: 0,
        buildMs: b.ms,
        denseTableBytes: 0,
        totalBytes: b.m.memoryBytes(),
        mbPerSec,
        candidatesPerPayload: candidates,
      });
    }
  }
  return { patternSource: source, payloadBytes, loopCeilingMbPerSec, rows };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchPrefilter();
}
