import { asciiBytes } from '../bytes.js';

/** Longest presentation name produced; RFC 1035 caps wire names at 255 bytes. */
const MAX_NAME_BYTES = 1025;
/** Compression pointers followed per name before declaring a loop. */
const MAX_POINTER_HOPS = 64;

const ROOT = asciiBytes('<root>');

// Names are assembled here and copied out at their real length: a fresh 1 KiB array per name (zero-filled, then
// sliced) was most of the DNS parser's cost. Safe to share: readDnsName finishes before anything else can call it.
const scratch = new Uint8Array(MAX_NAME_BYTES);

export interface DnsName {
  /** Labels joined by '.', raw bytes (Suricata's rrname); the root is "<root>". */
  readonly name: Uint8Array;
  /** Offset just after the name in the record that contained it (not where pointers led). */
  readonly next: number;
}

/**
 * Read a possibly compressed name at `offset` in the message `msg[0..end)`. Returns null on a malformed name:
 * a label or pointer running past the end, a reserved label type, or a pointer loop (more hops than any real
 * message needs, or a pointer that does not point strictly backwards).
 */
export function readDnsName(msg: Uint8Array, offset: number, end: number): DnsName | null {
  const out = scratch;
  let n = 0;
  let p = offset;
  let next = -1;
  let hops = 0;
  let lowestJump = offset;
  for (;;) {
    if (p >= end) return null;
    const len = msg[p]!;
    if (len === 0) {
      if (next === -1) next = p + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (p + 1 >= end) return null;
      const target = ((len & 0x3f) << 8) | msg[p + 1]!;
      if (next === -1) next = p + 2;
      // Pointers must go backwards from every position jumped from so far: that rules out loops outright.
      if (target >= lowestJump || ++hops > MAX_POINTER_HOPS) return null;
      lowestJump = target;
      p = target;
      continue;
    }
    if (kind !== 0) return null;
    if (p + 1 + len > end) return null;
    if (n + len + 1 > MAX_NAME_BYTES) return null;
    if (n > 0) out[n++] = 0x2e;
    // Labels are at most 63 bytes: a loop beats making a subarray view per label.
    for (let i = p + 1, e = p + 1 + len; i < e; i++) out[n++] = msg[i]!;
    p += 1 + len;
  }
  return { name: n === 0 ? ROOT : out.slice(0, n), next };
}
