import { utf8Lossy } from '../bytes.js';
import { md5Hex } from './ja3.js';
import type { TlsTransaction } from './tls-transaction.js';
import { tlsVersionName } from './tls-version.js';

/**
 * The EVE `tls` object in Suricata 7's extended shape and key order: subject, issuerdn, session_resumed, serial,
 * fingerprint, sni, version, notbefore, notafter, ja3 {hash, string}, ja3s {hash, string}. Suricata logs ja3/ja3s
 * only when JA3 is enabled; mirrorscope always computes them. JA4 is exposed as the `ja4.hash` buffer only.
 */
export function tlsEve(tx: TlsTransaction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const cert = tx.certificate;
  if (cert !== null) {
    out['subject'] = cert.subject;
    out['issuerdn'] = cert.issuer;
  }
  if (tx.sessionResumed) out['session_resumed'] = true;
  if (cert !== null) {
    out['serial'] = cert.serial;
    out['fingerprint'] = cert.fingerprint;
  }
  const sni = tx.clientHello?.sni;
  if (sni !== null && sni !== undefined) out['sni'] = utf8Lossy(sni);
  out['version'] = tlsVersionName(tx.version);
  if (cert !== null) {
    if (cert.notBefore !== '') out['notbefore'] = cert.notBefore;
    if (cert.notAfter !== '') out['notafter'] = cert.notAfter;
  }
  const ja3 = tx.ja3;
  if (ja3 !== null) out['ja3'] = { hash: md5Hex(ja3), string: ja3 };
  const ja3s = tx.ja3s;
  if (ja3s !== null) out['ja3s'] = { hash: md5Hex(ja3s), string: ja3s };
  return out;
}
