import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMirrorTraffic } from '../../bench/generate/mirror-traffic.js';
import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { FlowKey, extractFlowKey } from '../flow/index.js';
import { readCaptureFile } from './capture-file.js';
import { FlowDispatcher } from './flow-dispatcher.js';
import type { FlowCountOutput, FlowCountSinkConfig } from './flow-count-sink.js';
import { createPacketPool } from './packet-pool.js';
import type { PacketPoolOptions, PoolEvent, WorkerOutput } from './pool-types.js';
import { replayThroughPool } from './replay-through-pool.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sinkModule = pathToFileURL(join(root, 'dist/src/ingest/flow-count-sink.js')).href;

/** Worker threads run dist/: rebuild it when a source it depends on is newer (npm ci already built it in CI). */
function ensureBuilt(): void {
  const entry = join(root, 'dist/src/ingest/worker-entry.js');
  let built = 0;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    built = 0;
  }
  const dirs = ['src/ingest', 'src/flow', 'src/pipeline'];
  const newest = Math.max(
    ...dirs.flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => statSync(join(root, d, f)).mtimeMs),
    ),
  );
  if (built >= newest) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the project still emit JavaScript; what matters is that the entry is fresh.
  }
  if (statSync(entry).mtimeMs < newest) throw new Error('dist/src/ingest is stale and tsc did not rebuild it');
}

let dir: string;
let capture: string;
let records = 0;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'mirrorscope-pool-'));
  capture = join(dir, 'mirror.pcap');
  generateMirrorTraffic({ path: capture, packets: 20_000, seed: 7, concurrency: 300, meanGapUs: 400 });
  readCaptureFile(capture, () => records++);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  flows: Map<string, number>;
  flowWorkers: Map<string, Set<number>>;
  packets: number;
  ticksPerWorker: Map<number, number>;
  outputs: WorkerOutput[];
  events: PoolEvent[];
  lost: number;
  restarts: number;
}

async function replay(
  workers: number,
  extra: Partial<PacketPoolOptions> = {},
  config: FlowCountSinkConfig = {},
  tickIntervalUs?: number,
): Promise<Run> {
  const events: PoolEvent[] = [];
  const pool = await createPacketPool({ sinkModule, sinkConfig: config, workers, onEvent: (e) => events.push(e), ...extra });
  const result = await replayThroughPool([capture], pool, tickIntervalUs === undefined ? {} : { tickIntervalUs });
  expect(result.records).toBe(records);
  const run: Run = {
    flows: new Map(),
    flowWorkers: new Map(),
    packets: 0,
    ticksPerWorker: new Map(),
    outputs: result.outputs,
    events,
    lost: result.stats.packetsLost,
    restarts: result.stats.restarts,
  };
  for (const o of result.outputs) {
    const out = o.output as FlowCountOutput;
    run.packets += out.packets;
    run.ticksPerWorker.set(o.worker, (run.ticksPerWorker.get(o.worker) ?? 0) + out.ticks);
    for (const [flow, n] of out.flows) {
      run.flows.set(flow, (run.flows.get(flow) ?? 0) + n);
      let ws = run.flowWorkers.get(flow);
      if (ws === undefined) run.flowWorkers.set(flow, (ws = new Set()));
      ws.add(o.worker);
    }
  }
  return run;
}

