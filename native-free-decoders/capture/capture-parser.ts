import { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';
import { CaptureFormat, FormatProbe, notCaptureError, probeCaptureFormat } from './capture-format.js';
import type { CaptureInterface } from './capture-interface.js';
import type { CaptureRecord } from './capture-record.js';
import type { CaptureTail } from './capture-tail.js';
import { PcapReader } from './pcap-reader.js';
import type { PcapHeaderInfo } from './pcap-reader.js';
import { PcapngReader } from './pcapng-reader.js';
import { ReaderState } from './reader-state.js';
import type { FormatReader } from './reader-state.js';

/** What the parser learned about the file, for reports and the replay summary. */
export interface CaptureInfo {
  format: CaptureFormat | null;
  /** Byte order of the file header / first section. */
  byteOrder: 'little' | 'big' | null;
  /** Byte order of every section (one entry for classic pcap). */
  sectionByteOrders: ('little' | 'big')[];
  /** pcap: 2.x; pcapng: version of the first section header. */
  versionMajor: number;
  versionMinor: number;
  interfaces: readonly CaptureInterface[];
  /** Distinct link types of the interfaces (normalised), in file order. */
  linkTypes: number[];
  /** Classic pcap header fields, or null for pcapng. */
  pcapHeader: PcapHeaderInfo | null;
  records: number;
}

/**
 * Push parser for classic pcap and pcapng over byte chunks. The caller owns the buffer: it offers bytes, the
 * parser consumes only whole records (or header/blocks) and the caller carries the unconsumed rest over into the
 * next call together with new bytes. Memory stays constant; per record nothing is allocated, and onRecord gets the
 * same reused `record` every time.
 *
 * ```
 * const used = parser.parse(buf, 0, filled, onRecord);  // keep buf[used, filled), append more, call again
 * const tail = parser.end(filled - used);               // at end of input: null, or the cut-short tail
 * ```
 */
export class CaptureParser {
  private readonly state = new ReaderState();
  private reader: FormatReader | null = null;
  private pcap: PcapReader | null = null;
  private pcapng: PcapngReader | null = null;
  private consumedTotal = 0;
  private lastBuffer: Uint8Array | null = null;
  private lastView: DataView | null = null;

  /** Reusable record, refilled for every packet. */
  get record(): CaptureRecord {
    return this.state.record;
  }

  get format(): CaptureFormat | null {
    return this.pcap !== null ? CaptureFormat.Pcap : this.pcapng !== null ? CaptureFormat.Pcapng : null;
  }

  /** Packets delivered so far. */
  get recordCount(): number {
    return this.state.recordCount;
  }

  /** Input bytes consumed so far (the file offset of the first byte the next parse call must start with). */
  get bytesConsumed(): number {
    return this.consumedTotal;
  }

  /**
   * After a parse call: how many bytes, counted from the first unconsumed one, the next call must be offered to
   * make progress. A caller whose buffer is smaller must grow it (a single record larger than the buffer).
   */
  get bytesNeeded(): number {
    return this.reader?.skipping === true ? 1 : this.state.pendingExpected;
  }

  /** Interfaces seen so far (one for classic pcap); records index them with interfaceId. */
  get interfaces(): readonly CaptureInterface[] {
    return this.state.interfaces;
  }

  get stopped(): boolean {
    return this.state.stopRequested;
  }

  /** Makes parse() return right after the current record (call it from onRecord). */
  requestStop(): void {
    this.state.stopRequested = true;
  }

  /**
   * Parses complete records from buf[start, end), calling onRecord(this.record) per packet, and returns the bytes
   * consumed. Throws CaptureFormatError when the input is not a capture or its framing is corrupt; never for a
   * record that is merely incomplete (that waits for more bytes, or is reported by end()).
   */
  parse(buf: Uint8Array, start: number, end: number, onRecord: (r: CaptureRecord) => void): number {
    if (start < 0 || end > buf.length || start > end) {
      throw new RangeError(`parse range [${start}, ${end}) outside a buffer of ${buf.length} bytes`);
    }
    if (this.state.stopRequested) return 0;
    let reader = this.reader;
    if (reader === null) {
      const probe = probeCaptureFormat(buf, start, end);
      if (probe === FormatProbe.Unknown) throw notCaptureError(buf, start, end);
      if (probe === FormatProbe.NeedMore) {
        this.state.pending('file header', 4);
        return 0;
      }
      if (probe === FormatProbe.Pcap) reader = this.pcap = new PcapReader(this.state);
      else reader = this.pcapng = new PcapngReader(this.state);
      this.reader = reader;
    }
    let view = this.lastView;
    // One DataView per buffer, not per call: the file source passes the same buffer every time.
    if (buf !== this.lastBuffer || view === null) {
      view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.lastBuffer = buf;
      this.lastView = view;
    }
    this.state.base = this.consumedTotal - start;
    const used = reader.parse(buf, view, start, end, onRecord);
    this.consumedTotal += used;
    return used;
  }

  /**
   * Declares the end of input with `bytesLeft` unconsumed bytes (what the last parse call did not take).
   * Returns null for a clean end, or the description of the cut-short last structure. Throws Empty when no byte
   * was ever offered.
   */
  end(bytesLeft: number): CaptureTail | null {
    const state = this.state;
    const reader = this.reader;
    if (reader === null && bytesLeft === 0 && this.consumedTotal === 0) {
      throw new CaptureFormatError(CaptureErrorCode.Empty, 'empty input (no capture file header)', 0);
    }
    if (reader !== null && reader.skipping) {
      return {
        unit: 'block',
        offset: reader.skipStart,
        bytesPresent: reader.skipLength - reader.skipRemaining + bytesLeft,
        bytesExpected: reader.skipLength,
        completeRecords: state.recordCount,
      };
    }
    if (bytesLeft === 0) return null;
    return {
      unit: state.pendingUnit,
      offset: this.consumedTotal,
      bytesPresent: bytesLeft,
      bytesExpected: Math.max(state.pendingExpected, bytesLeft),
      completeRecords: state.recordCount,
    };
  }

  info(): CaptureInfo {
    const state = this.state;
    const orders = state.sectionLittleEndian.map((le) => (le ? 'little' : 'big') as 'little' | 'big');
    const linkTypes: number[] = [];
    for (const itf of state.interfaces) if (!linkTypes.includes(itf.linkType)) linkTypes.push(itf.linkType);
    const header = this.pcap?.header ?? null;
    return {
      format: this.format,
      byteOrder: orders[0] ?? null,
      sectionByteOrders: orders,
      versionMajor: header?.versionMajor ?? this.pcapng?.versionMajor ?? -1,
      versionMinor: header?.versionMinor ?? this.pcapng?.versionMinor ?? -1,
      interfaces: state.interfaces,
      linkTypes,
      pcapHeader: header,
      records: state.recordCount,
    };
  }
}
