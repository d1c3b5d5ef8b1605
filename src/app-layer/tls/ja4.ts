import { createHash } from 'node:crypto';
import { hex4 } from '../bytes.js';
import type { ClientHello } from './client-hello.js';
import { TlsExtension } from './client-hello.js';
import { isGrease } from './grease.js';

/**
 * JA4 (FoxIO) TLS client fingerprint `a_b_c`:
 * - a: transport ('t' TCP, 'q' QUIC), version ("13", "12"... from the highest non-GREASE supported_versions entry,
 *   else the legacy version), 'd' if SNI is present else 'i', two-digit counts of ciphers and extensions (GREASE
 *   excluded, capped at 99), and the first and last characters of the first ALPN value ("00" without ALPN; the hex
 *   form's first and last digits when either character is not alphanumeric).
 * - b: first 12 hex digits of SHA-256 over the sorted cipher list (4-digit hex, comma separated).
 * - c: first 12 hex digits of SHA-256 over the sorted extension list without SNI and ALPN, then '_' and the
 *   signature algorithms in their original order (the '_' part is left out when there are none).
 * An empty list hashes to "000000000000".
 */
export function ja4(ch: ClientHello, transport: 't' | 'q' = 't'): string {
  const ciphers = ch.ciphers.filter((v) => !isGrease(v));
  const extensions = ch.extensions.filter((v) => !isGrease(v));
  const versions = ch.supportedVersions.filter((v) => !isGrease(v));
  const version = versions.length > 0 ? Math.max(...versions) : ch.legacyVersion;
  const sni = ch.extensions.includes(TlsExtension.ServerName) ? 'd' : 'i';
  const a = `${transport}${versionCode(version)}${sni}${count2(ciphers.length)}${count2(extensions.length)}${alpnCode(ch.alpn[0])}`;
  const b = hash12(ciphers.slice().sort((x, y) => x - y).map(hex4).join(','), ciphers.length === 0);
  const extForHash = extensions.filter((v) => v !== TlsExtension.ServerName && v !== TlsExtension.Alpn).sort((x, y) => x - y);
  let cInput = extForHash.map(hex4).join(',');
  const sigs = ch.signatureAlgorithms.filter((v) => !isGrease(v));
  if (sigs.length > 0) cInput += '_' + sigs.map(hex4).join(',');
  const c = hash12(cInput, extForHash.length === 0);
  return `${a}_${b}_${c}`;
}

function versionCode(v: number): string {
  switch (v) {
    case 0x0304:
      return '13';
    case 0x0303:
      return '12';
    case 0x0302:
      return '11';
    case 0x0301:
      return '10';
    case 0x0300:
      return 's3';
    case 0x0200:
      return 's2';
    case 0xfeff:
      return 'd1';
    case 0xfefd:
      return 'd2';
    case 0xfefc:
      return 'd3';
    default:
      return '00';
  }
}

function count2(n: number): string {
  return Math.min(n, 99).toString().padStart(2, '0');
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function alpnCode(alpn: Uint8Array | undefined): string {
  if (alpn === undefined || alpn.length === 0) return '00';
  const first = alpn[0]!;
  const last = alpn[alpn.length - 1]!;
  if (isAlnum(first) && isAlnum(last)) return String.fromCharCode(first) + String.fromCharCode(last);
  const hex = Buffer.from(alpn).toString('hex');
  return hex[0]! + hex[hex.length - 1]!;
}

function hash12(input: string, empty: boolean): string {
  if (empty) return '000000000000';
  return createHash('sha256').update(input, 'latin1').digest('hex').slice(0, 12);
}
