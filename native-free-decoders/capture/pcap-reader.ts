import { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';
import { CaptureInterface } from './capture-interface.js';
import { PCAP_MAGIC_KUZNETZOV, PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO } from './capture-format.js';
import type { CaptureRecord } from './capture-record.js';
import { normalizeLinkType } from './normalize-link-type.js';
import type { FormatReader, ReaderState } from './reader-state.js';
import { TimestampConverter } from './timestamp-converter.js';

export const PCAP_FILE_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;
/** libpcap's largest snapshot length for ordinary link types; a caplen above both it and snaplen is corruption. */
export const PCAP_MAX_SNAPLEN = 262_144;
/** A generous ceiling even when the header claims a huge snaplen, so a corrupt caplen cannot demand gigabytes. */
export const PCAP_MAX_RECORD_LENGTH = 128 * 1024 * 1024;

/** Header fields of a classic pcap file (pcap-savefile(5) / draft-ietf-opsawg-pcap). */
export interface PcapHeaderInfo {
  littleEndian: boolean;
  /** True for magic 0xa1b23c4d: the fraction field counts nanoseconds. */
  nanosecond: boolean;
  /** True for the 0xa1b2cd34 variant with 24-byte record headers. */
  kuznetzov: boolean;
  versionMajor: number;
  versionMinor: number;
  snapLength: number;
  /** Low 16 bits of the header's link type field, as written. */
  fileLinkType: number;
  /** Bytes of FCS per frame when the header's P bit says so, else -1. */
  fcsLength: number;
}

/** Classic libpcap format reader; used through CaptureParser. */
export class PcapReader implements FormatReader {
  header: PcapHeaderInfo | null = null;
  readonly skipping = false;
  readonly skipStart = 0;
  readonly skipLength = 0;
  readonly skipRemaining = 0;
  private littleEndian = true;
  private recordHeaderLength = PCAP_RECORD_HEADER_LENGTH;
  private maxCaptureLength = PCAP_MAX_SNAPLEN;
  private fracPerSec = 1_000_000;
  private nsPerFrac = 1000;
  private linkType = 1;

  constructor(private readonly state: ReaderState) {}

  parse(buf: Uint8Array, view: DataView, start: number, end: number, onRecord: (r: CaptureRecord) => void): number {
    const state = this.state;
    let pos = start;
    if (this.header === null) {
      if (end - pos < PCAP_FILE_HEADER_LENGTH) {
        state.pending('file header', PCAP_FILE_HEADER_LENGTH);
        return 0;
      }
      this.readHeader(view, pos);
      pos += PCAP_FILE_HEADER_LENGTH;
    }
    // Locals keep the loop free of repeated property loads.
    const le = this.littleEndian;
    const hdr = this.recordHeaderLength;
    const maxCap = this.maxCaptureLength;
    const fracPerSec = this.fracPerSec;
    const nsPerFrac = this.nsPerFrac;
    const linkType = this.linkType;
    const base = state.base;
    const rec = state.record;
    for (;;) {
      const avail = end - pos;
      if (avail < hdr) {
        state.pending('record header', hdr);
        break;
      }
      const caplen = view.getUint32(pos + 8, le);
      if (caplen > maxCap) throw this.corruptCaplen(caplen, base + pos);
      const total = hdr + caplen;
      if (avail < total) {
        state.pending('record', total);
        break;
      }
      let sec = view.getUint32(pos, le);
      let frac = view.getUint32(pos + 4, le);
      if (frac >= fracPerSec) {
        // Out-of-range fractions exist in the wild; carry them into seconds rather than emit nsec >= 1e9.
        const carry = Math.floor(frac / fracPerSec);
        sec += carry;
        frac -= carry * fracPerSec;
      }
      rec.bytes = buf;
      rec.offset = pos + hdr;
      rec.captureLength = caplen;
      rec.wireLength = view.getUint32(pos + 12, le);
      rec.linkType = linkType;
      rec.interfaceId = 0;
      rec.tsSec = sec;
      rec.tsNsec = frac * nsPerFrac;
      rec.hasTimestamp = true;
      rec.recordNumber = ++state.recordCount;
      rec.fileOffset = base + pos;
      pos += total;
      onRecord(rec);
      if (state.stopRequested) break;
    }
    return pos - start;
  }

  private readHeader(view: DataView, pos: number): void {
    const magicLe = view.getUint32(pos, true);
    const magicBe = view.getUint32(pos, false);
    const le = magicLe === PCAP_MAGIC_MICRO || magicLe === PCAP_MAGIC_NANO || magicLe === PCAP_MAGIC_KUZNETZOV;
    const magic = le ? magicLe : magicBe;
    const versionMajor = view.getUint16(pos + 4, le);
    const versionMinor = view.getUint16(pos + 6, le);
    if (versionMajor !== 2) {
      throw new CaptureFormatError(
        CaptureErrorCode.UnsupportedVersion,
        `unsupported pcap version ${versionMajor}.${versionMinor} (only 2.x is defined)`,
        this.state.base + pos + 4,
      );
    }
    const snapLength = view.getUint32(pos + 16, le);
    const linkField = view.getUint32(pos + 20, le);
    // Upper bits of the link type field: bit 26 says the top four bits give the FCS length in 16-bit words.
    const fcsLength = (linkField & 0x04000000) !== 0 ? (linkField >>> 28) * 2 : -1;
    const fileLinkType = linkField & 0xffff;
    const nanosecond = magic === PCAP_MAGIC_NANO;
    const kuznetzov = magic === PCAP_MAGIC_KUZNETZOV;
    this.header = { littleEndian: le, nanosecond, kuznetzov, versionMajor, versionMinor, snapLength, fileLinkType, fcsLength };
    this.littleEndian = le;
    this.recordHeaderLength = kuznetzov ? 24 : PCAP_RECORD_HEADER_LENGTH;
    this.maxCaptureLength = Math.max(PCAP_MAX_SNAPLEN, Math.min(snapLength, PCAP_MAX_RECORD_LENGTH));
    this.fracPerSec = nanosecond ? 1_000_000_000 : 1_000_000;
    this.nsPerFrac = nanosecond ? 1 : 1000;
    this.linkType = normalizeLinkType(fileLinkType);
    this.state.sectionLittleEndian.push(le);
    this.state.interfaces.push(
      new CaptureInterface({
        index: 0,
        section: 0,
        sectionInterfaceId: 0,
        fileLinkType,
        snapLength,
        timestamp: new TimestampConverter(10, nanosecond ? 9 : 6),
        littleEndian: le,
        fcsLength,
        name: '',
      }),
    );
  }

  private corruptCaplen(caplen: number, offset: number): CaptureFormatError {
    const snap = this.header?.snapLength ?? 0;
    return new CaptureFormatError(
      CaptureErrorCode.CorruptLength,
      `corrupt pcap record at byte offset ${offset}: captured length ${caplen} exceeds the limit ${this.maxCaptureLength} (snaplen ${snap})`,
      offset,
    );
  }
}
