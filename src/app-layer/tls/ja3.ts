import { createHash } from 'node:crypto';
import type { ClientHello } from './client-hello.js';
import { isGrease } from './grease.js';
import type { ServerHello } from './server-hello.js';

/**
 * JA3: "SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats" in decimal, list items joined by
 * '-', GREASE values removed from ciphers, extensions and curves. The version is the ClientHello's legacy version.
 */
export function ja3String(ch: ClientHello): string {
  return [
    ch.legacyVersion,
    ch.ciphers.filter((v) => !isGrease(v)).join('-'),
    ch.extensions.filter((v) => !isGrease(v)).join('-'),
    ch.groups.filter((v) => !isGrease(v)).join('-'),
    ch.pointFormats.join('-'),
  ].join(',');
}

/** JA3S: "SSLVersion,Cipher,Extensions" from the ServerHello. */
export function ja3sString(sh: ServerHello): string {
  return [sh.legacyVersion, sh.cipher, sh.extensions.filter((v) => !isGrease(v)).join('-')].join(',');
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'latin1').digest('hex');
}