describe('packet pool', () => {
  it('gives the same per-flow counts for 1, 2 and 3 workers, each flow on one worker', async () => {
    const one = await replay(1);
    expect(one.packets).toBe(records);
    expect(one.flows.size).toBeGreaterThan(300);
    const oneThread = await replay(1, { threads: true });
    expect(oneThread.flows).toEqual(one.flows);
    for (const n of [2, 3]) {
      const many = await replay(n);
      expect(many.packets).toBe(records);
      expect(many.flows).toEqual(one.flows);
      for (const ws of many.flowWorkers.values()) expect(ws.size).toBe(1);
      expect(new Set(many.outputs.map((o) => o.worker)).size).toBe(n);
      // Ticks follow packet time, so every worker sees the same ones whatever its share of the packets.
      expect(new Set(many.ticksPerWorker.values()).size).toBe(1);
      expect(many.ticksPerWorker.get(0)).toBe(one.ticksPerWorker.get(0));
    }
  });

  it('routes both directions of a flow to the same worker', () => {
    const decoder = new PacketDecoder();
    const pkt = new DecodedPacket();
    const key = new FlowKey();
    const dispatchers = [2, 3, 8].map((n) => new FlowDispatcher(n));
    const seen = new Map<string, { workers: number[]; directions: Set<boolean> }>();
    readCaptureFile(capture, (r) => {
      decoder.decode(pkt, r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType);
      if (!extractFlowKey(pkt, key)) return;
      const id = key.words.join('.');
      const workers = dispatchers.map((d) => d.workerFor(r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType));
      const prev = seen.get(id);
      if (prev === undefined) seen.set(id, { workers, directions: new Set([key.reversed]) });
      else {
        expect(workers).toEqual(prev.workers);
        prev.directions.add(key.reversed);
      }
    });
    const twoWay = [...seen.values()].filter((s) => s.directions.size === 2).length;
    expect(twoWay).toBeGreaterThan(100);
  });

  it('restarts a worker whose sink throws, counts what it lost, and keeps processing', async () => {
    // No drains before the crash (no ticks, no timed drains): the dead sink's whole take is then what goes missing.
    const run = await replay(2, { drainIntervalMs: 1e9 }, { throwOnRecord: [5000] }, 0);
    const restarts = run.events.filter((e) => e.type === 'worker_restarted');
    expect(restarts).toHaveLength(1);
    const ev = restarts[0]!;
    if (ev.type !== 'worker_restarted') throw new Error('unreachable');
    expect(ev.reason).toBe('exception');
    expect(ev.error).toMatch(/injected fault at record 5000/);
    expect(ev.packetsLost).toBeGreaterThan(0);
    expect(run.lost).toBe(ev.packetsLost);
    expect(run.packets).toBe(records - ev.packetsLost);
    const later = run.outputs.filter((o) => o.worker === ev.worker && o.generation === 1);
    expect(later.reduce((s, o) => s + (o.output as FlowCountOutput).packets, 0)).toBeGreaterThan(0);
  });

  it('restarts a worker that exits inside its sink and skips the packet that killed it', async () => {
    const run = await replay(2, { drainIntervalMs: 1e9 }, { exitOnRecord: [7000] }, 0);
    const restarts = run.events.filter((e) => e.type === 'worker_restarted');
    expect(restarts).toHaveLength(1);
    const ev = restarts[0]!;
    if (ev.type !== 'worker_restarted') throw new Error('unreachable');
    expect(ev.reason).toBe('exit');
    expect(run.packets).toBe(records - ev.packetsLost);
  });

  it('replaces a throwing sink in-thread the same way', async () => {
    const run = await replay(1, {}, { throwOnRecord: [3000] }, 0);
    expect(run.restarts).toBe(1);
    const ev = run.events[0]!;
    expect(ev.type).toBe('worker_restarted');
    expect(run.lost).toBe(3000);
    expect(run.packets).toBe(records - run.lost);
  });

  it('processes everything pushed before finish, through small rings that fill up', async () => {
    const run = await replay(2, { ringBytes: 256 << 10 });
    expect(run.packets).toBe(records);
  });

  it('drops on a full ring when offered (never blocks) and counts it as overload', async () => {
    const pool = await createPacketPool({ sinkModule, workers: 2, ringBytes: 256 << 10 });
    let offered = 0;
    let accepted = 0;
    readCaptureFile(capture, (r) => {
      offered++;
      if (pool.offer(r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType, r.tsSec * 1e6, r.recordNumber, 0)) accepted++;
    });
    const { outputs, stats } = await pool.finish();
    expect(stats.dropped.overload).toBe(offered - accepted);
    expect(stats.dropped.overload).toBeGreaterThan(0);
    expect(stats.accepted[0]! + stats.accepted[1]!).toBe(accepted);
    expect(outputs.reduce((s, o) => s + (o.output as FlowCountOutput).packets, 0)).toBe(accepted);
    expect(() => pool.offer(new Uint8Array(1), 0, 1, 1, 1, 0, 1, 0)).toThrow(/finishing or closed/);
  });

  it('processes packets offered to an idle worker without a tick or finish', async () => {
    let seen = 0;
    const pool = await createPacketPool({
      sinkModule,
      workers: 1,
      threads: true,
      drainIntervalMs: 5,
      onOutput: (o) => (seen += (o.output as FlowCountOutput).packets),
    });
    // Let the worker find its ring empty and go to sleep.
    await new Promise((resolve) => setTimeout(resolve, 100));
    let offered = 0;
    readCaptureFile(capture, (r) => {
      if (offered < 10 && pool.offer(r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType, r.tsSec * 1e6, r.recordNumber, 0)) offered++;
    });
    const deadline = Date.now() + 5000;
    while (seen < offered && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toBe(10);
    await pool.finish();
  });

  it('rejects a sink module that cannot be loaded and bad worker counts', async () => {
    await expect(createPacketPool({ sinkModule: pathToFileURL(join(dir, 'nope.js')).href, workers: 2 })).rejects.toThrow(/cannot load sink module/);
    await expect(createPacketPool({ sinkModule: pathToFileURL(join(dir, 'nope.js')).href, workers: 0 })).rejects.toThrow(/cannot load sink module/);
    await expect(createPacketPool({ sinkModule, workers: -1 })).rejects.toThrow(/workers must be/);
    await expect(createPacketPool({ sinkModule, workers: 2, ringBytes: 1000 })).rejects.toThrow(/ring size/);
  });
});
