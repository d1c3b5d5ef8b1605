// Address formatting for output and tests; never on the per-packet hot path (it builds strings).

export function formatIpv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

export function formatIpv4At(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** RFC 5952 text form: lowercase hex, longest run (>= 2) of zero groups compressed, IPv4-mapped kept in hex. */
export function formatIpv6At(b: Uint8Array, o: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16)).join(':');
  return `${head}::${tail}`;
}

export function formatIpAt(b: Uint8Array, o: number, version: number): string {
  return version === 6 ? formatIpv6At(b, o) : formatIpv4At(b, o);
}

/** Parse dotted-quad IPv4 to an unsigned 32-bit number, or -1. */
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

/** Parse an IPv6 (or IPv4) text address into 16 bytes (IPv4 becomes ::ffff:a.b.c.d), or null. */
export function parseIpv6(text: string): Uint8Array | null {
  let s = text;
  const out = new Uint8Array(16);
  let tailV4: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.') && lastColon >= 0) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 < 0) return null;
    tailV4 = [(v4 >>> 24) & 0xff, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff];
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const gs = h.split(':');
    const r: number[] = [];
    for (const g of gs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      r.push(parseInt(g, 16));
    }
    return r;
  };
  const a = parse(halves[0]!);
  const c = halves.length === 2 ? parse(halves[1]!) : [];
  if (a === null || c === null) return null;
  if (halves.length === 1 && a.length !== 8) return null;
  if (halves.length === 2 && a.length + c.length > 7) return null;
  const groups = [...a, ...new Array<number>(8 - a.length - c.length).fill(0), ...c];
  for (let i = 0; i < 8; i++) {
    out[2 * i] = groups[i]! >> 8;
    out[2 * i + 1] = groups[i]! & 0xff;
  }
  if (tailV4.length === 4) out.set(tailV4, 12);
  return out;
}
