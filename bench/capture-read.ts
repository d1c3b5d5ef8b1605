import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CaptureParser, PcapngBuilder } from '../native-free-decoders/index.js';
import type { CaptureRecord } from '../native-free-decoders/index.js';
import { readCaptureFile } from '../src/ingest/capture-file.js';

export interface CaptureReadBenchResult {
  name: string;
  records: number;
  bytes: number;
  /** Median seconds of one pass. */
  seconds: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
  /** Garbage collections observed during the timed passes (0 means nothing was allocated per record). */
  gcCount: number;
}

export interface CaptureBenchFileOptions {
  format?: 'pcap' | 'pcapng';
  records?: number;
  /** Frame bytes per record (76 is a small TCP segment inside Ethernet). */
  frameLength?: number;
}

/** Builds an in-memory capture of identical small frames with advancing timestamps. */
export function buildBenchCapture(options: CaptureBenchFileOptions = {}): Uint8Array {
  const records = options.records ?? 2_000_000;
  const frameLength = options.frameLength ?? 76;
  const frame = new Uint8Array(frameLength).map((_, i) => (i * 7) & 0xff);
  const t0 = 1_795_775_882;
  if ((options.format ?? 'pcap') === 'pcap') {
    const out = new Uint8Array(24 + records * (16 + frameLength));
    const v = new DataView(out.buffer);
    v.setUint32(0, 0xa1b2c3d4, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, 65535, true);
    v.setUint32(20, 1, true);
    for (let i = 0, pos = 24; i < records; i++, pos += 16 + frameLength) {
      v.setUint32(pos, t0 + Math.floor(i / 1000), true);
      v.setUint32(pos + 4, (i % 1000) * 1000, true);
      v.setUint32(pos + 8, frameLength, true);
      v.setUint32(pos + 12, frameLength, true);
      out.set(frame, pos + 16);
    }
    return out;
  }
  // pcapng at nanosecond resolution: the timestamps exceed 2^53 and take the exact long-division path.
  const head = new PcapngBuilder().section(true).interface(1, { tsresol: 9, snapLength: 65535 }).build();
  const block = new PcapngBuilder().epb(0, 0n, frame).build();
  const out = new Uint8Array(head.length + records * block.length);
  out.set(head);
  const v = new DataView(out.buffer);
  for (let i = 0, pos = head.length; i < records; i++, pos += block.length) {
    out.set(block, pos);
    const ticks = BigInt(t0) * 1_000_000_000n + BigInt(i) * 1000n;
    v.setUint32(pos + 12, Number(ticks >> 32n), true);
    v.setUint32(pos + 16, Number(ticks & 0xffffffffn), true);
  }
  return out;
}

export function writeBenchCapture(path: string, options: CaptureBenchFileOptions = {}): void {
  writeFileSync(path, buildBenchCapture(options));
}

/** A consumer that touches every record so the loop cannot be optimised away. */
class Sink {
  count = 0;
  sum = 0;
  readonly onRecord = (r: CaptureRecord): void => {
    this.count++;
    this.sum += r.captureLength + r.tsNsec;
  };
}

async function timed(name: string, bytes: number, rounds: number, pass: (sink: Sink) => void): Promise<CaptureReadBenchResult> {
  pass(new Sink()); // warm-up: compile the hot loop before timing it
  let gcCount = 0;
  const observer = new PerformanceObserver((list) => {
    gcCount += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i < rounds; i++) {
    const sink = new Sink();
    const t = process.hrtime.bigint();
    pass(sink);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    records = sink.count;
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer.disconnect();
  times.sort((a, b) => a - b);
  const seconds = times[Math.floor(times.length / 2)]!;
  return {
    name,
    records,
    bytes,
    seconds,
    recordsPerSecond: records / seconds,
    megabytesPerSecond: bytes / seconds / 1e6,
    gcCount,
  };
}

/** Parses a capture held in memory, whole, `rounds` times: the parser's own ceiling. */
export function benchCaptureParseMemory(bytes: Uint8Array, rounds = 5, name = 'parse-memory'): Promise<CaptureReadBenchResult> {
  return timed(name, bytes.length, rounds, (sink) => {
    const parser = new CaptureParser();
    const used = parser.parse(bytes, 0, bytes.length, sink.onRecord);
    if (parser.end(bytes.length - used) !== null) throw new Error('bench capture is cut short');
  });
}

/** Reads a capture file with readCaptureFile (4 MiB buffer, readSync, carry-over); page-cached after warm-up. */
export function benchCaptureRead(path: string, rounds = 5): Promise<CaptureReadBenchResult> {
  let bytes = 0;
  return timed(`read-file ${path}`, 0, rounds, (sink) => {
    bytes = readCaptureFile(path, sink.onRecord).bytes;
  }).then((r) => ({ ...r, bytes, megabytesPerSecond: bytes / r.seconds / 1e6 }));
}

async function main(): Promise<void> {
  const records = Number(process.argv[2] ?? 2_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'mirrorscope-capture-bench-'));
  try {
    const results: CaptureReadBenchResult[] = [];
    for (const format of ['pcap', 'pcapng'] as const) {
      const bytes = buildBenchCapture({ format, records });
      results.push(await benchCaptureParseMemory(bytes, 5, `parse-memory ${format} 76B`));
      const path = join(dir, `bench.${format}`);
      writeFileSync(path, bytes);
      results.push({ ...(await benchCaptureRead(path)), name: `read-file ${format} 76B` });
    }
    for (const r of results) {
      console.log(
        `${r.name.padEnd(26)} ${(r.recordsPerSecond / 1e6).toFixed(2).padStart(6)} M records/s ` +
          `${r.megabytesPerSecond.toFixed(0).padStart(5)} MB/s  ${r.records} records  ${r.gcCount} GCs`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
