import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureErrorCode, CaptureFormatError } from './capture-format-error.js';
import { FormatProbe, probeCaptureFormat } from './capture-format.js';
import { CaptureParser } from './capture-parser.js';
import type { CaptureRecord } from './capture-record.js';
import { CaptureStreamReader } from './capture-stream-reader.js';
import type { CaptureTail } from './capture-tail.js';
import { buildPcap, PcapngBuilder } from './capture-writer.js';
import { snapshotRecord, type RecordSnapshot } from '../../tests/helpers/capture-record-snapshot.js';

interface Outcome {
  records: RecordSnapshot[];
  tail: CaptureTail | null;
}

function parseWhole(bytes: Uint8Array): Outcome {
  const parser = new CaptureParser();
  const records: RecordSnapshot[] = [];
  const used = parser.parse(bytes, 0, bytes.length, (r) => records.push(snapshotRecord(r)));
  return { records, tail: parser.end(bytes.length - used) };
}

/** Feeds `bytes` through a CaptureStreamReader in the given chunk sizes (cycled). */
function parseChunked(bytes: Uint8Array, sizes: readonly number[], bufferSize = 64): Outcome {
  const reader = new CaptureStreamReader({ bufferSize });
  const records: RecordSnapshot[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    reader.push(bytes.subarray(at, at + n), (r) => records.push(snapshotRecord(r)));
    at += n;
  }
  return { records, tail: reader.end() };
}

const payload = fc.uint8Array({ minLength: 0, maxLength: 90 });

/** Random valid captures of either format, with the features the readers must get right. */
const captureFile: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.record({
    littleEndian: fc.boolean(),
    nanosecond: fc.boolean(),
    linkType: fc.constantFrom(0, 1, 12, 101, 113, 276),
    packets: fc.array(fc.record({ tsSec: fc.nat(), tsFrac: fc.nat({ max: 999_999 }), data: payload }), { maxLength: 8 }),
  }).map(({ packets, ...options }) => buildPcap(packets, options)),
  fc.array(
    fc.record({
      littleEndian: fc.boolean(),
      interfaces: fc.array(
        fc.record({
          linkType: fc.constantFrom(1, 101, 113),
          tsresol: fc.option(fc.oneof(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0x80, max: 0x80 + 63 })), { nil: undefined }),
          tsOffset: fc.option(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), { nil: undefined }),
          snapLength: fc.constantFrom(0, 16, 65535),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      blocks: fc.array(
        fc.record({
          kind: fc.constantFrom('epb', 'opb', 'spb', 'unknown'),
          ifIndex: fc.nat(),
          ticks: fc.bigUint64Array({ minLength: 1, maxLength: 1 }).map((a) => a[0]!),
          data: payload,
        }),
        { maxLength: 6 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ).map((sections) => {
    const b = new PcapngBuilder();
    for (const s of sections) {
      b.section(s.littleEndian);
      for (const itf of s.interfaces) {
        b.interface(itf.linkType, {
          snapLength: itf.snapLength,
          ...(itf.tsresol !== undefined ? { tsresol: itf.tsresol } : {}),
          ...(itf.tsOffset !== undefined ? { tsOffset: itf.tsOffset } : {}),
        });
      }
      for (const blk of s.blocks) {
        const ifId = blk.ifIndex % s.interfaces.length;
        if (blk.kind === 'epb') b.epb(ifId, blk.ticks, blk.data);
        else if (blk.kind === 'opb') b.opb(ifId, blk.ticks, blk.data);
        else if (blk.kind === 'spb') b.spb(blk.data);
        else b.block(0x4000_0bad, blk.data);
      }
    }
    return b.build();
  }),
);

/** Offsets where a structure (file header, record, block) ends: a cut there is a clean end. */
function boundaries(bytes: Uint8Array): Set<number> {
  const ends = new Set<number>();
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (probeCaptureFormat(bytes) === FormatProbe.Pcap) {
    const le = v.getUint32(0, true) >>> 16 === 0xa1b2;
    let pos = 24;
    ends.add(pos);
    while (pos + 16 <= bytes.length) {
      pos += 16 + v.getUint32(pos + 8, le);
      ends.add(pos);
    }
    return ends;
  }
  let le = true;
  for (let pos = 0; pos < bytes.length; ) {
    if (v.getUint32(pos, true) === 0x0a0d0d0a) le = v.getUint32(pos + 8, true) === 0x1a2b3c4d;
    pos += v.getUint32(pos + 4, le);
    ends.add(pos);
  }
  return ends;
}

function expectOnlyCaptureErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof CaptureFormatError)) throw error;
  }
}

