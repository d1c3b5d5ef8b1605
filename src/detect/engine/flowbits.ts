/**
 * Flowbits as per-flow bitsets. Names get a dense index at build time from a registry that a reload passes on to
 * the next engine, so a flow's bits keep their meaning across SIGHUP.
 */
import type { BitOperation, FlowbitCmd } from '../rule/signature.js';

export class FlowbitNames {
  private readonly byName = new Map<string, number>();
  readonly names: string[] = [];

  indexOf(name: string): number {
    let i = this.byName.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.byName.set(name, i);
      this.names.push(name);
    }
    return i;
  }

  get size(): number {
    return this.names.length;
  }
}

/** Growable bitset; reading a bit beyond the current size is "not set", so old flows work with new names. */
export class FlowbitSet {
  private words: Uint32Array;

  constructor(bits = 32) {
    this.words = new Uint32Array(Math.max(1, (bits + 31) >>> 5));
  }

  isSet(i: number): boolean {
    const w = i >>> 5;
    return w < this.words.length && (this.words[w]! & (1 << (i & 31))) !== 0;
  }

  set(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) {
      const grown = new Uint32Array(Math.max(w + 1, this.words.length * 2));
      grown.set(this.words);
      this.words = grown;
    }
    this.words[w]! |= 1 << (i & 31);
  }

  unset(i: number): void {
    const w = i >>> 5;
    if (w < this.words.length) this.words[w]! &= ~(1 << (i & 31));
  }

  toggle(i: number): void {
    if (this.isSet(i)) this.unset(i);
    else this.set(i);
  }

  clear(): void {
    this.words.fill(0);
  }
}

export interface CompiledBitOp {
  readonly cmd: FlowbitCmd;
  readonly bits: Int32Array;
  readonly all: boolean;
}

export function compileFlowbits(ops: readonly BitOperation[], names: FlowbitNames): CompiledBitOp[] {
  return ops.map((op) => ({
    cmd: op.cmd,
    bits: Int32Array.from(op.names, (n) => names.indexOf(n)),
    all: op.combine === 'all',
  }));
}

/** The read half: isset / isnotset, with `a|b` (any) and `a&b` (all) groups. Without a flow nothing is set. */
export function flowbitConditionsHold(ops: readonly CompiledBitOp[], set: FlowbitSet | null): boolean {
  for (const op of ops) {
    if (op.cmd !== 'isset' && op.cmd !== 'isnotset') continue;
    const want = op.cmd === 'isset';
    let any = false;
    let all = true;
    for (let i = 0; i < op.bits.length; i++) {
      const v = set !== null && set.isSet(op.bits[i]!);
      if (v === want) any = true;
      else all = false;
    }
    if (op.all ? !all : !any) return false;
  }
  return true;
}

/** The write half, run when the rule matched (Suricata's post-match list), whether or not it alerts. */
export function applyFlowbitActions(ops: readonly CompiledBitOp[], set: FlowbitSet | null): void {
  if (set === null) return;
  for (const op of ops) {
    for (let i = 0; i < op.bits.length; i++) {
      const b = op.bits[i]!;
      if (op.cmd === 'set') set.set(b);
      else if (op.cmd === 'unset') set.unset(b);
      else if (op.cmd === 'toggle') set.toggle(b);
    }
  }
}

/** Suricata's flowbit usage class for ordering: setters run before readers on the same packet. */
export function flowbitUsage(ops: readonly BitOperation[]): 0 | 1 | 2 | 3 {
  const reads = ops.some((op) => op.cmd === 'isset' || op.cmd === 'isnotset');
  const sets = ops.some((op) => op.cmd !== 'isset' && op.cmd !== 'isnotset');
  return usageClass(sets, reads);
}

/**
 * The ordering class of a rule's use of flow variables (flowbits, flowint), Suricata's SET, SET_READ, READ, NOT_USED:
 * rules that only set come first, then those that set and read, then readers, then rules that use none.
 */
export function usageClass(sets: boolean, reads: boolean): 0 | 1 | 2 | 3 {
  if (sets && !reads) return 0;
  if (sets && reads) return 1;
  if (reads) return 2;
  return 3;
}
