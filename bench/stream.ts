/**
 * Stream reassembly throughput: 1,400-byte segments, in order and with 10% of segments swapped with
 * their successor (each swap holds one segment out of order), drained through nextWindow() the way
 * the detection engine will. Run: npx tsx bench/stream.ts
 */
import { pathToFileURL } from 'node:url';
import { InspectWindow, StreamGlobals, TcpFlag, TcpStream } from '../src/stream/index.js';

export interface StreamBenchResult {
  name: string;
  segments: number;
  bytes: number;
  seconds: number;
  segmentsPerSecond: number;
  megabytesPerSecond: number;
}

const SEGMENT = 1400;

function order(n: number, outOfOrderRatio: number): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // Deterministic LCG so runs are comparable.
  let x = 12345;
  for (let i = 0; i + 1 < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    if (x / 4294967296 < outOfOrderRatio) {
      const t = idx[i]!;
      idx[i] = idx[i + 1]!;
      idx[i + 1] = t;
      i++;
    }
  }
  return idx;
}

function runOnce(name: string, segments: number, outOfOrderRatio: number): StreamBenchResult {
  const globals = new StreamGlobals(1 << 30);
  const stream = new TcpStream(globals, { depth: 0 });
  const win = new InspectWindow();
  const payload = new Uint8Array(SEGMENT);
  for (let i = 0; i < SEGMENT; i++) payload[i] = (i * 31) & 0xff;
  const idx = order(segments, outOfOrderRatio);
  const isn = 0xfff00000; // wraps during the run
  stream.onSegment(isn, TcpFlag.SYN, payload, 0, 0, 0);
  let delivered = 0;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < segments; k++) {
    const i = idx[k]!;
    stream.onSegment((isn + 1 + i * SEGMENT) >>> 0, TcpFlag.ACK, payload, 0, SEGMENT, SEGMENT);
    while (stream.nextWindow(256, win)) {
      delivered += win.end - win.newDataStart;
      sink ^= win.buffer[win.bufferOffset]!;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (delivered !== segments * SEGMENT || sink < 0) throw new Error(`${name}: delivered ${delivered}`);
  const bytes = segments * SEGMENT;
  return {
    name,
    segments,
    bytes,
    seconds,
    segmentsPerSecond: segments / seconds,
    megabytesPerSecond: bytes / seconds / 1e6,
  };
}

function median(runs: StreamBenchResult[]): StreamBenchResult {
  const sorted = [...runs].sort((a, b) => a.segmentsPerSecond - b.segmentsPerSecond);
  return sorted[sorted.length >> 1]!;
}

/** Median of `reps` alternating runs per case: the machine is shared, single runs are noisy. */
export function benchStream(segments = 200_000, reps = 5): StreamBenchResult[] {
  // Warm-up so the JIT has compiled the hot path before measuring.
  runOnce('warmup', 20_000, 0.1);
  const inOrder: StreamBenchResult[] = [];
  const ooo: StreamBenchResult[] = [];
  for (let r = 0; r < reps; r++) {
    inOrder.push(runOnce('in-order', segments, 0));
    ooo.push(runOnce('10% out-of-order', segments, 0.1));
  }
  return [median(inOrder), median(ooo)];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of benchStream()) {
    console.log(
      `${r.name.padEnd(18)} ${r.segments} segs  ${(r.segmentsPerSecond / 1e6).toFixed(2)} M seg/s  ` +
        `${r.megabytesPerSecond.toFixed(0)} MB/s`,
    );
  }
}
