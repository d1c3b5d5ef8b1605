import { PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO } from './capture-format.js';

/**
 * Small capture writers for tests, samples and benchmarks (not a hot path: they allocate freely). They write
 * exactly what they are told, including inconsistent values, so tests can build corrupt files too.
 */

export interface PcapWriteOptions {
  littleEndian?: boolean;
  /** Nanosecond magic (0xa1b23c4d): the fraction field counts nanoseconds. */
  nanosecond?: boolean;
  snapLength?: number;
  /** The whole 32-bit link type field (FCS bits included). */
  linkType?: number;
  versionMajor?: number;
  versionMinor?: number;
}

export interface PcapWritePacket {
  tsSec: number;
  /** Microseconds, or nanoseconds with the nanosecond magic. */
  tsFrac: number;
  data: Uint8Array;
  /** Defaults to data.length. */
  wireLength?: number;
  /** Written caplen; defaults to data.length (set it to build corrupt records). */
  captureLength?: number;
}

/** A classic pcap file holding `packets`. */
export function buildPcap(packets: readonly PcapWritePacket[], options: PcapWriteOptions = {}): Uint8Array {
  const le = options.littleEndian ?? true;
  let size = 24;
  for (const p of packets) size += 16 + p.data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.nanosecond === true ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, le);
  view.setUint16(4, options.versionMajor ?? 2, le);
  view.setUint16(6, options.versionMinor ?? 4, le);
  view.setUint32(16, options.snapLength ?? 262144, le);
  view.setUint32(20, options.linkType ?? 1, le);
  let pos = 24;
  for (const p of packets) {
    view.setUint32(pos, p.tsSec, le);
    view.setUint32(pos + 4, p.tsFrac, le);
    view.setUint32(pos + 8, p.captureLength ?? p.data.length, le);
    view.setUint32(pos + 12, p.wireLength ?? p.data.length, le);
    out.set(p.data, pos + 16);
    pos += 16 + p.data.length;
  }
  return out;
}

export interface PcapngInterfaceOptions {
  snapLength?: number;
  /** Raw if_tsresol byte (omitted when undefined, meaning microseconds). */
  tsresol?: number;
  /** if_tsoffset seconds (omitted when undefined). */
  tsOffset?: bigint;
  name?: string;
  fcsLength?: number;
}

export interface PcapngPacketOptions {
  wireLength?: number;
  /** Written captured length; defaults to data.length. */
  captureLength?: number;
}

/** Writes pcapng block by block, each in the byte order of the section it belongs to. */
export class PcapngBuilder {
  private readonly parts: Uint8Array[] = [];
  private le = true;

  /** Starts a section (Section Header Block). */
  section(littleEndian = true, versionMajor = 1, versionMinor = 0): this {
    this.le = littleEndian;
    const body = new Uint8Array(16);
    const v = new DataView(body.buffer);
    v.setUint32(0, 0x1a2b3c4d, littleEndian);
    v.setUint16(4, versionMajor, littleEndian);
    v.setUint16(6, versionMinor, littleEndian);
    v.setBigInt64(8, -1n, littleEndian);
    return this.block(0x0a0d0d0a, body);
  }

  /** Interface Description Block with the options given. */
  interface(linkType: number, options: PcapngInterfaceOptions = {}): this {
    const opts: Uint8Array[] = [];
    if (options.name !== undefined) opts.push(this.option(2, asciiBytes(options.name)));
    if (options.tsresol !== undefined) opts.push(this.option(9, Uint8Array.of(options.tsresol)));
    if (options.fcsLength !== undefined) opts.push(this.option(13, Uint8Array.of(options.fcsLength)));
    if (options.tsOffset !== undefined) {
      const value = new Uint8Array(8);
      new DataView(value.buffer).setBigInt64(0, options.tsOffset, this.le);
      opts.push(this.option(14, value));
    }
    if (opts.length > 0) opts.push(new Uint8Array(4));
    const head = new Uint8Array(8);
    const v = new DataView(head.buffer);
    v.setUint16(0, linkType, this.le);
    v.setUint32(4, options.snapLength ?? 0, this.le);
    return this.block(1, concat([head, ...opts]));
  }

  /** Enhanced Packet Block; `ticks` in the interface's if_tsresol units. */
  epb(interfaceId: number, ticks: bigint, data: Uint8Array, options: PcapngPacketOptions = {}): this {
    const head = new Uint8Array(20);
    const v = new DataView(head.buffer);
    v.setUint32(0, interfaceId, this.le);
    v.setUint32(4, Number(ticks >> 32n), this.le);
    v.setUint32(8, Number(ticks & 0xffffffffn), this.le);
    v.setUint32(12, options.captureLength ?? data.length, this.le);
    v.setUint32(16, options.wireLength ?? data.length, this.le);
    return this.block(6, concat([head, pad4(data)]));
  }

  /** Obsolete Packet Block (16-bit interface id, drops count). */
  opb(interfaceId: number, ticks: bigint, data: Uint8Array, options: PcapngPacketOptions = {}): this {
    const head = new Uint8Array(20);
    const v = new DataView(head.buffer);
    v.setUint16(0, interfaceId, this.le);
    v.setUint16(2, 0, this.le);
    v.setUint32(4, Number(ticks >> 32n), this.le);
    v.setUint32(8, Number(ticks & 0xffffffffn), this.le);
    v.setUint32(12, options.captureLength ?? data.length, this.le);
    v.setUint32(16, options.wireLength ?? data.length, this.le);
    return this.block(2, concat([head, pad4(data)]));
  }

  /** Simple Packet Block: only the original length; the reader derives the captured length. */
  spb(data: Uint8Array, wireLength = data.length): this {
    const head = new Uint8Array(4);
    new DataView(head.buffer).setUint32(0, wireLength, this.le);
    return this.block(3, concat([head, pad4(data)]));
  }

  /** Any block: type, length and trailing length around `body` (padded to 4). */
  block(type: number, body: Uint8Array): this {
    const padded = pad4(body);
    const len = padded.length + 12;
    const out = new Uint8Array(len);
    const v = new DataView(out.buffer);
    v.setUint32(0, type, this.le);
    v.setUint32(4, len, this.le);
    out.set(padded, 8);
    v.setUint32(len - 4, len, this.le);
    this.parts.push(out);
    return this;
  }

  /** Raw bytes, for corrupt-file tests. */
  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    return this;
  }

  build(): Uint8Array {
    return concat(this.parts);
  }

  private option(code: number, value: Uint8Array): Uint8Array {
    const out = new Uint8Array(4 + ((value.length + 3) & ~3));
    const v = new DataView(out.buffer);
    v.setUint16(0, code, this.le);
    v.setUint16(2, value.length, this.le);
    out.set(value, 4);
    return out;
  }
}

/** Interface names in tests are ASCII; TextEncoder is not available without DOM/Node types. */
function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 0x80 ? c : 0x3f;
  }
  return out;
}

function pad4(data: Uint8Array): Uint8Array {
  if ((data.length & 3) === 0) return data;
  const out = new Uint8Array((data.length + 3) & ~3);
  out.set(data);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
