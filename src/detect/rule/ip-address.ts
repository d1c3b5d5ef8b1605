/** Text-to-number parsing of IPv4 and IPv6 addresses (load time only). */

/** IPv4 dotted quad to an unsigned 32-bit number, or -1. */
export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) return -1;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return -1;
    const n = Number(p);
    if (n > 255) return -1;
    v = v * 256 + n;
  }
  return v;
}

/** IPv6 text (with `::` and an optional dotted IPv4 tail) to a 128-bit bigint, or null. */
export function parseIpv6(text: string): bigint | null {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (s.indexOf(':') < 0) return null;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    // an embedded IPv4 tail is just the last two 16-bit groups written differently
    const v4 = parseIpv4(tail);
    if (v4 < 0) return null;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return null;
  const parseGroup = (g: string): number => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : -1);
  let words: number[];
  if (dbl >= 0) {
    const left = s.slice(0, dbl);
    const right = s.slice(dbl + 2);
    const lw = left === '' ? [] : left.split(':').map(parseGroup);
    const rw = right === '' ? [] : right.split(':').map(parseGroup);
    const fill = 8 - lw.length - rw.length;
    if (fill < 1) return null;
    words = [...lw, ...new Array<number>(fill).fill(0), ...rw];
  } else {
    words = s === '' ? [] : s.split(':').map(parseGroup);
  }
  if (words.length !== 8 || words.some((w) => w < 0)) return null;
  let v = 0n;
  for (const w of words) v = (v << 16n) | BigInt(w);
  return v;
}
