import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ethernet, ipv4, mirrored, udp } from '../../tests/helpers/packet-builder.js';
import type { PipelineSinkConfig, WorkerPipelineOutput } from '../pipeline/pipeline-sink.js';
import { createPacketPool } from './packet-pool.js';
import type { PacketPool, WorkerOutput } from './pool-types.js';

// Rule reload through the pool: the new rules take effect at the reload's place in each worker's packet stream,
// and the flows (and their Flow Log counters) carry on across it. Threaded pools run dist/ (tests/global-setup.ts
// rebuilds it when sources are newer).
const root = fileURLToPath(new URL('../../', import.meta.url));
const sinkModule = pathToFileURL(join(root, 'dist/src/pipeline/pipeline-sink.js')).href;

let dir: string;
let rulesA: string;
let rulesB: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirrorscope-reload-'));
  rulesA = join(dir, 'a.rules');
  rulesB = join(dir, 'b.rules');
  writeFileSync(rulesA, 'alert udp any any -> any any (msg:"A"; content:"AAAA"; sid:1000001; rev:1;)\n');
  writeFileSync(rulesB, 'alert udp any any -> any any (msg:"B"; content:"BBBB"; sid:1000002; rev:1;)\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const config = (rules: string[]): PipelineSinkConfig => ({
  rules,
  eveTypes: 'alert',
  aggregationInterval: 600,
  flowLogVersion: 2,
  vxlanPorts: [],
  genevePorts: [],
  pcapCounts: false,
});

const FLOWS = [40000, 40001, 40002, 40003];
const T0 = 1_795_774_000_000_000;
const payload = new TextEncoder().encode('xx AAAA yy BBBB zz');

/** One packet of each flow, at second `second` of the run. */
function sendRound(pool: PacketPool, second: number): void {
  for (const sport of FLOWS) {
    const frame = mirrored(ethernet(ipv4(udp(payload, sport, 9999), { proto: 17, src: '10.0.0.11', dst: '203.0.113.50' })));
    pool.push(frame, 0, frame.length, frame.length, 1, T0 + second * 1_000_000, second, 0);
  }
}

interface Alert {
  sid: number;
  flowId: number;
  second: number;
  sport: number;
}

describe.each([
  { name: 'in-thread', workers: 1, threads: false },
  { name: 'two worker threads', workers: 2, threads: true },
])('pool reload ($name)', ({ workers, threads }) => {
  it('switches rules at its place in the stream, keeps flows, and keeps the old rules when the new ones fail', async () => {
    const outputs: WorkerOutput[] = [];
    const pool = await createPacketPool({ sinkModule, sinkConfig: config([rulesA]), workers, threads, onOutput: (o) => outputs.push(o) });
    try {
      sendRound(pool, 0);
      sendRound(pool, 1);
      // Not awaited before the next packets: the reload's place in the stream is where it was called.
      const good = pool.reload(config([rulesB]));
      sendRound(pool, 2);
      sendRound(pool, 3);
      const goodResults = await good;
      expect(goodResults).toHaveLength(workers);
      expect(goodResults.map((r) => r.worker)).toEqual([...Array(workers).keys()]);
      for (const r of goodResults) expect(r).toMatchObject({ ok: true, loaded: 1 });

      const bad = await pool.reload(config([join(dir, 'missing.rules')]));
      expect(bad).toHaveLength(workers);
      for (const r of bad) {
        expect(r.ok).toBe(false);
        expect(r.error).toContain('missing.rules');
        expect(r.error).not.toContain('\n');
      }
      sendRound(pool, 4);
      const { stats } = await pool.finish();
      expect(stats.restarts).toBe(0);
    } catch (error) {
      await pool.abort();
      throw error;
    }

    const results = outputs.map((o) => o.output as WorkerPipelineOutput);
    const alerts: Alert[] = results.flatMap((r) =>
      r.eve
        .map((e) => ({ tsUs: e.tsUs, ...(JSON.parse(e.line) as { event_type: string; flow_id: number; src_port: number; alert?: { signature_id: number } }) }))
        .filter((e) => e.event_type === 'alert')
        .map((e) => ({ sid: e.alert!.signature_id, flowId: e.flow_id, sport: e.src_port, second: Math.floor((e.tsUs - T0) / 1e6) })),
    );
    // Before the reload: only the old rule; after it (and after the failed reload): only the new one.
    for (const a of alerts) expect(a.sid).toBe(a.second < 2 ? 1000001 : 1000002);
    expect(alerts).toHaveLength(FLOWS.length * 5);

    for (const sport of FLOWS) {
      const mine = alerts.filter((a) => a.sport === sport);
      // One flow id across the reloads: the flow was not dropped and recreated.
      expect(new Set(mine.map((a) => a.flowId)).size).toBe(1);
      // Its Flow Log record counts every packet, before and after the reloads.
      const records = results.flatMap((r) => r.flowLogRecords).filter((f) => f.srcport === sport);
      expect(records).toHaveLength(1);
      expect(records[0]!.packets).toBe(5);
    }
    const created = results.reduce((n, r) => n + (r.final?.flows.created ?? 0), 0);
    expect(created).toBe(FLOWS.length);
  });
});

describe('pool reload and restarts', () => {
  it('builds a restarted worker from the configuration its last reload took', async () => {
    const countSink = pathToFileURL(join(root, 'dist/src/ingest/flow-count-sink.js')).href;
    const events: string[] = [];
    const pool = await createPacketPool({
      sinkModule: countSink,
      sinkConfig: {},
      workers: 2,
      onEvent: (e) => events.push(e.type),
      onOutput: () => undefined,
    });
    try {
      const frame = mirrored(ethernet(ipv4(udp(payload, 40000, 9999), { proto: 17 })));
      const send = (record: number) => pool.push(frame, 0, frame.length, frame.length, 1, T0 + record, record, 0);
      send(5); // the start configuration injects no fault
      const results = await pool.reload({ throwOnRecord: [5] });
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      send(5); // the reloaded sink throws: restart
      await waitFor(() => events.length >= 1);
      send(5); // the restarted sink was built from the reloaded configuration: it throws too
      await waitFor(() => events.length >= 2);
      expect(events).toEqual(['worker_restarted', 'worker_restarted']);
      const { stats } = await pool.finish();
      expect(stats.restarts).toBe(2);
    } catch (error) {
      await pool.abort();
      throw error;
    }
  });
});

async function waitFor(fn: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
