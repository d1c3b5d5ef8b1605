import { describe, expect, it } from 'vitest';
import { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';
import { CaptureParser } from './capture-parser.js';
import type { CaptureTail } from './capture-tail.js';
import { buildPcap } from './capture-writer.js';
import type { PcapWriteOptions, PcapWritePacket } from './capture-writer.js';
import { snapshotRecord, type RecordSnapshot } from '../../tests/helpers/capture-record-snapshot.js';

function parseAll(bytes: Uint8Array): { records: RecordSnapshot[]; parser: CaptureParser; tail: CaptureTail | null } {
  const parser = new CaptureParser();
  const records: RecordSnapshot[] = [];
  const used = parser.parse(bytes, 0, bytes.length, (r) => records.push(snapshotRecord(r)));
  return { records, parser, tail: parser.end(bytes.length - used) };
}

function caught(fn: () => unknown): CaptureFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureFormatError);
    return error as CaptureFormatError;
  }
  throw new Error('expected a CaptureFormatError');
}

const PACKETS: PcapWritePacket[] = [
  { tsSec: 1795775882, tsFrac: 123456, data: Uint8Array.of(1, 2, 3, 4, 5) },
  { tsSec: 1795775883, tsFrac: 0, data: Uint8Array.of(0xaa, 0xbb), wireLength: 1500 },
  { tsSec: 0xffffffff, tsFrac: 999999, data: new Uint8Array(0) },
];

