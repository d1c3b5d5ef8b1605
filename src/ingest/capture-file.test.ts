import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureParser, PcapngBuilder, buildPcap } from '../../native-free-decoders/index.js';
import type { CaptureRecord, PcapWritePacket } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';
import { captureTruncationWarning, readCaptureFile, readCaptureFileAsync } from './capture-file.js';

interface Row {
  sec: number;
  nsec: number;
  caplen: number;
  len: number;
  ifc: number;
  hex: string;
}

function row(r: CaptureRecord): Row {
  return {
    sec: r.tsSec,
    nsec: r.tsNsec,
    caplen: r.captureLength,
    len: r.wireLength,
    ifc: r.interfaceId,
    hex: Buffer.from(r.bytes.subarray(r.offset, r.offset + r.captureLength)).toString('hex'),
  };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirrorscope-capture-file-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function thrown(fn: () => unknown): MirrorscopeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MirrorscopeError);
    return error as MirrorscopeError;
  }
  throw new Error('expected a MirrorscopeError');
}

const frames = (n: number, size: number): PcapWritePacket[] =>
  Array.from({ length: n }, (_, i) => ({ tsSec: 1_795_775_882 + i, tsFrac: i * 1000, data: new Uint8Array(size).fill(i & 0xff) }));

describe('readCaptureFile', () => {
  it('reads a pcap file and reports format, counts, bytes and link types', () => {
    const bytes = buildPcap(frames(3, 60), { linkType: 113 });
    const rows: Row[] = [];
    const result = readCaptureFile(file('a.pcap', bytes), (r) => rows.push(row(r)));
    expect(result).toMatchObject({ format: 'pcap', records: 3, bytes: bytes.length, truncatedTail: null, linkTypes: [113], stopped: false });
    expect(rows.map((r) => [r.sec, r.nsec, r.caplen])).toEqual([
      [1_795_775_882, 0, 60],
      [1_795_775_883, 1_000_000, 60],
      [1_795_775_884, 2_000_000, 60],
    ]);
    expect(captureTruncationWarning(result)).toBeNull();
  });

  it('reads through a small buffer, growing only for a record bigger than it, with identical records', () => {
    const bytes = new PcapngBuilder()
      .section(false)
      .interface(1, { tsresol: 9 })
      .epb(0, 1_795_775_882_000_000_001n, new Uint8Array(40).fill(1))
      .epb(0, 1_795_775_882_000_000_002n, new Uint8Array(3000).fill(2))
      .section(true)
      .interface(101)
      .epb(0, 5_000_001n, Uint8Array.of(0x45))
      .build();
    const path = file('b.pcapng', bytes);
    const small: Row[] = [];
    const whole: Row[] = [];
    readCaptureFile(path, (r) => small.push(row(r)), { bufferSize: 64 });
    const parser = new CaptureParser();
    parser.parse(bytes, 0, bytes.length, (r) => whole.push(row(r)));
    expect(small).toEqual(whole);
    expect(small.map((r) => [r.sec, r.nsec, r.caplen, r.ifc])).toEqual([
      [1_795_775_882, 1, 40, 0],
      [1_795_775_882, 2, 3000, 0],
      [5, 1000, 1, 1],
    ]);
  });

  it('reports a cut-short last record instead of throwing, with a one-line warning', () => {
    const bytes = buildPcap(frames(4, 100));
    const path = file('cut.pcap', bytes.subarray(0, bytes.length - 30));
    const result = readCaptureFile(path, () => {});
    expect(result.records).toBe(3);
    expect(result.truncatedTail).toEqual({ unit: 'record', offset: 24 + 3 * 116, bytesPresent: 86, bytesExpected: 116, completeRecords: 3 });
    expect(captureTruncationWarning(result)).toBe(
      `${path}: capture cut short: the last record at byte offset 372 has 86 of 116 bytes; 3 complete records processed`,
    );
  });

  it('does not grow the buffer for a cut-short record larger than what is left of the file', () => {
    const bytes = buildPcap([...frames(2, 10), { tsSec: 1, tsFrac: 0, data: new Uint8Array(200_000) }]);
    const path = file('cut-big.pcap', bytes.subarray(0, 24 + 2 * 26 + 5000));
    const result = readCaptureFile(path, () => {}, { bufferSize: 1024 });
    expect(result.records).toBe(2);
    expect(result.bytes).toBe(24 + 2 * 26 + 5000);
    expect(result.truncatedTail).toEqual({ unit: 'record', offset: 76, bytesPresent: 5000, bytesExpected: 200_016, completeRecords: 2 });
  });

  it('matches the in-memory parser for random files, buffer sizes and cuts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ tsSec: fc.nat(), tsFrac: fc.nat({ max: 999_999 }), data: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 12 }),
        fc.integer({ min: 64, max: 512 }),
        fc.nat({ max: 50 }),
        (packets, bufferSize, cut) => {
          const bytes = buildPcap(packets);
          const input = bytes.subarray(0, Math.max(1, bytes.length - cut));
          const path = file('prop.pcap', input);
          const viaFile: Row[] = [];
          const result = readCaptureFile(path, (r) => viaFile.push(row(r)), { bufferSize });
          const parser = new CaptureParser();
          const inMemory: Row[] = [];
          const used = parser.parse(input, 0, input.length, (r) => inMemory.push(row(r)));
          expect(viaFile).toEqual(inMemory);
          expect(result.truncatedTail).toEqual(parser.end(input.length - used));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('stops after maxRecords', () => {
    const seen: number[] = [];
    const result = readCaptureFile(file('max.pcap', buildPcap(frames(10, 20))), (r) => seen.push(r.recordNumber), { maxRecords: 4 });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(result).toMatchObject({ records: 4, stopped: true, truncatedTail: null });
  });

  it('lets errors from the callback through unchanged', () => {
    const boom = new Error('boom');
    expect(() =>
      readCaptureFile(file('cb.pcap', buildPcap(frames(2, 20))), () => {
        throw boom;
      }),
    ).toThrow(boom);
  });

  it('async variant gives the same records and result', async () => {
    const bytes = buildPcap(frames(50, 333));
    const path = file('async.pcap', bytes.subarray(0, bytes.length - 7));
    const a: Row[] = [];
    const b: Row[] = [];
    const syncResult = readCaptureFile(path, (r) => a.push(row(r)), { bufferSize: 1000 });
    const asyncResult = await readCaptureFileAsync(path, (r) => b.push(row(r)), { bufferSize: 1000 });
    expect(b).toEqual(a);
    expect(asyncResult).toEqual(syncResult);
    await expect(readCaptureFileAsync(join(dir, 'missing.pcap'), () => {})).rejects.toMatchObject({ code: 'CAPTURE_NOT_FOUND' });
  });
});

describe('readCaptureFile errors: one line naming the file', () => {
  it('a path that does not exist', () => {
    const path = join(dir, 'nope.pcap');
    const error = thrown(() => readCaptureFile(path, () => {}));
    expect([error.code, error.message]).toEqual(['CAPTURE_NOT_FOUND', `${path}: no such file`]);
  });

  it('a directory', () => {
    const path = join(dir, 'sub');
    mkdirSync(path, { recursive: true });
    const error = thrown(() => readCaptureFile(path, () => {}));
    expect([error.code, error.message]).toEqual(['CAPTURE_IS_DIRECTORY', `${path}: is a directory, not a pcap or pcapng file`]);
  });

  it('an empty file', () => {
    const path = file('empty.pcap', new Uint8Array(0));
    const error = thrown(() => readCaptureFile(path, () => {}));
    expect([error.code, error.message]).toEqual(['CAPTURE_EMPTY', `${path}: empty file (0 bytes)`]);
  });

  it('a text file', () => {
    const path = file('x.txt', 'Hello, world\n');
    const error = thrown(() => readCaptureFile(path, () => {}));
    expect([error.code, error.message]).toEqual(['CAPTURE_UNKNOWN_FORMAT', `${path}: not a pcap or pcapng file (first bytes 48 65 6c 6c)`]);
    expect(error.message).not.toContain('\n');
  });

  it('a corrupt length, with its byte offset', () => {
    const bytes = new PcapngBuilder().section().interface(1).raw(Uint8Array.of(6, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0)).build();
    const path = file('corrupt.pcapng', bytes);
    const error = thrown(() => readCaptureFile(path, () => {}));
    expect(error.code).toBe('CAPTURE_CORRUPT_LENGTH');
    expect(error.message).toBe(
      `${path}: corrupt pcapng block at byte offset 48: block type 0x6 has total length 13 (must be a multiple of 4 from 12 to 134217728)`,
    );
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file', () => {
    const path = file('secret.pcap', buildPcap(frames(1, 10)));
    chmodSync(path, 0o000);
    const error = thrown(() => readCaptureFile(path, () => {}));
    expect([error.code, error.message]).toEqual(['CAPTURE_UNREADABLE', `${path}: permission denied`]);
  });
});

describe('allocation', () => {
  /** Minor GCs that started during fn (fn is synchronous, so only its own allocations can trigger them). */
  async function minorGcsDuring(fn: () => void): Promise<number> {
    const starts: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) starts.push(e.startTime);
    });
    observer.observe({ entryTypes: ['gc'] });
    const t0 = performance.now();
    fn();
    const t1 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    observer.disconnect();
    return starts.filter((t) => t >= t0 && t <= t1).length;
  }

  it('parses 10^6 records of pcap and nanosecond pcapng without a single GC', async () => {
    const n = 1_000_000;
    const frame = new Uint8Array(60);
    const pcap = buildPcap([{ tsSec: 1_795_775_882, tsFrac: 999_999, data: frame }]);
    const pcapBody = pcap.subarray(24);
    const pcapFile = new Uint8Array(24 + n * pcapBody.length);
    pcapFile.set(pcap);
    for (let i = 0; i < n; i++) pcapFile.set(pcapBody, 24 + i * pcapBody.length);
    const head = new PcapngBuilder().section().interface(1, { tsresol: 9 }).build();
    const epb = new PcapngBuilder().epb(0, 1_795_775_882_123_456_789n, frame).build();
    const ngFile = new Uint8Array(head.length + n * epb.length);
    ngFile.set(head);
    const ngView = new DataView(ngFile.buffer);
    for (let i = 0; i < n; i++) {
      ngFile.set(epb, head.length + i * epb.length);
      // Low timestamp words across the whole uint32 range: values above 2^30 are what would get boxed.
      ngView.setUint32(head.length + i * epb.length + 16, (i * 4297) >>> 0, true);
    }

    const sink = { sum: 0 };
    const onRecord = (r: CaptureRecord): void => {
      sink.sum += r.captureLength + r.tsNsec;
    };
    for (const bytes of [pcapFile, ngFile]) {
      const once = (): void => {
        const parser = new CaptureParser();
        expect(parser.parse(bytes, 0, bytes.length, onRecord)).toBe(bytes.length);
      };
      once(); // warm-up so the measured pass runs optimised code
      once();
      // Best of three: a GC caused by something else in the process can only add, never hide one of ours.
      const counts = [await minorGcsDuring(once), await minorGcsDuring(once), await minorGcsDuring(once)];
      expect(Math.min(...counts)).toBe(0);
    }
    expect(sink.sum).toBeGreaterThan(0);
  });
});