describe('CaptureParser: format detection', () => {
  it('names the first bytes of a file that is neither format', () => {
    const text = new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    const parser = new CaptureParser();
    expect(() => parser.parse(text, 0, text.length, () => {})).toThrow(
      new CaptureFormatError(CaptureErrorCode.NotCapture, 'not a pcap or pcapng file (first bytes 48 65 6c 6c)', 0),
    );
    try {
      new CaptureParser().parse(text, 0, 5, () => {});
    } catch (error) {
      expect((error as CaptureFormatError).code).toBe(CaptureErrorCode.NotCapture);
      expect((error as CaptureFormatError).name).toBe('CaptureFormatError');
    }
  });

  it('says when the input is compressed', () => {
    const gz = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0]);
    expect(() => new CaptureParser().parse(gz, 0, gz.length, () => {})).toThrow(
      'not a pcap or pcapng file (first bytes 1f 8b 08 00: gzip-compressed data, decompress it first)',
    );
  });

  it('waits on fewer than four bytes only while they can still begin a magic number', () => {
    expect(probeCaptureFormat(Uint8Array.of(0xd4, 0xc3))).toBe(FormatProbe.NeedMore);
    expect(probeCaptureFormat(Uint8Array.of(0x0a))).toBe(FormatProbe.NeedMore);
    expect(probeCaptureFormat(Uint8Array.of(0x0a, 0x0e))).toBe(FormatProbe.Unknown);
    expect(probeCaptureFormat(Uint8Array.of(0xa1, 0xb2, 0x3c, 0x4d))).toBe(FormatProbe.Pcap);
    expect(probeCaptureFormat(Uint8Array.of(0x34, 0xcd, 0xb2, 0xa1))).toBe(FormatProbe.Pcap);
    expect(probeCaptureFormat(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a))).toBe(FormatProbe.Pcapng);
    const parser = new CaptureParser();
    expect(parser.parse(Uint8Array.of(0xd4, 0xc3), 0, 2, () => {})).toBe(0);
    expect(parser.end(2)).toEqual({ unit: 'file header', offset: 0, bytesPresent: 2, bytesExpected: 4, completeRecords: 0 });
    expect(() => new CaptureParser().parse(Uint8Array.of(0x00), 0, 1, () => {})).toThrow(/first bytes 00\)/);
  });

  it('throws Empty when the input ends before any byte', () => {
    const parser = new CaptureParser();
    expect(parser.parse(new Uint8Array(0), 0, 0, () => {})).toBe(0);
    expect(() => parser.end(0)).toThrow(expect.objectContaining({ code: CaptureErrorCode.Empty }));
  });

  it('parses from a subarray with a byte offset and from start > 0', () => {
    const file = buildPcap([{ tsSec: 5, tsFrac: 6, data: Uint8Array.of(1, 2) }]);
    const host = new Uint8Array(file.length + 10);
    host.set(file, 7);
    const view = host.subarray(3);
    const records: RecordSnapshot[] = [];
    const parser = new CaptureParser();
    expect(parser.parse(view, 4, 4 + file.length, (r) => records.push(snapshotRecord(r)))).toBe(file.length);
    expect(records).toEqual([parseWhole(file).records[0]]);
    expect(() => parser.parse(view, 5, 2, () => {})).toThrow(RangeError);
  });
});

