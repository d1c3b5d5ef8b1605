/**
 * Wrapping 32-bit TCP sequence arithmetic (RFC 793 / RFC 1982 serial numbers).
 *
 * Sequence numbers are carried as unsigned 32-bit integers in ordinary JS numbers. Two numbers are
 * compared by the sign of their 32-bit difference, so the comparison is only meaningful when they are
 * less than 2^31 apart, which a TCP window always is.
 */

export const SEQ_MODULUS = 4294967296;

/** Signed distance a - b in the 32-bit sequence space, in [-2^31, 2^31). */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function seqAdd(a: number, n: number): number {
  // `>>> 0` reduces any integer below 2^53 modulo 2^32, so n may exceed 2^32.
  return (a + n) >>> 0;
}

export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function seqLeq(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

export function seqGeq(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

export function seqMax(a: number, b: number): number {
  return ((a - b) | 0) >= 0 ? a : b;
}

export function seqMin(a: number, b: number): number {
  return ((a - b) | 0) <= 0 ? a : b;
}

/** True when lo <= x < hi in sequence space (an empty range when lo == hi). */
export function seqInRange(x: number, lo: number, hi: number): boolean {
  return ((x - lo) | 0) >= 0 && ((x - hi) | 0) < 0;
}