describe('classic pcap', () => {
  for (const littleEndian of [true, false]) {
    for (const nanosecond of [false, true]) {
      it(`reads ${littleEndian ? 'little' : 'big'}-endian ${nanosecond ? 'nanosecond' : 'microsecond'} files`, () => {
        const options: PcapWriteOptions = { littleEndian, nanosecond, snapLength: 65535, linkType: 1 };
        const packets = PACKETS.map((p) => ({ ...p, tsFrac: nanosecond ? p.tsFrac * 1000 + 7 : p.tsFrac }));
        const { records, parser, tail } = parseAll(buildPcap(packets, options));
        expect(tail).toBeNull();
        expect(records).toEqual([
          { hex: '0102030405', captureLength: 5, wireLength: 5, linkType: 1, interfaceId: 0, tsSec: 1795775882, tsNsec: nanosecond ? 123456007 : 123456000, hasTimestamp: true, recordNumber: 1, fileOffset: 24 },
          { hex: 'aabb', captureLength: 2, wireLength: 1500, linkType: 1, interfaceId: 0, tsSec: 1795775883, tsNsec: nanosecond ? 7 : 0, hasTimestamp: true, recordNumber: 2, fileOffset: 45 },
          { hex: '', captureLength: 0, wireLength: 0, linkType: 1, interfaceId: 0, tsSec: 0xffffffff, tsNsec: nanosecond ? 999999007 : 999999000, hasTimestamp: true, recordNumber: 3, fileOffset: 63 },
        ]);
        const info = parser.info();
        expect(info.format).toBe('pcap');
        expect(info.byteOrder).toBe(littleEndian ? 'little' : 'big');
        expect(info.pcapHeader).toMatchObject({ nanosecond, snapLength: 65535, versionMajor: 2, versionMinor: 4, fileLinkType: 1, fcsLength: -1 });
        expect(info.interfaces).toHaveLength(1);
        expect(info.interfaces[0]!.timestamp.exponent).toBe(nanosecond ? 9 : 6);
        expect(info.linkTypes).toEqual([1]);
        expect(info.records).toBe(3);
      });
    }
  }

  it('passes link types through, folding the old DLT_RAW numbers 12 and 14 into 101', () => {
    for (const [written, seen] of [[0, 0], [1, 1], [12, 101], [14, 101], [101, 101], [113, 113], [228, 228], [229, 229], [276, 276]]) {
      const { records, parser } = parseAll(buildPcap([PACKETS[0]!], { linkType: written }));
      expect(records[0]!.linkType).toBe(seen);
      expect(parser.interfaces[0]!.fileLinkType).toBe(written);
    }
  });

  it('reads the FCS length from the upper bits of the link type field', () => {
    // P bit (26) set, FCS length 2 (16-bit words) = 4 bytes, link type Ethernet.
    const { records, parser } = parseAll(buildPcap([PACKETS[0]!], { linkType: (2 << 28) | 0x04000000 | 1 }));
    expect(records[0]!.linkType).toBe(1);
    expect(parser.interfaces[0]!.fcsLength).toBe(4);
  });

  it('carries an out-of-range microsecond field into the seconds', () => {
    const { records } = parseAll(buildPcap([{ tsSec: 10, tsFrac: 2_500_000, data: Uint8Array.of(1) }]));
    expect([records[0]!.tsSec, records[0]!.tsNsec]).toEqual([12, 500_000_000]);
  });

  it('accepts a caplen above the snaplen up to 256 KiB, as libpcap does', () => {
    const data = new Uint8Array(2000).fill(7);
    const { records } = parseAll(buildPcap([{ tsSec: 1, tsFrac: 0, data }], { snapLength: 1500 }));
    expect(records[0]!.captureLength).toBe(2000);
  });

  it('reports a caplen far beyond snaplen and 256 KiB as a corrupt length with its offset', () => {
    const bytes = buildPcap(
      [PACKETS[0]!, { tsSec: 1, tsFrac: 0, data: new Uint8Array(4), captureLength: 0x7fffffff }],
      { snapLength: 65535 },
    );
    const error = caught(() => parseAll(bytes));
    expect(error.code).toBe(CaptureErrorCode.CorruptLength);
    expect(error.offset).toBe(45);
    expect(error.message).toBe(
      'corrupt pcap record at byte offset 45: captured length 2147483647 exceeds the limit 262144 (snaplen 65535)',
    );
  });

  it('rejects versions other than 2.x', () => {
    const error = caught(() => parseAll(buildPcap([], { versionMajor: 1, versionMinor: 0 })));
    expect(error.code).toBe(CaptureErrorCode.UnsupportedVersion);
    expect(error.message).toContain('1.0');
  });

  it('reads the Kuznetzov variant with 24-byte record headers', () => {
    const bytes = new Uint8Array(24 + 24 + 3);
    const v = new DataView(bytes.buffer);
    v.setUint32(0, 0xa1b2cd34, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, 65535, true);
    v.setUint32(20, 1, true);
    v.setUint32(24, 100, true);
    v.setUint32(28, 5, true);
    v.setUint32(32, 3, true);
    v.setUint32(36, 60, true);
    bytes.set([9, 8, 7], 48);
    const { records, tail } = parseAll(bytes);
    expect(tail).toBeNull();
    expect(records).toEqual([
      { hex: '090807', captureLength: 3, wireLength: 60, linkType: 1, interfaceId: 0, tsSec: 100, tsNsec: 5000, hasTimestamp: true, recordNumber: 1, fileOffset: 24 },
    ]);
  });

  it('reports a cut-short record with what it needed', () => {
    const full = buildPcap(PACKETS);
    const { records, tail } = parseAll(full.subarray(0, 24 + 21 + 16 + 1));
    expect(records).toHaveLength(1);
    expect(tail).toEqual({ unit: 'record', offset: 45, bytesPresent: 17, bytesExpected: 18, completeRecords: 1 });
    const header = parseAll(full.subarray(0, 24 + 10));
    expect(header.tail).toEqual({ unit: 'record header', offset: 24, bytesPresent: 10, bytesExpected: 16, completeRecords: 0 });
    const fileHeader = parseAll(full.subarray(0, 7));
    expect(fileHeader.tail).toEqual({ unit: 'file header', offset: 0, bytesPresent: 7, bytesExpected: 24, completeRecords: 0 });
  });
});
