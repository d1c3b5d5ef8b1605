import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datagramsFromCapture } from '../../src/ingest/capture-datagrams.js';

// The live mirror target end to end over loopback: start `listen`, send the sample deliveries as UDP datagrams,
// check health and metrics, stop it with SIGTERM, and compare what it wrote with `replay` of the same capture.
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'bundle', 'main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(fn: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await fn().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

const alertKeys = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event_type: string; src_ip: string; dest_ip: string; alert?: { signature_id: number } })
    .filter((e) => e.event_type === 'alert')
    .map((e) => `${e.alert!.signature_id} ${e.src_ip} ${e.dest_ip}`)
    .sort();

describe('mirrorscope listen', () => {
  it('receives VXLAN deliveries, reports health and metrics, drains on SIGTERM, and matches replay', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'mirrorscope-listen-'));
    const [vxlan, geneve, health] = [await freePort(), await freePort(), await freePort()];
    const eve = join(tmp, 'eve.json');
    const child = spawn(process.execPath, [CLI, 'listen', '--host', '127.0.0.1', '--port', String(vxlan), '--geneve-port', String(geneve),
      '--health-port', String(health), '--rules', 'samples/rules', '--eve', eve, '--workers', '2', '--log-format', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${health}/healthz`)).status === 200, 15_000);
      const datagrams = datagramsFromCapture(join(ROOT, 'samples', 'vxlan-basic.pcap')).filter((d) => d.protocol === 'vxlan');
      const sock = dgram.createSocket('udp4');
      for (const d of datagrams) await new Promise((r) => sock.send(d.payload, vxlan, '127.0.0.1', r));
      sock.close();
      await waitFor(async () => (await (await fetch(`http://127.0.0.1:${health}/metrics`)).text()).includes(`mirrorscope_datagrams_received_total ${datagrams.length}`), 10_000);
      const metrics = await (await fetch(`http://127.0.0.1:${health}/metrics`)).text();
      expect(metrics).toMatch(/mirrorscope_packets_dropped_total\{reason="overload"\} 0/);
      // A live target's alerts reach the file while it runs, not only at shutdown.
      await waitFor(async () => readFileSync(eve, 'utf8').includes('"event_type":"alert"'), 10_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    expect(stderr).toContain('"event":"stopped"');
    const replayEve = join(tmp, 'replay.json');
    expect(spawnSync(process.execPath, [CLI, 'replay', 'samples/vxlan-basic.pcap', '--rules', 'samples/rules', '--eve', replayEve], { cwd: ROOT }).status).toBe(0);
    expect(alertKeys(eve)).toEqual(alertKeys(replayEve));
    expect(alertKeys(eve).length).toBeGreaterThan(0);
  });
});
