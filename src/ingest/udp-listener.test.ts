import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { datagramsFromCapture } from './capture-datagrams.js';
import type { CapturedDatagram } from './capture-datagrams.js';
import type { FlowCountOutput } from './flow-count-sink.js';
import { createPacketPool } from './packet-pool.js';
import type { WorkerOutput } from './pool-types.js';
import { replayThroughPool } from './replay-through-pool.js';
import { UdpListener } from './udp-listener.js';
import type { ListenerEvent } from './udp-listener.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sinkModule = pathToFileURL(join(root, 'dist/src/ingest/flow-count-sink.js')).href;
const SAMPLES = ['vxlan-basic', 'gwlb-geneve', 'invalid-vxlan', 'ipv6', 'vlan-qinq'].map((s) => join(root, 'samples', `${s}.pcap`));

/** Worker threads run dist/: rebuild it when a source it depends on is newer (npm ci already built it in CI). */
function ensureBuilt(): void {
  const entry = join(root, 'dist/src/ingest/worker-entry.js');
  let built = 0;
  try {
    built = statSync(entry).mtimeMs;
  } catch {
    built = 0;
  }
  const newest = Math.max(
    ...['src/ingest', 'src/flow', 'src/pipeline'].flatMap((d) =>
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

beforeAll(() => ensureBuilt());

interface Totals {
  packets: number;
  notOk: number;
  /** Packet counts of the flows inside a tunnel (a VNI in the key), sorted. */
  flowSizes: number[];
}

function totals(outputs: WorkerOutput[]): Totals {
  let packets = 0;
  let notOk = 0;
  const flows = new Map<string, number>();
  for (const o of outputs) {
    const out = o.output as FlowCountOutput;
    packets += out.packets;
    notOk += out.notOk;
    for (const [k, n] of out.flows) flows.set(k, (flows.get(k) ?? 0) + n);
  }
  // Flows without a VNI are outer UDP flows of invalid deliveries: keyed by the sender's port, which differs live.
  const tunneled = [...flows].filter(([k]) => parseInt(k.split('.')[0]!, 16) >>> 24 !== 0);
  return { packets, notOk, flowSizes: tunneled.map(([, n]) => n).sort((a, b) => a - b) };
}

function send(socket: Socket, payload: Uint8Array, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => socket.send(payload, port, host, (e) => (e ? reject(e) : resolve())));
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for datagrams');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function listen(host: string, workers: number, events: ListenerEvent[]): Promise<UdpListener> {
  return UdpListener.start({
    host,
    port: 0,
    genevePort: 0,
    recvBufferSize: 1 << 20,
    onEvent: (e) => events.push(e),
    pool: (ports) =>
      createPacketPool({
        sinkModule,
        workers,
        vxlanPorts: [ports.vxlan],
        genevePorts: [ports.geneve],
        sinkConfig: { vxlanPorts: [ports.vxlan], genevePorts: [ports.geneve] },
      }),
  });
}

describe('UdpListener', () => {
  const datagrams: CapturedDatagram[] = SAMPLES.flatMap((p) => datagramsFromCapture(p));

  it('receives VXLAN and GENEVE deliveries over loopback and decodes them as replay does', async () => {
    const events: ListenerEvent[] = [];
    const listener = await listen('127.0.0.1', 2, events);
    const client = createSocket('udp4');
    try {
      for (const d of datagrams) {
        await send(client, d.payload, d.protocol === 'vxlan' ? listener.ports.vxlan : listener.ports.geneve, '127.0.0.1');
      }
      // Hand-made invalid deliveries: too short for VXLAN, GENEVE version 1.
      await send(client, Uint8Array.from([8, 0, 0]), listener.ports.vxlan, '127.0.0.1');
      await send(client, Uint8Array.from([0x40, 0, 0x65, 0x58, 0, 0, 1, 0, 1, 2, 3, 4]), listener.ports.geneve, '127.0.0.1');
      const sent = datagrams.length + 2;
      await until(() => listener.stats().datagrams === sent, 5000);
      const stats = listener.stats();
      const finished = await listener.close();
      expect(stats.vxlan.datagrams).toBe(datagrams.filter((d) => d.protocol === 'vxlan').length + 1);
      expect(stats.geneve.datagrams).toBe(datagrams.filter((d) => d.protocol === 'geneve').length + 1);
      expect(stats.bytes).toBe(datagrams.reduce((s, d) => s + d.payload.length, 0) + 3 + 12);
      expect(stats.invalid).toEqual({ too_short: 2, vxlan_no_i_flag: 1, geneve_bad_version: 1, geneve_bad_option_length: 0 });
      expect(stats.forwarded).toBe(sent);
      expect(stats.dropped).toBe(0);
      expect(finished!.stats.accepted.reduce((a, b) => a + b, 0)).toBe(sent);

      const live = totals(finished!.outputs);
      expect(live.packets).toBe(sent);
      // The same samples replayed from their pcaps: the same decode results and flow sizes (the mirror source is
      // 127.0.0.1 live, but no two of these flows differ only in it).
      const replayed = totals((await replayThroughPool(SAMPLES, await createPacketPool({ sinkModule, workers: 0 }))).outputs);
      expect(live.notOk).toBe(replayed.notOk + 2);
      expect(live.flowSizes).toEqual(replayed.flowSizes);

      const buffers = events.filter((e) => e.type === 'recv_buffer');
      expect(buffers).toHaveLength(2);
      for (const b of buffers) if (b.type === 'recv_buffer') expect(b.actual).toBeGreaterThan(0);
    } finally {
      client.close();
      await listener.close();
    }
  });

  it('takes IPv4 and IPv6 senders on one dual-stack socket bound to ::', async () => {
    const events: ListenerEvent[] = [];
    const listener = await listen('::', 0, events);
    const v4 = createSocket('udp4');
    const v6 = createSocket('udp6');
    try {
      const vx = datagrams.filter((d) => d.protocol === 'vxlan').slice(0, 10);
      for (const d of vx) await send(v4, d.payload, listener.ports.vxlan, '127.0.0.1');
      for (const d of vx) await send(v6, d.payload, listener.ports.vxlan, '::1');
      await until(() => listener.stats().datagrams === 20, 5000);
      const finished = await listener.close();
      const live = totals(finished!.outputs);
      expect(live.packets).toBe(20);
      // Each inner flow arrives from two mirror sources: 127.0.0.1 (unmapped from ::ffff:127.0.0.1, so framed as
      // IPv4) and ::1 (framed as IPv6). The key's last word holds the mirror IP version in bits 12-15.
      const byMirrorVersion = new Map<number, number>();
      for (const o of finished!.outputs) {
        for (const [k] of (o.output as FlowCountOutput).flows) {
          const v = (parseInt(k.split('.')[14]!, 16) >>> 12) & 0xf;
          byMirrorVersion.set(v, (byMirrorVersion.get(v) ?? 0) + 1);
        }
      }
      expect(byMirrorVersion.get(4)).toBeGreaterThan(0);
      expect(byMirrorVersion.get(6)).toBe(byMirrorVersion.get(4));
      expect([...byMirrorVersion.keys()].sort()).toEqual([4, 6]);
    } finally {
      v4.close();
      v6.close();
      await listener.close();
    }
  });

  it('reports the receive buffer the kernel granted and the sysctl that lifts a cap', async () => {
    const events: ListenerEvent[] = [];
    const listener = await UdpListener.start({
      host: '127.0.0.1',
      port: 0,
      genevePort: null,
      recvBufferSize: 1 << 30,
      onEvent: (e) => events.push(e),
      pool: await createPacketPool({ sinkModule, workers: 0 }),
    });
    await listener.close();
    const ev = events.find((e) => e.type === 'recv_buffer');
    if (ev?.type !== 'recv_buffer') throw new Error('no recv_buffer event');
    expect(ev.requested).toBe(1 << 30);
    if (ev.rmemMax !== null && ev.rmemMax < 1 << 30) {
      expect(ev.capped).toBe(true);
      expect(ev.hint).toBe(`sysctl -w net.core.rmem_max=${1 << 30}`);
    }
  });

  it('rejects hosts that are not addresses and ports already taken', async () => {
    const pool = await createPacketPool({ sinkModule, workers: 0 });
    await expect(UdpListener.start({ host: 'localhost', pool })).rejects.toThrow(/IPv4 or IPv6 address/);
    const first = await UdpListener.start({ host: '127.0.0.1', port: 0, genevePort: null, pool });
    await expect(
      UdpListener.start({ host: '127.0.0.1', port: first.ports.vxlan, genevePort: null, pool }),
    ).rejects.toThrow(/cannot listen on udp 127.0.0.1 port \d+: EADDRINUSE/);
    await first.close();
  });
});
