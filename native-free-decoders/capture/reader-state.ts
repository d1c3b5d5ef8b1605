import { CaptureRecord } from './capture-record.js';
import type { CaptureInterface } from './capture-interface.js';
import type { CaptureTailUnit } from './capture-tail.js';

/** State the format readers share with CaptureParser (internal to this folder). */
export class ReaderState {
  readonly record = new CaptureRecord();
  recordCount = 0;
  /** File offset of index 0 of the buffer passed to the current parse call: fileOffset = base + index. */
  base = 0;
  stopRequested = false;
  /** What the reader is waiting for at its first unconsumed byte, and how many bytes that takes in all. */
  pendingUnit: CaptureTailUnit = 'file header';
  pendingExpected = 4;
  readonly interfaces: CaptureInterface[] = [];
  /** Byte order of each section (one entry for classic pcap). */
  readonly sectionLittleEndian: boolean[] = [];

  pending(unit: CaptureTailUnit, expected: number): void {
    this.pendingUnit = unit;
    this.pendingExpected = expected;
  }
}

/** What each format reader provides to CaptureParser. */
export interface FormatReader {
  /** Parses complete structures from buf[start, end); returns bytes consumed. */
  parse(buf: Uint8Array, view: DataView, start: number, end: number, onRecord: (r: CaptureRecord) => void): number;
  /** True while the reader is discarding the body of a block it skips (nothing needs buffering). */
  readonly skipping: boolean;
  /** Offset/size of the block being skipped, for the tail report. */
  readonly skipStart: number;
  readonly skipLength: number;
  readonly skipRemaining: number;
}
