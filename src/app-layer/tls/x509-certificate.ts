import { createHash } from 'node:crypto';
import { latin1, toHex, utf8Lossy } from '../bytes.js';
import { oidToString, readTlv } from './der-reader.js';

/** What Suricata exposes about a server certificate, in Suricata's text forms. */
export interface CertificateInfo {
  /** "C=US, O=Example, CN=example.com" (x509-parser's display, as Suricata prints it). */
  readonly subject: string;
  readonly issuer: string;
  /** Uppercase hex pairs joined by ':', leading 00 kept as encoded. */
  readonly serial: string;
  /** SHA-1 over the DER, lowercase hex pairs joined by ':'. */
  readonly fingerprint: string;
  /** "YYYY-MM-DDTHH:MM:SS" (UTC), as Suricata writes notbefore/notafter; '' when unreadable. */
  readonly notBefore: string;
  readonly notAfter: string;
}

/** Attribute abbreviations x509-parser uses; other known OIDs get their registry short name. */
const ATTRIBUTE_NAMES: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  ['1.2.840.113549.1.9.1', 'Email'],
  ['2.5.4.4', 'surname'],
  ['2.5.4.5', 'serialNumber'],
  ['2.5.4.9', 'street'],
  ['2.5.4.12', 'title'],
  ['2.5.4.15', 'businessCategory'],
  ['2.5.4.17', 'postalCode'],
  ['2.5.4.42', 'givenName'],
  ['2.5.4.97', 'organizationIdentifier'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
]);

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;

/**
 * Read the fields Suricata logs from one DER certificate. Returns null when the structure up to the subject
 * cannot be walked; it never throws.
 */
export function parseCertificate(der: Uint8Array): CertificateInfo | null {
  const cert = readTlv(der, 0, der.length);
  if (cert === null || cert.tag !== SEQUENCE) return null;
  const tbs = readTlv(der, cert.start, cert.end);
  if (tbs === null || tbs.tag !== SEQUENCE) return null;
  let p = tbs.start;
  let t = readTlv(der, p, tbs.end);
  if (t === null) return null;
  if (t.tag === 0xa0) {
    p = t.end;
    t = readTlv(der, p, tbs.end);
    if (t === null) return null;
  }
  if (t.tag !== INTEGER) return null;
  const serial = toHex(der.subarray(t.start, t.end), ':', true);
  const sigAlg = readTlv(der, t.end, tbs.end);
  if (sigAlg === null) return null;
  const issuer = readTlv(der, sigAlg.end, tbs.end);
  if (issuer === null || issuer.tag !== SEQUENCE) return null;
  const validity = readTlv(der, issuer.end, tbs.end);
  if (validity === null || validity.tag !== SEQUENCE) return null;
  const subject = readTlv(der, validity.end, tbs.end);
  if (subject === null || subject.tag !== SEQUENCE) return null;
  const nb = readTlv(der, validity.start, validity.end);
  const na = nb === null ? null : readTlv(der, nb.end, validity.end);
  return {
    subject: formatName(der, subject.start, subject.end),
    issuer: formatName(der, issuer.start, issuer.end),
    serial,
    fingerprint: createHash('sha1').update(der).digest('hex').replace(/(..)(?!$)/g, '$1:'),
    notBefore: nb === null ? '' : formatTime(der, nb.tag, nb.start, nb.end),
    notAfter: na === null ? '' : formatTime(der, na.tag, na.start, na.end),
  };
}

/** RDNs joined by ", ", multi-valued RDNs by " + ", each as NAME=value. */
export function formatName(b: Uint8Array, start: number, end: number): string {
  const rdns: string[] = [];
  let p = start;
  while (p < end) {
    const set = readTlv(b, p, end);
    if (set === null || set.tag !== SET) break;
    const attrs: string[] = [];
    let q = set.start;
    while (q < set.end) {
      const seq = readTlv(b, q, set.end);
      if (seq === null || seq.tag !== SEQUENCE) break;
      const oid = readTlv(b, seq.start, seq.end);
      const val = oid === null ? null : readTlv(b, oid.end, seq.end);
      if (oid !== null && val !== null) {
        const dotted = oidToString(b, oid.start, oid.end);
        attrs.push(`${ATTRIBUTE_NAMES.get(dotted) ?? dotted}=${stringValue(b, val.tag, val.start, val.end)}`);
      }
      q = seq.end;
    }
    if (attrs.length > 0) rdns.push(attrs.join(' + '));
    p = set.end;
  }
  return rdns.join(', ');
}

function stringValue(b: Uint8Array, tag: number, start: number, end: number): string {
  switch (tag) {
    case 0x0c: // UTF8String
      return utf8Lossy(b, start, end);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // T61String
    case 0x1a: // VisibleString
      return latin1(b, start, end);
    case 0x1e: {
      // BMPString: UTF-16BE
      let s = '';
      for (let i = start; i + 1 < end; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      return s;
    }
    default:
      return toHex(b.subarray(start, end), ':');
  }
}

/** UTCTime (YYMMDDHHMMSSZ, 50-99 → 19xx) or GeneralizedTime to "YYYY-MM-DDTHH:MM:SS". */
export function formatTime(b: Uint8Array, tag: number, start: number, end: number): string {
  const text = latin1(b, start, end);
  let m: RegExpExecArray | null;
  if (tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text)) !== null) {
    const yy = Number(m[1]);
    const year = yy >= 50 ? 1900 + yy : 2000 + yy;
    return `${year}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
  }
  if (tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text)) !== null) {
    return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}`;
  }
  return '';
}
