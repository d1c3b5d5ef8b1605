import { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';
import { CaptureInterface } from './capture-interface.js';
import { PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB_TYPE } from './capture-format.js';
import type { CaptureRecord } from './capture-record.js';
import type { FormatReader, ReaderState } from './reader-state.js';
import { TimestampConverter } from './timestamp-converter.js';

/** Block types (draft-ietf-opsawg-pcapng). Everything else is skipped by its length. */
export const PcapngBlockType = {
  SectionHeader: PCAPNG_SHB_TYPE,
  InterfaceDescription: 1,
  /** Obsolete Packet Block, written by old tools. */
  ObsoletePacket: 2,
  SimplePacket: 3,
  NameResolution: 4,
  InterfaceStatistics: 5,
  EnhancedPacket: 6,
  DecryptionSecrets: 10,
} as const;

/** A block larger than this is taken as a corrupt length rather than buffered. */
export const PCAPNG_MAX_BLOCK_LENGTH = 128 * 1024 * 1024;
/** Every block has type, length and trailing length; 12 bytes also reach the SHB byte-order magic. */
const BLOCK_HEADER_PROBE = 12;
const MIN_SHB = 28;
const MIN_IDB = 20;
/** EPB and OPB: 28 bytes of fields before the data plus the trailing length. */
const MIN_EPB = 32;
const MIN_SPB = 16;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;
const OPT_END = 0;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;
const OPT_IF_FCSLEN = 13;
const OPT_IF_TSOFFSET = 14;
const DEFAULT_TSRESOL = 6;
const TWO_32 = 4294967296;

const BLOCK_NAMES: Readonly<Record<number, string>> = {
  [PcapngBlockType.SectionHeader]: 'section header block',
  [PcapngBlockType.InterfaceDescription]: 'interface description block',
  [PcapngBlockType.ObsoletePacket]: 'obsolete packet block',
  [PcapngBlockType.SimplePacket]: 'simple packet block',
  [PcapngBlockType.EnhancedPacket]: 'enhanced packet block',
};

/** pcapng reader; used through CaptureParser. Sections may switch byte order; interfaces are per section. */
export class PcapngReader implements FormatReader {
  skipping = false;
  skipStart = 0;
  skipLength = 0;
  skipRemaining = 0;
  /** Version of the first section header, once read. */
  versionMajor = -1;
  versionMinor = -1;
  private littleEndian = true;
  /** Number of section headers read so far. */
  private sections = 0;
  /** Index in state.interfaces of the current section's interface 0, and how many the section has. */
  private sectionFirstInterface = 0;
  private sectionInterfaceCount = 0;

  constructor(private readonly state: ReaderState) {}

  parse(buf: Uint8Array, view: DataView, start: number, end: number, onRecord: (r: CaptureRecord) => void): number {
    let pos = start;
    if (this.skipping) {
      const n = Math.min(this.skipRemaining, end - pos);
      pos += n;
      this.skipRemaining -= n;
      if (this.skipRemaining > 0) return pos - start;
      this.skipping = false;
    }
    const state = this.state;
    const base = state.base;
    const rec = state.record;
    const interfaces = state.interfaces;
    for (;;) {
      const avail = end - pos;
      if (avail < BLOCK_HEADER_PROBE) {
        state.pending(this.sections === 0 ? 'file header' : 'block header', BLOCK_HEADER_PROBE);
        break;
      }
      let le = this.littleEndian;
      const type = view.getUint32(pos, le);
      if (type === PcapngBlockType.SectionHeader) le = this.sectionByteOrder(buf, view, pos, end);
      const len = view.getUint32(pos + 4, le);
      if (len < 12 || (len & 3) !== 0 || len > PCAPNG_MAX_BLOCK_LENGTH) {
        throw new CaptureFormatError(
          CaptureErrorCode.CorruptLength,
          `corrupt pcapng block at byte offset ${base + pos}: block type 0x${type.toString(16)} has total length ${len} (must be a multiple of 4 from 12 to ${PCAPNG_MAX_BLOCK_LENGTH})`,
          base + pos,
        );
      }
      if (type === PcapngBlockType.EnhancedPacket || type === PcapngBlockType.ObsoletePacket) {
        // EPB and OPB share the layout from offset 12 on: ts high, ts low, caplen, original length, data.
        if (avail < len) {
          state.pending('block', len);
          break;
        }
        // The common case stays inline; checkBlock only runs to build the error.
        if (len < MIN_EPB || view.getUint32(pos + len - 4, le) !== len) this.checkBlock(view, pos, len, le, MIN_EPB);
        const ifId = type === PcapngBlockType.EnhancedPacket ? view.getUint32(pos + 8, le) : view.getUint16(pos + 8, le);
        const caplen = view.getUint32(pos + 20, le);
        if (32 + caplen > len) throw this.caplenError(type, caplen, len, pos);
        if (ifId >= this.sectionInterfaceCount) throw this.interfaceError(type, ifId, pos);
        const itf = interfaces[this.sectionFirstInterface + ifId]!;
        const ts = itf.timestamp;
        ts.convertAt(view, pos + 12, le);
        rec.bytes = buf;
        rec.offset = pos + 28;
        rec.captureLength = caplen;
        rec.wireLength = view.getUint32(pos + 24, le);
        rec.linkType = itf.linkType;
        rec.interfaceId = itf.index;
        rec.tsSec = ts.sec;
        rec.tsNsec = ts.nsec;
        rec.hasTimestamp = true;
        rec.recordNumber = ++state.recordCount;
        rec.fileOffset = base + pos;
        pos += len;
        onRecord(rec);
        if (state.stopRequested) break;
        continue;
      }
      const buffered =
        type === PcapngBlockType.SectionHeader ||
        type === PcapngBlockType.InterfaceDescription ||
        type === PcapngBlockType.SimplePacket;
      if (!buffered) {
        // Unknown, statistics, name-resolution, secrets, custom blocks: drop them without buffering.
        if (avail >= len) {
          pos += len;
          continue;
        }
        this.skipping = true;
        this.skipStart = base + pos;
        this.skipLength = len;
        this.skipRemaining = len - avail;
        pos = end;
        break;
      }
      if (avail < len) {
        state.pending(this.sections === 0 ? 'file header' : 'block', len);
        break;
      }
      if (type === PcapngBlockType.SimplePacket) {
        this.checkBlock(view, pos, len, le, MIN_SPB);
        if (this.sectionInterfaceCount === 0) throw this.interfaceError(type, 0, pos);
        const itf = interfaces[this.sectionFirstInterface]!;
        const wire = view.getUint32(pos + 8, le);
        // An SPB stores no captured length: it is the original length cut by the snaplen and by the block size.
        let caplen = Math.min(wire, len - MIN_SPB);
        if (itf.snapLength > 0 && itf.snapLength < caplen) caplen = itf.snapLength;
        rec.bytes = buf;
        rec.offset = pos + 12;
        rec.captureLength = caplen;
        rec.wireLength = wire;
        rec.linkType = itf.linkType;
        rec.interfaceId = itf.index;
        rec.tsSec = 0;
        rec.tsNsec = 0;
        rec.hasTimestamp = false;
        rec.recordNumber = ++state.recordCount;
        rec.fileOffset = base + pos;
        pos += len;
        onRecord(rec);
        if (state.stopRequested) break;
        continue;
      }
      if (type === PcapngBlockType.SectionHeader) {
        this.checkBlock(view, pos, len, le, MIN_SHB);
        this.readSectionHeader(view, pos, le);
      } else {
        this.checkBlock(view, pos, len, le, MIN_IDB);
        this.readInterface(buf, view, pos, len, le);
      }
      pos += len;
    }
    return pos - start;
  }

  /** Byte order of the section whose header starts at pos (the type reads the same either way; the BOM decides). */
  private sectionByteOrder(buf: Uint8Array, view: DataView, pos: number, end: number): boolean {
    const bom = view.getUint32(pos + 8, true);
    if (bom === PCAPNG_BYTE_ORDER_MAGIC) return true;
    if (bom === BYTE_ORDER_MAGIC_SWAPPED) return false;
    const offset = this.state.base + pos;
    const shown: string[] = [];
    for (let i = pos + 8; i < pos + 12 && i < end; i++) shown.push(buf[i]!.toString(16).padStart(2, '0'));
    if (this.sections === 0) {
      throw new CaptureFormatError(
        CaptureErrorCode.NotCapture,
        `not a pcap or pcapng file (first bytes 0a 0d 0d 0a, but the byte-order magic is ${shown.join(' ')})`,
        offset,
      );
    }
    throw new CaptureFormatError(
      CaptureErrorCode.BadSection,
      `corrupt pcapng section header at byte offset ${offset}: byte-order magic ${shown.join(' ')}`,
      offset,
    );
  }

  private checkBlock(view: DataView, pos: number, len: number, le: boolean, min: number): void {
    const type = view.getUint32(pos, le);
    if (len < min) {
      throw new CaptureFormatError(
        CaptureErrorCode.CorruptLength,
        `corrupt pcapng ${BLOCK_NAMES[type] ?? 'block'} at byte offset ${this.state.base + pos}: total length ${len} is below its minimum ${min}`,
        this.state.base + pos,
      );
    }
    const trailer = view.getUint32(pos + len - 4, le);
    if (trailer !== len) {
      throw new CaptureFormatError(
        CaptureErrorCode.CorruptLength,
        `corrupt pcapng ${BLOCK_NAMES[type] ?? 'block'} at byte offset ${this.state.base + pos}: total length ${len} at its start but ${trailer} at its end`,
        this.state.base + pos,
      );
    }
  }

  private readSectionHeader(view: DataView, pos: number, le: boolean): void {
    const major = view.getUint16(pos + 12, le);
    const minor = view.getUint16(pos + 14, le);
    if (major !== 1) {
      throw new CaptureFormatError(
        CaptureErrorCode.UnsupportedVersion,
        `unsupported pcapng version ${major}.${minor} in the section header at byte offset ${this.state.base + pos} (only 1.x is defined)`,
        this.state.base + pos,
      );
    }
    if (this.sections === 0) {
      this.versionMajor = major;
      this.versionMinor = minor;
    }
    this.sections++;
    this.littleEndian = le;
    this.state.sectionLittleEndian.push(le);
    this.sectionFirstInterface = this.state.interfaces.length;
    this.sectionInterfaceCount = 0;
  }

  private readInterface(buf: Uint8Array, view: DataView, pos: number, len: number, le: boolean): void {
    const fileLinkType = view.getUint16(pos + 8, le);
    const snapLength = view.getUint32(pos + 12, le);
    let tsresol = DEFAULT_TSRESOL;
    let tsOffset = 0;
    let fcsLength = -1;
    let name = '';
    const optEnd = pos + len - 4;
    let p = pos + 16;
    // Options are lenient: a malformed option ends the list instead of failing the file.
    while (p + 4 <= optEnd) {
      const code = view.getUint16(p, le);
      const olen = view.getUint16(p + 2, le);
      if (code === OPT_END) break;
      const v = p + 4;
      if (v + olen > optEnd) break;
      if (code === OPT_IF_TSRESOL && olen >= 1) tsresol = buf[v]!;
      else if (code === OPT_IF_TSOFFSET && olen >= 8) {
        tsOffset = le
          ? view.getInt32(v + 4, true) * TWO_32 + view.getUint32(v, true)
          : view.getInt32(v, false) * TWO_32 + view.getUint32(v + 4, false);
      } else if (code === OPT_IF_FCSLEN && olen >= 1) fcsLength = buf[v]!;
      else if (code === OPT_IF_NAME) name = asciiText(buf, v, olen);
      p = v + ((olen + 3) & ~3);
    }
    const tsBase = (tsresol & 0x80) !== 0 ? 2 : 10;
    const tsExponent = tsresol & 0x7f;
    if (!TimestampConverter.isSupported(tsBase, tsExponent)) {
      throw new CaptureFormatError(
        CaptureErrorCode.BadOption,
        `unsupported if_tsresol 0x${tsresol.toString(16)} (${tsBase}^-${tsExponent} s) in the interface description block at byte offset ${this.state.base + pos}`,
        this.state.base + pos,
      );
    }
    const interfaces = this.state.interfaces;
    interfaces.push(
      new CaptureInterface({
        index: interfaces.length,
        section: this.sections - 1,
        sectionInterfaceId: this.sectionInterfaceCount,
        fileLinkType,
        snapLength,
        timestamp: new TimestampConverter(tsBase, tsExponent, tsOffset),
        littleEndian: le,
        fcsLength,
        name,
      }),
    );
    this.sectionInterfaceCount++;
  }

  private caplenError(type: number, caplen: number, len: number, pos: number): CaptureFormatError {
    const offset = this.state.base + pos;
    return new CaptureFormatError(
      CaptureErrorCode.CorruptLength,
      `corrupt pcapng ${BLOCK_NAMES[type] ?? 'block'} at byte offset ${offset}: captured length ${caplen} does not fit its total length ${len}`,
      offset,
    );
  }

  private interfaceError(type: number, ifId: number, pos: number): CaptureFormatError {
    const offset = this.state.base + pos;
    return new CaptureFormatError(
      CaptureErrorCode.UnknownInterface,
      `pcapng ${BLOCK_NAMES[type] ?? 'block'} at byte offset ${offset} names interface ${ifId}, but its section describes ${this.sectionInterfaceCount}`,
      offset,
    );
  }
}

/** Option strings are UTF-8; names we show are ASCII in practice, so anything else becomes '?'. */
function asciiText(buf: Uint8Array, start: number, length: number): string {
  let end = start + length;
  while (end > start && buf[end - 1] === 0) end--;
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return s;
}
