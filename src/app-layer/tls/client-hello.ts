/** Extension type numbers this parser reads. */
export const TlsExtension = {
  ServerName: 0,
  SupportedGroups: 10,
  EcPointFormats: 11,
  SignatureAlgorithms: 13,
  Alpn: 16,
  SupportedVersions: 43,
} as const;

export interface ClientHello {
  readonly legacyVersion: number;
  readonly sessionId: Uint8Array;
  readonly ciphers: readonly number[];
  /** Extension types in the order sent (GREASE included; fingerprints filter). */
  readonly extensions: readonly number[];
  readonly sni: Uint8Array | null;
  readonly alpn: readonly Uint8Array[];
  readonly groups: readonly number[];
  readonly pointFormats: readonly number[];
  readonly signatureAlgorithms: readonly number[];
  readonly supportedVersions: readonly number[];
}

/**
 * Parse a ClientHello body (after the 4-byte handshake header), copying only what is kept. Returns null when the
 * fixed part is cut short; a malformed extension ends extension parsing but keeps what came before, so the
 * fingerprint reflects what a lenient server would have seen.
 */
export function parseClientHello(b: Uint8Array): ClientHello | null {
  let p = 0;
  const end = b.length;
  if (end < 2 + 32 + 1) return null;
  const legacyVersion = (b[0]! << 8) | b[1]!;
  p = 34;
  const sidLen = b[p]!;
  p++;
  if (p + sidLen > end) return null;
  const sessionId = b.slice(p, p + sidLen);
  p += sidLen;
  if (p + 2 > end) return null;
  const csLen = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  if (p + csLen > end || (csLen & 1) !== 0) return null;
  const ciphers: number[] = [];
  for (let i = 0; i < csLen; i += 2) ciphers.push((b[p + i]! << 8) | b[p + i + 1]!);
  p += csLen;
  if (p + 1 > end) return null;
  const compLen = b[p]!;
  p += 1 + compLen;
  if (p > end) return null;
  const ch = {
    legacyVersion,
    sessionId,
    ciphers,
    extensions: [] as number[],
    sni: null as Uint8Array | null,
    alpn: [] as Uint8Array[],
    groups: [] as number[],
    pointFormats: [] as number[],
    signatureAlgorithms: [] as number[],
    supportedVersions: [] as number[],
  };
  if (p + 2 > end) return ch;
  const extTotal = (b[p]! << 8) | b[p + 1]!;
  p += 2;
  const extEnd = Math.min(end, p + extTotal);
  while (p + 4 <= extEnd) {
    const type = (b[p]! << 8) | b[p + 1]!;
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    p += 4;
    if (p + len > extEnd) break;
    ch.extensions.push(type);
    readExtension(ch, type, b, p, p + len);
    p += len;
  }
  return ch;
}

interface MutableHello {
  sni: Uint8Array | null;
  alpn: Uint8Array[];
  groups: number[];
  pointFormats: number[];
  signatureAlgorithms: number[];
  supportedVersions: number[];
}

function readExtension(ch: MutableHello, type: number, b: Uint8Array, s: number, e: number): void {
  switch (type) {
    case TlsExtension.ServerName: {
      if (s + 2 > e) return;
      let p = s + 2;
      while (p + 3 <= e) {
        const nameType = b[p]!;
        const len = (b[p + 1]! << 8) | b[p + 2]!;
        p += 3;
        if (p + len > e) return;
        if (nameType === 0 && ch.sni === null) ch.sni = b.slice(p, p + len);
        p += len;
      }
      return;
    }
    case TlsExtension.Alpn: {
      if (s + 2 > e) return;
      let p = s + 2;
      while (p + 1 <= e) {
        const len = b[p]!;
        p++;
        if (p + len > e) return;
        ch.alpn.push(b.slice(p, p + len));
        p += len;
      }
      return;
    }
    case TlsExtension.SupportedGroups:
      readU16List(b, s + 2, Math.min(e, s + 2 + (s + 2 <= e ? (b[s]! << 8) | b[s + 1]! : 0)), ch.groups);
      return;
    case TlsExtension.SignatureAlgorithms:
      readU16List(b, s + 2, Math.min(e, s + 2 + (s + 2 <= e ? (b[s]! << 8) | b[s + 1]! : 0)), ch.signatureAlgorithms);
      return;
    case TlsExtension.EcPointFormats: {
      if (s + 1 > e) return;
      const n = Math.min(b[s]!, e - s - 1);
      for (let i = 0; i < n; i++) ch.pointFormats.push(b[s + 1 + i]!);
      return;
    }
    case TlsExtension.SupportedVersions: {
      if (s + 1 > e) return;
      readU16List(b, s + 1, Math.min(e, s + 1 + b[s]!), ch.supportedVersions);
      return;
    }
    default:
      return;
  }
}

function readU16List(b: Uint8Array, s: number, e: number, out: number[]): void {
  for (let p = s; p + 2 <= e; p += 2) out.push((b[p]! << 8) | b[p + 1]!);
}
