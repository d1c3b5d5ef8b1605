import { describe, expect, it } from 'vitest';
import { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';
import { CaptureParser } from './capture-parser.js';
import type { CaptureTail } from './capture-tail.js';
import { PcapngBuilder } from './capture-writer.js';
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

const T0 = 1795775882n;
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/**
 * Section 1 (big-endian): eth0 Ethernet at nanoseconds with if_tsoffset, eth1 raw IP (DLT 12) at 2^-20 s.
 * Section 2 (little-endian): one SLL interface with default microseconds and snaplen 4, holding an SPB and an OPB.
 * Unknown, statistics and custom blocks sit between them.
 */
function twoSectionFile(): Uint8Array {
  return new PcapngBuilder()
    .section(false)
    .interface(1, { tsresol: 9, tsOffset: 100n, name: 'eth0', snapLength: 65535 })
    .block(0x0bad, bytes(0, 0, 0x7e, 0x8a, 1, 2, 3)) // custom block (PEN + data)
    .interface(12, { tsresol: 0x80 | 20 })
    .epb(0, T0 * 1_000_000_000n + 123_456_789n, bytes(0xde, 0xad, 0xbe, 0xef, 0x01))
    .epb(1, T0 * 1_048_576n + 524_288n, bytes(0x45, 0x00), { wireLength: 40 })
    .block(5, new Uint8Array(20)) // interface statistics
    .block(0x12345678, new Uint8Array(33))
    .section(true)
    .interface(113, { snapLength: 4, fcsLength: 0 })
    .spb(bytes(1, 2, 3, 4, 5, 6), 60)
    .opb(0, T0 * 1_000_000n + 5n, bytes(9, 9, 9))
    .epb(0, 0n, bytes(7))
    .build();
}

describe('pcapng', () => {
  it('reads two sections of opposite byte order with their own interfaces, resolutions and offsets', () => {
    const { records, parser, tail } = parseAll(twoSectionFile());
    expect(tail).toBeNull();
    expect(records).toEqual([
      { hex: 'deadbeef01', captureLength: 5, wireLength: 5, linkType: 1, interfaceId: 0, tsSec: Number(T0) + 100, tsNsec: 123_456_789, hasTimestamp: true, recordNumber: 1, fileOffset: 132 },
      { hex: '4500', captureLength: 2, wireLength: 40, linkType: 101, interfaceId: 1, tsSec: Number(T0), tsNsec: 500_000_000, hasTimestamp: true, recordNumber: 2, fileOffset: 172 },
      // SPB: original 60, block holds 8 padded bytes, snaplen 4 cuts it to 4.
      { hex: '01020304', captureLength: 4, wireLength: 60, linkType: 113, interfaceId: 2, tsSec: 0, tsNsec: 0, hasTimestamp: false, recordNumber: 3, fileOffset: 348 },
      { hex: '090909', captureLength: 3, wireLength: 3, linkType: 113, interfaceId: 2, tsSec: Number(T0), tsNsec: 5000, hasTimestamp: true, recordNumber: 4, fileOffset: 372 },
      { hex: '07', captureLength: 1, wireLength: 1, linkType: 113, interfaceId: 2, tsSec: 0, tsNsec: 0, hasTimestamp: true, recordNumber: 5, fileOffset: 408 },
    ]);
    const info = parser.info();
    expect(info.format).toBe('pcapng');
    expect(info.byteOrder).toBe('big');
    expect(info.sectionByteOrders).toEqual(['big', 'little']);
    expect([info.versionMajor, info.versionMinor]).toEqual([1, 0]);
    expect(info.linkTypes).toEqual([1, 101, 113]);
    expect(info.interfaces.map((i) => [i.index, i.section, i.sectionInterfaceId, i.fileLinkType, i.name, i.snapLength, i.fcsLength])).toEqual([
      [0, 0, 0, 1, 'eth0', 65535, -1],
      [1, 0, 1, 12, '', 0, -1],
      [2, 1, 0, 113, '', 4, 0],
    ]);
    expect(info.interfaces.map((i) => [i.timestamp.base, i.timestamp.exponent, i.timestamp.offsetSec])).toEqual([
      [10, 9, 100],
      [2, 20, 0],
      [10, 6, 0],
    ]);
  });

  it('gives an SPB the smaller of its original length and the room in its block', () => {
    const file = new PcapngBuilder().section().interface(1).spb(bytes(1, 2, 3, 4, 5), 1500).spb(bytes(1, 2, 3), 3).build();
    const { records } = parseAll(file);
    // 5 bytes pad to 8: the block room is 8, the original 1500, so 8 bytes (padding included) are the capture.
    expect(records.map((r) => [r.captureLength, r.wireLength])).toEqual([[8, 1500], [3, 3]]);
  });

  it('skips an unknown block larger than the bytes offered without buffering it', () => {
    const file = new PcapngBuilder().section().interface(1).block(0x99, new Uint8Array(1000)).epb(0, 1_000_000n, bytes(1)).build();
    const parser = new CaptureParser();
    const seen: number[] = [];
    // Offer the file in 64-byte windows, carrying over what was not consumed, like a tiny file buffer.
    let carry = new Uint8Array(0);
    for (let at = 0; at < file.length; at += 64) {
      const chunk = new Uint8Array(carry.length + Math.min(64, file.length - at));
      chunk.set(carry);
      chunk.set(file.subarray(at, at + 64), carry.length);
      const used = parser.parse(chunk, 0, chunk.length, (r) => seen.push(r.tsSec));
      carry = chunk.slice(used);
      expect(carry.length).toBeLessThan(100);
    }
    expect(parser.end(carry.length)).toBeNull();
    expect(seen).toEqual([1]);
  });

  it('reports a file cut inside a skipped block as a cut-short tail', () => {
    const file = new PcapngBuilder().section().interface(1).epb(0, 0n, bytes(1)).block(0x99, new Uint8Array(1000)).build();
    const cut = file.subarray(0, file.length - 500);
    const { records, tail } = parseAll(cut);
    expect(records).toHaveLength(1);
    expect(tail).toEqual({ unit: 'block', offset: file.length - 1012, bytesPresent: 512, bytesExpected: 1012, completeRecords: 1 });
  });

  it('reports block lengths below 12 or not a multiple of 4 with their byte offset', () => {
    for (const badLength of [0, 8, 13, 30]) {
      const head = new PcapngBuilder().section().interface(1).build();
      const bad = new Uint8Array(16);
      const v = new DataView(bad.buffer);
      v.setUint32(0, 6, true);
      v.setUint32(4, badLength, true);
      const error = caught(() => parseAll(new PcapngBuilder().raw(head).raw(bad).build()));
      expect(error.code).toBe(CaptureErrorCode.CorruptLength);
      expect(error.offset).toBe(head.length);
      expect(error.message).toContain(`byte offset ${head.length}`);
      expect(error.message).toContain(`total length ${badLength}`);
    }
  });

  it('reports a trailing length that differs from the leading one', () => {
    const file = new PcapngBuilder().section().interface(1).epb(0, 0n, bytes(1, 2, 3, 4)).build();
    new DataView(file.buffer).setUint32(file.length - 4, 99, true);
    const error = caught(() => parseAll(file));
    expect(error.code).toBe(CaptureErrorCode.CorruptLength);
    expect(error.message).toMatch(/enhanced packet block at byte offset \d+: total length 36 at its start but 99 at its end/);
  });

  it('reports a captured length that does not fit its block', () => {
    const file = new PcapngBuilder().section().interface(1).epb(0, 0n, bytes(1, 2, 3, 4), { captureLength: 5 }).build();
    const error = caught(() => parseAll(file));
    expect(error.code).toBe(CaptureErrorCode.CorruptLength);
    expect(error.message).toContain('captured length 5 does not fit its total length 36');
  });

  it('reports packets naming an interface their section does not have', () => {
    // The second section forgets the interfaces of the first.
    const file = new PcapngBuilder().section().interface(1).epb(0, 0n, bytes(1)).section(false).epb(0, 0n, bytes(1)).build();
    const error = caught(() => parseAll(file));
    expect(error.code).toBe(CaptureErrorCode.UnknownInterface);
    expect(error.message).toContain('names interface 0, but its section describes 0');
    const spb = caught(() => parseAll(new PcapngBuilder().section().spb(bytes(1)).build()));
    expect(spb.code).toBe(CaptureErrorCode.UnknownInterface);
  });

  it('rejects a timestamp resolution beyond 64 bits and unsupported section versions', () => {
    expect(caught(() => parseAll(new PcapngBuilder().section().interface(1, { tsresol: 20 }).build())).code).toBe(CaptureErrorCode.BadOption);
    expect(caught(() => parseAll(new PcapngBuilder().section().interface(1, { tsresol: 0x80 | 64 }).build())).code).toBe(CaptureErrorCode.BadOption);
    expect(caught(() => parseAll(new PcapngBuilder().section(true, 2, 0).build())).code).toBe(CaptureErrorCode.UnsupportedVersion);
  });

  it('tells a bad section header mid-file from a file that is not pcapng at all', () => {
    const first = new PcapngBuilder().section().build();
    first.set([1, 2, 3, 4], 8);
    const notCapture = caught(() => parseAll(first));
    expect(notCapture.code).toBe(CaptureErrorCode.NotCapture);
    expect(notCapture.message).toBe('not a pcap or pcapng file (first bytes 0a 0d 0d 0a, but the byte-order magic is 01 02 03 04)');
    const second = new PcapngBuilder().section().interface(1).section().build();
    second.set([1, 2, 3, 4], second.length - 28 + 8);
    const bad = caught(() => parseAll(second));
    expect(bad.code).toBe(CaptureErrorCode.BadSection);
    expect(bad.offset).toBe(second.length - 28);
  });

  it('ignores malformed interface options instead of failing the file', () => {
    // An option claiming 200 bytes inside a 20-byte option area ends the option list.
    const body = new Uint8Array(16);
    const v = new DataView(body.buffer);
    v.setUint16(0, 1, true);
    v.setUint16(8, 9, true);
    v.setUint16(10, 200, true);
    const file = new PcapngBuilder().section().block(1, body).epb(0, 2_500_000n, bytes(1)).build();
    const { records, parser } = parseAll(file);
    expect(parser.interfaces[0]!.timestamp.exponent).toBe(6);
    expect([records[0]!.tsSec, records[0]!.tsNsec]).toEqual([2, 500_000_000]);
  });

  it('reports where a cut-short block started and how long it was', () => {
    const file = twoSectionFile();
    const { records, tail } = parseAll(file.subarray(0, file.length - 3));
    expect(records).toHaveLength(4);
    expect(tail).toEqual({ unit: 'block', offset: file.length - 36, bytesPresent: 33, bytesExpected: 36, completeRecords: 4 });
    const header = parseAll(file.subarray(0, 20));
    expect(header.tail).toMatchObject({ unit: 'file header', offset: 0, bytesPresent: 20, bytesExpected: 28 });
  });
});
