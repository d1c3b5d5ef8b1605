import { pathToFileURL } from 'node:url';
import { FLOW_KEY_WORDS, FlowKey, FlowLogWindows, FlowTable } from '../src/flow/index.js';

export interface FlowTableBenchRow {
  readonly flows: number;
  readonly flowLog: boolean;
  /** New flows per second while filling the table (first packet of each flow). */
  readonly insertsPerSec: number;
  /** Packets per second over live flows, spread over all of them (cache-unfriendly on purpose). */
  readonly packetsPerSec: number;
  /** Typed-array bytes per flow slot: the table's, plus the flow-log accumulators when attached. */
  readonly arrayBytesPerFlow: number;
  /** Measured growth of heap + array buffers per live flow after filling (includes growth slack). */
  readonly measuredBytesPerFlow: number;
}

export interface FlowTableBenchOptions {
  readonly sizes?: readonly number[];
  readonly packets?: number;
  readonly log?: (line: string) => void;
}

const SEC = 1_800_000_000;

/** Key words for `n` distinct flows: 10.x clients to a few hundred servers, two mirror sources. */
function makeKeys(n: number): { words: Uint32Array; reversed: Uint8Array } {
  const words = new Uint32Array(n * FLOW_KEY_WORDS);
  const reversed = new Uint8Array(n);
  const k = new FlowKey();
  for (let i = 0; i < n; i++) {
    const client = 0x0a000000 + (i >>> 6);
    const server = 0xc6336400 + (i % 251);
    k.setIpv4(client, server, 1024 + (i & 63) * 900 + (i % 7), 443, 6, 7001 + (i & 1), (i & 1) === 0 ? 0x0a00000b : 0x0a000016);
    words.set(k.words, i * FLOW_KEY_WORDS);
    reversed[i] = k.reversed ? 1 : 0;
  }
  return { words, reversed };
}

function load(key: FlowKey, words: Uint32Array, reversed: Uint8Array, i: number): void {
  const w = key.words;
  const base = i * FLOW_KEY_WORDS;
  for (let j = 0; j < FLOW_KEY_WORDS; j++) w[j] = words[base + j]!;
  key.reversed = reversed[i] === 1;
}

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Full collections (run with --expose-gc for meaningful memory numbers); twice so freed array buffers are gone. */
function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
}

function benchOne(n: number, packets: number, flowLog: boolean): FlowTableBenchRow {
  const { words, reversed } = makeKeys(n);
  gc();
  const before = memory();
  const table = new FlowTable({ maxFlows: Math.max(n, 16), initialFlows: n });
  const windows = flowLog ? new FlowLogWindows(table, { interval: 600 }) : null;
  const key = new FlowKey();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    load(key, words, reversed, i);
    table.trackKey(key, SEC, i % 1_000_000, 60, 0x02);
  }
  const t1 = performance.now();
  gc();
  const measured = (memory() - before) / n;
  // A stride coprime to n visits every flow in a scattered order, as interleaved traffic would.
  const stride = 7919;
  let idx = 0;
  let sink = 0;
  const t2 = performance.now();
  for (let p = 0; p < packets; p++) {
    load(key, words, reversed, idx);
    sink = (sink + table.trackKey(key, SEC + 1 + ((p / 1_000_000) | 0), p % 1_000_000, 1500, 0x18)) | 0;
    idx += stride;
    if (idx >= n) idx %= n;
  }
  const t3 = performance.now();
  if (table.activeFlows !== n || sink === 0.5) throw new Error(`flow table bench lost flows: ${table.activeFlows} of ${n}`);
  const windowBytes = windows === null ? 0 : windows.memoryBytes() / table.capacity;
  return {
    flows: n,
    flowLog,
    insertsPerSec: Math.round(n / ((t1 - t0) / 1000)),
    packetsPerSec: Math.round(packets / ((t3 - t2) / 1000)),
    arrayBytesPerFlow: Math.round(table.memoryBytes() / table.capacity + windowBytes),
    measuredBytesPerFlow: Math.round(measured),
  };
}

/** Flow table throughput at 10k, 100k and 1M concurrent flows, and memory per flow. */
export function benchFlowTable(options: FlowTableBenchOptions = {}): FlowTableBenchRow[] {
  const sizes = options.sizes ?? [10_000, 100_000, 1_000_000];
  const packets = options.packets ?? 2_000_000;
  const log = options.log ?? ((line: string) => console.log(line));
  const rows: FlowTableBenchRow[] = [];
  // Warm the JIT on a small table so the first measured size is not paying for compilation.
  benchOne(2_000, 200_000, true);
  log('flows      flow-log  inserts/s    packets/s    array B/flow  measured B/flow');
  for (const n of sizes) {
    for (const flowLog of [false, true]) {
      const row = benchOne(n, packets, flowLog);
      rows.push(row);
      log(
        `${String(n).padEnd(10)} ${String(flowLog).padEnd(9)} ${String(row.insertsPerSec).padEnd(12)} ${String(row.packetsPerSec).padEnd(12)} ${String(row.arrayBytesPerFlow).padEnd(13)} ${row.measuredBytesPerFlow}`,
      );
    }
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchFlowTable();
}