describe('CaptureParser: streaming', () => {
  it('stops right after the record that asked', () => {
    const file = buildPcap([1, 2, 3, 4].map((n) => ({ tsSec: n, tsFrac: 0, data: Uint8Array.of(n) })));
    const parser = new CaptureParser();
    const seen: number[] = [];
    const used = parser.parse(file, 0, file.length, (r) => {
      seen.push(r.tsSec);
      if (r.recordNumber === 2) parser.requestStop();
    });
    expect(seen).toEqual([1, 2]);
    expect(used).toBe(24 + 2 * 17);
    expect(parser.parse(file, used, file.length, () => seen.push(-1))).toBe(0);
    expect(parser.stopped).toBe(true);
  });

  it('hands every record the same reused object and the caller buffer itself', () => {
    const file = buildPcap([1, 2, 3].map((n) => ({ tsSec: n, tsFrac: 0, data: Uint8Array.of(n) })));
    const parser = new CaptureParser();
    const objects = new Set<CaptureRecord>();
    const buffers = new Set<Uint8Array>();
    parser.parse(file, 0, file.length, (r) => {
      objects.add(r);
      buffers.add(r.bytes);
    });
    expect([...objects]).toEqual([parser.record]);
    expect([...buffers]).toEqual([file]);
  });

  it('grows the stream buffer only for a record larger than it', () => {
    const big = new Uint8Array(5000).map((_, i) => i & 0xff);
    const file = buildPcap([{ tsSec: 1, tsFrac: 0, data: Uint8Array.of(1) }, { tsSec: 2, tsFrac: 0, data: big }]);
    const reader = new CaptureStreamReader({ bufferSize: 64 });
    const lengths: number[] = [];
    reader.push(file, (r) => lengths.push(r.captureLength));
    expect(reader.end()).toBeNull();
    expect(lengths).toEqual([1, 5000]);
    expect(reader.buffer.length).toBe(8192);
  });

  it('does not grow for a record that cannot complete within the known input size', () => {
    const file = buildPcap([{ tsSec: 1, tsFrac: 0, data: new Uint8Array(100_000) }]);
    const cut = file.subarray(0, 1000);
    const reader = new CaptureStreamReader({ bufferSize: 256, inputSize: cut.length });
    reader.push(cut, () => {});
    expect(reader.buffer.length).toBe(256);
    expect(reader.end()).toEqual({ unit: 'record', offset: 24, bytesPresent: 976, bytesExpected: 100_016, completeRecords: 0 });
  });

  it('yields identical records and tails for any chunking (property)', () => {
    fc.assert(
      fc.property(
        captureFile,
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 40 }),
        (file, sizes, cutFromEnd) => {
          const input = file.subarray(0, Math.max(1, file.length - cutFromEnd));
          const whole = parseWhole(input);
          expect(parseChunked(input, sizes)).toEqual(whole);
          expect(parseChunked(input, [1])).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on a cut-short file, and counts exactly the complete records (every cut point)', () => {
    fc.assert(
      fc.property(captureFile, (file) => {
        const full = parseWhole(file);
        expect(full.tail).toBeNull();
        const ends = boundaries(file);
        for (let cut = 1; cut < file.length; cut++) {
          const part = parseWhole(file.subarray(0, cut));
          // A record is complete once every byte up to the next structure is there.
          const complete = full.records.filter((r) => r.fileOffset < cut && blockEnd(file, r) <= cut).length;
          expect(part.records).toEqual(full.records.slice(0, complete));
          if (ends.has(cut)) expect(part.tail).toBeNull();
          else {
            expect(part.tail).not.toBeNull();
            expect(part.tail!.completeRecords).toBe(complete);
            expect(part.tail!.offset + part.tail!.bytesPresent).toBe(cut);
            expect(part.tail!.bytesPresent).toBeLessThan(part.tail!.bytesExpected);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

/** End offset of the record or block holding `r`. */
function blockEnd(file: Uint8Array, r: RecordSnapshot): number {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (probeCaptureFormat(file) === FormatProbe.Pcap) return r.fileOffset + 16 + r.captureLength;
  const lenLe = v.getUint32(r.fileOffset + 4, true);
  const lenBe = v.getUint32(r.fileOffset + 4, false);
  // The block's own trailing length tells which reading is right.
  return r.fileOffset + (r.fileOffset + lenLe <= file.length && v.getUint32(r.fileOffset + lenLe - 4, true) === lenLe ? lenLe : lenBe);
}

describe('CaptureParser: garbage', () => {
  it('throws nothing but CaptureFormatError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expectOnlyCaptureErrors(() => parseWhole(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but CaptureFormatError behind valid headers followed by random bytes', () => {
    const heads = [
      buildPcap([], { littleEndian: true }),
      buildPcap([], { littleEndian: false, nanosecond: true }),
      new PcapngBuilder().section(true).interface(1).build(),
      new PcapngBuilder().section(false).interface(1, { tsresol: 9 }).build(),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...heads), fc.uint8Array({ maxLength: 400 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }), (head, tail, sizes) => {
        const bytes = new Uint8Array(head.length + tail.length);
        bytes.set(head);
        bytes.set(tail, head.length);
        expectOnlyCaptureErrors(() => parseWhole(bytes));
        expectOnlyCaptureErrors(() => parseChunked(bytes, sizes));
      }),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but CaptureFormatError on valid files with corrupted bytes', () => {
    fc.assert(
      fc.property(captureFile, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (file, edits) => {
        const bytes = file.slice();
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        expectOnlyCaptureErrors(() => parseWhole(bytes));
      }),
      { numRuns: 1500 },
    );
  });
});