describe('differential: pcap-parser (classic pcap, microseconds)', () => {
  const require = createRequire(import.meta.url);
  const pcapParser = require('pcap-parser') as { parse(path: string): NodeJS.EventEmitter };

  function viaPcapParser(path: string): Promise<Row[]> {
    return new Promise((resolve, reject) => {
      const rows: Row[] = [];
      const p = pcapParser.parse(path);
      p.on('packet', (pkt: { header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number }; data: Buffer }) => {
        const h = pkt.header;
        rows.push({ sec: h.timestampSeconds, nsec: h.timestampMicroseconds * 1000, caplen: h.capturedLength, len: h.originalLength, ifc: 0, hex: pkt.data.toString('hex') });
      });
      p.on('error', reject);
      p.on('end', () => resolve(rows));
    });
  }

  it('agrees on every record of random files in both byte orders', async () => {
    const samples = fc.sample(
      fc.record({
        littleEndian: fc.boolean(),
        packets: fc.array(
          fc.record({ tsSec: fc.nat(), tsFrac: fc.nat({ max: 999_999 }), data: fc.uint8Array({ maxLength: 200 }), wireLength: fc.integer({ min: 200, max: 9000 }) }),
          { maxLength: 30 },
        ),
      }),
      { numRuns: 20, seed: 42 },
    );
    for (const [i, s] of samples.entries()) {
      const path = file(`diff-${i}.pcap`, buildPcap(s.packets, { littleEndian: s.littleEndian }));
      const ours: Row[] = [];
      readCaptureFile(path, (r) => ours.push(row(r)));
      expect(ours).toEqual(await viaPcapParser(path));
      expect(ours).toHaveLength(s.packets.length);
    }
  });
});
