import type { HttpHead } from './http-head.js';

// libhtp's htp_parse_authorization knows these schemes, each as a case-insensitive prefix of the header value.
const KNOWN_SCHEMES = ['basic', 'digest', 'bearer'];

/** A request whose Authorization header names a scheme libhtp does not know (Suricata's request_auth_unrecognized). */
export function hasUnrecognizedAuthScheme(head: HttpHead): boolean {
  const i = head.indexOf('authorization');
  if (i === -1) return false;
  const v = head.valueAt(i);
  return !KNOWN_SCHEMES.some((scheme) => startsWithIgnoringCase(v, scheme));
}

function startsWithIgnoringCase(v: Uint8Array, lower: string): boolean {
  if (v.length < lower.length) return false;
  for (let j = 0; j < lower.length; j++) if ((v[j]! | 0x20) !== lower.charCodeAt(j)) return false;
  return true;
}
