/**
 * Buffer transforms (Suricata's `transform` keywords), applied to a copy in reusable scratch so the app-layer
 * buffers stay untouched. Each step reads one scratch array and writes the other.
 */
import { TransformId } from '../rule/signature.js';
import type { BufferView } from './inspection-context.js';

function isSpace(b: number): boolean {
  // C isspace in the C locale
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

function hexVal(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

export class TransformScratch {
  private a = new Uint8Array(4096);
  private b = new Uint8Array(4096);
  private readonly out: BufferView = { bytes: this.a, start: 0, end: 0 };

  private target(minLen: number, avoid: Uint8Array): Uint8Array {
    let t = avoid === this.a ? this.b : this.a;
    if (t.length < minLen) {
      t = new Uint8Array(Math.max(minLen, t.length * 2));
      if (avoid === this.a) this.b = t;
      else this.a = t;
    }
    return t;
  }

  /** Returns a view of the transformed bytes, valid until the next call; `src` itself when there are none. */
  apply(transforms: readonly TransformId[], src: BufferView): BufferView {
    if (transforms.length === 0) return src;
    let bytes = src.bytes;
    let start = src.start;
    let end = src.end;
    for (const t of transforms) {
      const len = end - start;
      const dst = this.target(len + 1, bytes);
      let n = 0;
      switch (t) {
        case TransformId.ToLowercase:
          for (let i = start; i < end; i++) {
            const c = bytes[i]!;
            dst[n++] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
          }
          break;
        case TransformId.ToUppercase:
          for (let i = start; i < end; i++) {
            const c = bytes[i]!;
            dst[n++] = c >= 0x61 && c <= 0x7a ? c & 0xdf : c;
          }
          break;
        case TransformId.HeaderLowercase: {
          // header names only: up to the first ':' of each line
          let inName = true;
          for (let i = start; i < end; i++) {
            const c = bytes[i]!;
            if (c === 0x0a) inName = true;
            else if (c === 0x3a) inName = false;
            dst[n++] = inName && c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
          }
          break;
        }
        case TransformId.Dotprefix:
          dst[n++] = 0x2e;
          for (let i = start; i < end; i++) dst[n++] = bytes[i]!;
          break;
        case TransformId.UrlDecode:
          for (let i = start; i < end; i++) {
            const c = bytes[i]!;
            if (c === 0x25 && i + 2 < end) {
              const h = hexVal(bytes[i + 1]!);
              const l = hexVal(bytes[i + 2]!);
              if (h >= 0 && l >= 0) {
                dst[n++] = (h << 4) | l;
                i += 2;
                continue;
              }
            }
            dst[n++] = c === 0x2b ? 0x20 : c;
          }
          break;
        case TransformId.StripWhitespace:
          for (let i = start; i < end; i++) if (!isSpace(bytes[i]!)) dst[n++] = bytes[i]!;
          break;
        case TransformId.CompressWhitespace:
          // a run keeps its first whitespace byte as it was
          for (let i = start; i < end; i++) {
            const c = bytes[i]!;
            if (isSpace(c) && i > start && isSpace(bytes[i - 1]!)) continue;
            dst[n++] = c;
          }
          break;
        case TransformId.StripPseudoHeaders: {
          // drop lines starting with ':' (HTTP/2 pseudo headers)
          let lineStart = true;
          let skipping = false;
          for (let i = start; i < end; i++) {
            const c = bytes[i]!;
            if (lineStart) skipping = c === 0x3a;
            lineStart = c === 0x0a;
            if (!skipping) dst[n++] = c;
          }
          break;
        }
        default:
          for (let i = start; i < end; i++) dst[n++] = bytes[i]!;
      }
      bytes = dst;
      start = 0;
      end = n;
    }
    this.out.bytes = bytes;
    this.out.start = start;
    this.out.end = end;
    return this.out;
  }
}
