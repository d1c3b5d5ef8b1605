const TWO_16 = 65536;
const TWO_32 = 4294967296;
const TWO_48 = 281474976710656;
const NS_PER_SEC = 1_000_000_000;
/** 10^9 = 5^9 * 2^9: multiplying by 5^9 keeps products of 32-bit values below 2^53, the 2^9 folds into shifts. */
const FIVE_POW_9 = 1_953_125;

const Mode = { Pow10Small: 0, Pow10Large: 1, Pow2Small: 2, Pow2Large: 3 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

// Results of divDigits. Module-level so a conversion allocates nothing (no tuple, no BigInt).
let q3 = 0;
let q2 = 0;
let q1 = 0;
let q0 = 0;
let rem = 0;

/**
 * Long division of the 64-bit number with 16-bit digits d3..d0 by `divisor` (an integer <= 2^37): each partial
 * dividend stays below 2^53 and each quotient digit below 2^16, so every step is exact in doubles.
 */
function divDigits(d3: number, d2: number, d1: number, d0: number, divisor: number): void {
  let cur = d3;
  let q = Math.floor(cur / divisor);
  let r = cur - q * divisor;
  q3 = q;
  cur = r * TWO_16 + d2;
  q = Math.floor(cur / divisor);
  r = cur - q * divisor;
  if (r < 0) { q--; r += divisor; }
  q2 = q;
  cur = r * TWO_16 + d1;
  q = Math.floor(cur / divisor);
  r = cur - q * divisor;
  if (r < 0) { q--; r += divisor; }
  q1 = q;
  cur = r * TWO_16 + d0;
  q = Math.floor(cur / divisor);
  r = cur - q * divisor;
  if (r < 0) { q--; r += divisor; }
  q0 = q;
  rem = r;
}

/** Largest exponents whose unit still fits a 64-bit tick counter meaningfully (10^19 and 2^63 ticks per second). */
export const MAX_TS_POW10_EXPONENT = 19;
export const MAX_TS_POW2_EXPONENT = 63;

/**
 * Turns a pcapng 64-bit timestamp (two 32-bit halves, in units of 10^-n or 2^-n seconds) into whole seconds plus
 * nanoseconds, exactly, with if_tsoffset added. Nanosecond counts since the epoch are already above 2^53, so the
 * value is never formed as one double. Results go to `sec`/`nsec` (fractions below 1 ns are truncated).
 */
export class TimestampConverter {
  sec = 0;
  nsec = 0;
  private readonly mode: Mode;
  /** Pow10Small: ticks per second; Pow10Large: ticks per nanosecond; Pow2Small: 2^exponent; Pow2Large: 2^(exponent-32). */
  private readonly divisor: number;
  /** Pow10Small: nanoseconds per tick. Pow2Small: 2^(9-exponent). Pow2Large: see convert(). */
  private readonly scale: number;
  private readonly splitScale: number;
  private readonly words = new Uint32Array(2);
  /** Pow10Small: 2^48 = quot48 * divisor + rem48, and likewise for 2^32. */
  private readonly quot48: number = 0;
  private readonly rem48: number = 0;
  private readonly quot32: number = 0;
  private readonly rem32: number = 0;

  constructor(
    /** 10 or 2. */
    readonly base: number,
    readonly exponent: number,
    /** if_tsoffset: seconds added to every timestamp (may be negative). */
    readonly offsetSec = 0,
  ) {
    if (!TimestampConverter.isSupported(base, exponent)) {
      throw new RangeError(`unsupported timestamp resolution ${base}^-${exponent}`);
    }
    if (base === 10 && exponent <= 9) {
      this.mode = Mode.Pow10Small;
      this.divisor = 10 ** exponent;
      this.scale = 10 ** (9 - exponent);
      this.splitScale = 0;
      this.quot48 = Math.floor(TWO_48 / this.divisor);
      this.rem48 = TWO_48 - this.quot48 * this.divisor;
      this.quot32 = Math.floor(TWO_32 / this.divisor);
      this.rem32 = TWO_32 - this.quot32 * this.divisor;
    } else if (base === 10) {
      this.mode = Mode.Pow10Large;
      this.divisor = 10 ** (exponent - 9);
      this.scale = 0;
      this.splitScale = 0;
    } else if (exponent < 32) {
      this.mode = Mode.Pow2Small;
      this.divisor = 2 ** exponent;
      this.scale = 2 ** (9 - exponent);
      this.splitScale = 2 ** (32 - exponent);
    } else {
      this.mode = Mode.Pow2Large;
      this.divisor = 2 ** (exponent - 32);
      // floor(frac * 5^9 / 2^s) with s = exponent - 9 is computed from the 32-bit halves of frac (see convert).
      const s = exponent - 9;
      this.scale = s >= 32 ? 2 ** (s - 32) : 2 ** (32 - s);
      this.splitScale = 2 ** s;
    }
  }

  /** The pcapng if_tsresol byte: high bit set means 2^-n, clear means 10^-n. */
  static fromTsresol(tsresol: number, offsetSec = 0): TimestampConverter {
    return (tsresol & 0x80) !== 0
      ? new TimestampConverter(2, tsresol & 0x7f, offsetSec)
      : new TimestampConverter(10, tsresol, offsetSec);
  }

  static isSupported(base: number, exponent: number): boolean {
    if (!Number.isInteger(exponent) || exponent < 0) return false;
    if (base === 10) return exponent <= MAX_TS_POW10_EXPONENT;
    if (base === 2) return exponent <= MAX_TS_POW2_EXPONENT;
    return false;
  }

  /** Converts the tick count hi * 2^32 + lo (both unsigned 32-bit). */
  convert(hi: number, lo: number): void {
    const w = this.words;
    w[0] = hi;
    w[1] = lo;
    this.run();
  }

  /** Converts the two 32-bit halves stored at view[at] (high) and view[at + 4] (low), as pcapng lays them out. */
  convertAt(view: DataView, at: number, littleEndian: boolean): void {
    const w = this.words;
    w[0] = view.getUint32(at, littleEndian);
    w[1] = view.getUint32(at + 4, littleEndian);
    this.run();
  }

  /**
   * The halves travel through a Uint32Array rather than as arguments: a uint32 above 2^30 passed to a call that
   * is not inlined is boxed into a heap number, one allocation per packet.
   */
  private run(): void {
    const hi = this.words[0]!;
    const lo = this.words[1]!;
    const d = this.divisor;
    switch (this.mode) {
      case Mode.Pow10Small: {
        // t = hh * 2^48 + hl * 2^32 + lo with 2^48 and 2^32 pre-split by d: the remainders' weighted sum stays
        // below 2^48, so a single exact division finishes the job (no 64-bit value is ever formed).
        const hh = hi >>> 16;
        const hl = hi & 0xffff;
        const x = hh * this.rem48 + hl * this.rem32 + lo;
        let s = Math.floor(x / d);
        let r = x - s * d;
        // The float quotient can land one off when it rounds across an integer; the remainder tells.
        if (r < 0) { s--; r += d; } else if (r >= d) { s++; r -= d; }
        this.sec = hh * this.quot48 + hl * this.quot32 + s + this.offsetSec;
        this.nsec = r * this.scale;
        return;
      }
      case Mode.Pow10Large: {
        // Whole nanoseconds first (truncating the sub-nanosecond part), then split those into seconds.
        divDigits(hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff, d);
        divDigits(q3, q2, q1, q0, NS_PER_SEC);
        this.sec = q3 * TWO_48 + q2 * TWO_32 + q1 * TWO_16 + q0 + this.offsetSec;
        this.nsec = rem;
        return;
      }
      case Mode.Pow2Small: {
        const frac = lo % d;
        this.sec = hi * this.splitScale + (lo - frac) / d + this.offsetSec;
        // frac < 2^31, so frac * 5^9 < 2^52; scaling by a power of two is exact.
        this.nsec = Math.floor(frac * FIVE_POW_9 * this.scale);
        return;
      }
      default: {
        const fracHi = hi % d;
        this.sec = (hi - fracHi) / d + this.offsetSec;
        // frac = fracHi * 2^32 + lo; nsec = floor(frac * 5^9 / 2^s). Both partial products stay below 2^53.
        const a = fracHi * FIVE_POW_9;
        const b = lo * FIVE_POW_9;
        const s = this.exponent - 9;
        this.nsec = s >= 32
          ? Math.floor((a + Math.floor(b / TWO_32)) / this.scale)
          : a * this.scale + Math.floor(b / this.splitScale);
        return;
      }
    }
  }
}
