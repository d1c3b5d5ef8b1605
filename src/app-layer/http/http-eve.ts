import { latin1, utf8Lossy } from '../bytes.js';
import type { HttpTransaction } from './http-transaction.js';

/**
 * The EVE `http` object with Suricata 7's default (extended) fields, in its key order: hostname, http_port (only
 * when the Host header or URI carries a port), url (raw request target), http_user_agent, xff, http_content_type
 * (response, parameters cut at ';'), content_range, http_refer, http_method, protocol, status, redirect, length.
 */
export function httpEve(tx: HttpTransaction): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const req = tx.request;
  if (req !== null) {
    const host = tx.hostInfo();
    if (host.host !== null) out['hostname'] = utf8Lossy(host.host);
    if (host.port >= 0) out['http_port'] = host.port;
    if (req.bStart !== -1) out['url'] = utf8Lossy(req.bytes, req.bStart, req.bEnd);
    const ua = req.value('user-agent');
    if (ua !== null) out['http_user_agent'] = utf8Lossy(ua);
    const xff = req.value('x-forwarded-for');
    if (xff !== null) out['xff'] = utf8Lossy(xff);
  }
  const res = tx.response;
  if (res !== null) {
    const ct = res.value('content-type');
    if (ct !== null) {
      const text = utf8Lossy(ct);
      const semi = text.indexOf(';');
      out['http_content_type'] = semi === -1 ? text : text.slice(0, semi);
    }
    const cr = res.value('content-range');
    if (cr !== null) out['content_range'] = contentRange(cr);
  }
  if (req !== null) {
    const ref = req.value('referer');
    if (ref !== null) out['http_refer'] = utf8Lossy(ref);
    if (req.aStart !== -1) out['http_method'] = utf8Lossy(req.bytes, req.aStart, req.aEnd);
    if (req.cStart !== -1) out['protocol'] = utf8Lossy(req.bytes, req.cStart, req.cEnd);
  }
  if (res !== null && res.bStart !== -1) {
    out['status'] = leadingNumber(latin1(res.bytes, res.bStart, res.bEnd));
    const loc = res.value('location');
    if (loc !== null) out['redirect'] = utf8Lossy(loc);
  }
  out['length'] = tx.responseMessageLength;
  return out;
}

/** strtoul semantics: leading digits, 0 when there are none. */
function leadingNumber(text: string): number {
  const m = /^\s*(\d+)/.exec(text);
  return m === null ? 0 : Number(m[1]);
}

/** `bytes 0-99/1000` → {raw, start, end, size}; missing parts are omitted, as Suricata does. */
function contentRange(v: Uint8Array): Record<string, unknown> {
  const raw = utf8Lossy(v);
  const out: Record<string, unknown> = { raw };
  const m = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(raw);
  if (m !== null) {
    if (m[1] !== undefined) out['start'] = Number(m[1]);
    if (m[2] !== undefined) out['end'] = Number(m[2]);
    if (m[3] !== undefined && m[3] !== '*') out['size'] = Number(m[3]);
  }
  return out;
}

