/**
 * Byte arrays that transactions keep (message heads, and buffers built from them such as the normalised URI),
 * carved from shared slabs. A head must outlive the stream buffer it arrived in, but giving each its own
 * ArrayBuffer costs a backing-store allocation and a GC-tracked extension per message, which profiling showed as
 * one of the parser's largest per-message costs. A slab serves many arrays and is freed when the last transaction
 * viewing it is gone; only short arrays use slabs, so what one long-lived transaction can pin is bounded by
 * SLAB_BYTES. Slab bytes are never handed out twice, so an array from here is as private as a fresh one.
 */
const SLAB_BYTES = 4096;
/** Longer arrays get storage of their own: they are rare, and would fill a slab in a few copies. */
const MAX_SLAB_ARRAY = 1024;

let slab = new ArrayBuffer(0);
let used = 0;

/** A zero-filled array of n bytes for the caller to fill. */
export function allocOwned(n: number): Uint8Array {
  if (n > MAX_SLAB_ARRAY) return new Uint8Array(n);
  if (used + n > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Uint8Array(slab, used, n);
  used += n;
  return out;
}

/** A copy of src[start..end). */
export function copyOwned(src: Uint8Array, start: number, end: number): Uint8Array {
  const out = allocOwned(end - start);
  out.set(src.subarray(start, end));
  return out;
}
