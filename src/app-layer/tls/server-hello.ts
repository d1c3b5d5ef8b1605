import { TlsExtension } from './client-hello.js';

export interface ServerHello {
  readonly legacyVersion: number;
  readonly sessionId: Uint8Array;
  readonly cipher: number;
  readonly extensions: readonly number[];
  /** The supported_versions extension's selection (TLS 1.3), or 0. */
  readonly selectedVersion: number;
  /** ALPN protocol the server chose, or null. */
  readonly alpn: Uint8Array | null;
}

/** Parse a ServerHello body; null when its fixed part is cut short. */
export function parseServerHello(b: Uint8Array): ServerHello | null {
  const end = b.length;
  if (end < 2 + 32 + 1) return null;
  const legacyVersion = (b[0]! << 8) | b[1]!;
  let p = 34;
  const sidLen = b[p]!;
  p++;
  if (p + sidLen + 3 > end) return null;
  const sessionId = b.slice(p, p + sidLen);
  p += sidLen;
  const cipher = (b[p]! << 8) | b[p + 1]!;
  p += 3; // cipher suite and compression method
  const extensions: number[] = [];
  let selectedVersion = 0;
  let alpn: Uint8Array | null = null;
  if (p + 2 <= end) {
    const total = (b[p]! << 8) | b[p + 1]!;
    p += 2;
    const extEnd = Math.min(end, p + total);
    while (p + 4 <= extEnd) {
      const type = (b[p]! << 8) | b[p + 1]!;
      const len = (b[p + 2]! << 8) | b[p + 3]!;
      p += 4;
      if (p + len > extEnd) break;
      extensions.push(type);
      if (type === TlsExtension.SupportedVersions && len === 2) selectedVersion = (b[p]! << 8) | b[p + 1]!;
      if (type === TlsExtension.Alpn && len >= 3) {
        const l = b[p + 2]!;
        if (p + 3 + l <= p + len) alpn = b.slice(p + 3, p + 3 + l);
      }
      p += len;
    }
  }
  return { legacyVersion, sessionId, cipher, extensions, selectedVersion, alpn };
}
