// Test-only packet construction. Builds wire bytes layer by layer so tests can state intent ("VXLAN around
// Ethernet around IPv4/TCP") instead of hex. Not on any hot path.

export type Bytes = Uint8Array;

export function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function hex(text: string): Bytes {
  const clean = text.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function be16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function ipv4Bytes(text: string): number[] {
  return text.split('.').map(Number);
}

export function ipv6Bytes(text: string): number[] {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':').filter((x) => x !== '') : [];
  const t = tail ? tail.split(':').filter((x) => x !== '') : [];
  const groups = [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.flatMap((g) => be16(g));
}

export function ethernet(payload: Bytes, ethertype = 0x0800, dst = '02:00:00:00:00:02', src = '02:00:00:00:00:01'): Bytes {
  const mac = (m: string) => m.split(':').map((x) => parseInt(x, 16));
  return concat(new Uint8Array([...mac(dst), ...mac(src), ...be16(ethertype)]), payload);
}

/** A VLAN tag: the TPID goes in the enclosing header's ethertype; this is TCI + inner ethertype. */
export function vlanTag(vid: number, innerType: number, payload: Bytes, pcp = 0): Bytes {
  return concat(new Uint8Array([...be16((pcp << 13) | vid), ...be16(innerType)]), payload);
}

export interface Ipv4Options {
  src?: string;
  dst?: string;
  proto?: number;
  ttl?: number;
  id?: number;
  flags?: number; // 3 bits: reserved, DF, MF
  fragOffset?: number; // bytes (multiple of 8)
  options?: number[];
  totalLength?: number; // override (to fake truncation)
  tos?: number;
}

export function ipv4(payload: Bytes, o: Ipv4Options = {}): Bytes {
  const opts = o.options ?? [];
  const hlen = 20 + opts.length;
  const total = o.totalLength ?? hlen + payload.length;
  const frag = ((o.flags ?? 0) << 13) | ((o.fragOffset ?? 0) >> 3);
  const h = [
    0x40 | (hlen >> 2), o.tos ?? 0, ...be16(total), ...be16(o.id ?? 1), ...be16(frag), o.ttl ?? 64, o.proto ?? 6,
    0, 0, ...ipv4Bytes(o.src ?? '10.0.0.11'), ...ipv4Bytes(o.dst ?? '203.0.113.50'), ...opts,
  ];
  const header = new Uint8Array(h);
  let sum = 0;
  for (let i = 0; i < hlen; i += 2) sum += (header[i]! << 8) | header[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  const c = ~sum & 0xffff;
  header[10] = c >> 8;
  header[11] = c & 0xff;
  return concat(header, payload);
}

export interface Ipv6Options {
  src?: string;
  dst?: string;
  nextHeader?: number;
  hopLimit?: number;
  payloadLength?: number;
  flowLabel?: number;
}

export function ipv6(payload: Bytes, o: Ipv6Options = {}): Bytes {
  const fl = o.flowLabel ?? 0;
  return concat(
    new Uint8Array([
      0x60 | 0, (fl >> 16) & 0x0f, ...be16(fl & 0xffff), ...be16(o.payloadLength ?? payload.length),
      o.nextHeader ?? 6, o.hopLimit ?? 64, ...ipv6Bytes(o.src ?? '2001:db8::11'), ...ipv6Bytes(o.dst ?? '2001:db8::50'),
    ]),
    payload,
  );
}

/** An IPv6 options extension header (hop-by-hop or destination options) padded to 8 bytes with PadN. */
export function ipv6OptionsHeader(nextHeader: number, payload: Bytes, options: number[] = []): Bytes {
  const body = [...options];
  const room = (8 - ((2 + body.length) % 8)) % 8;
  if (room === 1) body.push(0);
  else if (room >= 2) body.push(1, room - 2, ...new Array(room - 2).fill(0));
  const len = (2 + body.length) / 8 - 1;
  return concat(new Uint8Array([nextHeader, len, ...body]), payload);
}

export function ipv6Fragment(nextHeader: number, payload: Bytes, offset: number, more: boolean, id = 0x1234): Bytes {
  return concat(new Uint8Array([nextHeader, 0, ...be16(offset | (more ? 1 : 0)), ...be32(id)]), payload);
}

export interface TcpOptions {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  options?: number[];
}

export function tcp(payload: Bytes = new Uint8Array(0), o: TcpOptions = {}): Bytes {
  const opts = [...(o.options ?? [])];
  while (opts.length % 4 !== 0) opts.push(0);
  const hlen = 20 + opts.length;
  return concat(
    new Uint8Array([
      ...be16(o.sport ?? 41000), ...be16(o.dport ?? 80), ...be32(o.seq ?? 1000), ...be32(o.ack ?? 0),
      (hlen >> 2) << 4, o.flags ?? 0x18, ...be16(o.window ?? 65535), 0, 0, 0, 0, ...opts,
    ]),
    payload,
  );
}

export function udp(payload: Bytes = new Uint8Array(0), sport = 53000, dport = 53, lengthOverride?: number): Bytes {
  return concat(new Uint8Array([...be16(sport), ...be16(dport), ...be16(lengthOverride ?? 8 + payload.length), 0, 0]), payload);
}

export function icmp(type: number, code: number, id = 1, seq = 1, payload: Bytes = new Uint8Array(0)): Bytes {
  return concat(new Uint8Array([type, code, 0, 0, ...be16(id), ...be16(seq)]), payload);
}

export function vxlan(inner: Bytes, vni: number, flags = 0x08): Bytes {
  return concat(new Uint8Array([flags, 0, 0, 0, (vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0]), inner);
}

export function geneve(inner: Bytes, vni: number, protocol = 0x0800, options: number[] = [], version = 0): Bytes {
  return concat(
    new Uint8Array([(version << 6) | (options.length >> 2), 0, ...be16(protocol), (vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0, ...options]),
    inner,
  );
}

/** GWLB TLV: class 0x0108, type, 8-byte value. */
export function gwlbOption(type: number, value: bigint): number[] {
  const v: number[] = [];
  for (let i = 7; i >= 0; i--) v.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return [0x01, 0x08, type, 2, ...v];
}

export interface MirrorOptions {
  vni?: number;
  source?: string; // source ENI primary IP
  target?: string;
  sport?: number;
}

/** An AWS Traffic Mirroring delivery: Ethernet/IPv4/UDP 4789/VXLAN around an inner Ethernet frame. */
export function mirrored(innerFrame: Bytes, o: MirrorOptions = {}): Bytes {
  return ethernet(
    ipv4(udp(vxlan(innerFrame, o.vni ?? 7001), o.sport ?? 61000, 4789), {
      src: o.source ?? '10.0.0.11',
      dst: o.target ?? '10.0.9.9',
      proto: 17,
    }),
  );
}

/** A GWLB delivery: Ethernet/IPv4/UDP 6081/GENEVE(+TLVs)/IPv4/UDP 4789/VXLAN/inner frame. */
export function gwlbMirrored(innerFrame: Bytes, o: MirrorOptions & { geneveVni?: number } = {}): Bytes {
  const delivery = ipv4(udp(vxlan(innerFrame, o.vni ?? 7001), o.sport ?? 61000, 4789), {
    src: o.source ?? '10.0.0.11',
    dst: o.target ?? '10.0.9.9',
    proto: 17,
  });
  const opts = [...gwlbOption(1, 0x0123456789abcdefn), ...gwlbOption(2, 0x1111n), ...gwlbOption(3, 0xfeedn)];
  return ethernet(ipv4(udp(geneve(delivery, o.geneveVni ?? 0, 0x0800, opts), 50000, 6081), { src: '10.0.8.8', dst: '10.0.9.9', proto: 17 }));
}
