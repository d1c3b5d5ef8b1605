import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datagramsFromCapture } from '../../src/ingest/capture-datagrams.js';

// SIGHUP on a live listener: the rules file is rewritten mid-capture and the workers swap engines between two
// datagrams, without losing the flows they hold. Runs dist/ (tests/global-setup.ts rebuilds it when stale).
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

async function waitFor(fn: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await Promise.resolve(fn()).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

// The samples' rules, split: the old file fires on the first part of vxlan-basic.pcap (HTTP at packet 4, DNS at
// packet 11) and has the ICMP rule (packets 23, 25); the new file renumbers them, so which file an alert came from
// shows in its sid. The reload falls after packet 15, inside the TCP connection to 198.51.100.20 (packets 14-16):
// its handshake is seen under the old rules, its request under the new stream rule, on the same flow.
const SPLIT = 15;
const SAMPLE = readFileSync(join(ROOT, 'samples', 'rules', 'samples.rules'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('alert'));
const pick = (sids: number[], renumber: number) =>
  SAMPLE.filter((l) => sids.some((sid) => l.includes(`sid:${sid};`)))
    .map((l) => l.replace(/sid:(\d+);/, (_m, sid: string) => `sid:${Number(sid) + renumber};`))
    .join('\n') + '\n';
const OLD_RULES = pick([9000001, 9000002, 9000003, 9000004], 0);
const NEW_RULES = pick([9000001, 9000003, 9000004, 9000005], 100_000);

interface Alert {
  sid: number;
  tsUs: number;
  flowId: number;
  packets: number;
}

describe('mirrorscope listen SIGHUP', () => {
  it('swaps the rules in every worker between datagrams and keeps the flows', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'mirrorscope-reload-'));
    const rules = join(tmp, 'live.rules');
    writeFileSync(rules, OLD_RULES);
    const [vxlan, geneve, health] = [await freePort(), await freePort(), await freePort()];
    const eve = join(tmp, 'eve.json');
    const child = spawn(process.execPath, [CLI, 'listen', '--host', '127.0.0.1', '--port', String(vxlan), '--geneve-port', String(geneve),
      '--health-port', String(health), '--rules', rules, '--eve', eve, '--workers', '2', '--log-format', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const received = (n: number) => async () =>
      (await (await fetch(`http://127.0.0.1:${health}/metrics`)).text()).includes(`mirrorscope_datagrams_received_total ${n}`);
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${health}/healthz`)).status === 200, 15_000);
      const datagrams = datagramsFromCapture(join(ROOT, 'samples', 'vxlan-basic.pcap')).filter((d) => d.protocol === 'vxlan');
      const half = SPLIT;
      const sock = dgram.createSocket('udp4');
      for (const d of datagrams.slice(0, half)) await new Promise((r) => sock.send(d.payload, vxlan, '127.0.0.1', r));
      // Every datagram of the first half is in the pool before the signal: the reload queues behind them.
      await waitFor(received(half), 10_000);

      writeFileSync(rules, NEW_RULES);
      child.kill('SIGHUP');
      await waitFor(() => stderr.includes('"event":"rules_reloaded"'), 10_000);

      for (const d of datagrams.slice(half)) await new Promise((r) => sock.send(d.payload, vxlan, '127.0.0.1', r));
      sock.close();
      await waitFor(received(datagrams.length), 10_000);
      const metrics = await (await fetch(`http://127.0.0.1:${health}/metrics`)).text();
      expect(metrics).toMatch(/mirrorscope_rule_reloads_total\{result="success"\} 1/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }

    const reloaded = stderr.split('\n').find((l) => l.includes('"event":"rules_reloaded"'))!;
    const line = JSON.parse(reloaded) as { loaded: number; workers: { worker: number; ok: boolean; loaded: number }[] };
    expect(line.loaded).toBe(4);
    expect(line.workers).toEqual([
      { worker: 0, ok: true, loaded: 4 },
      { worker: 1, ok: true, loaded: 4 },
    ]);

    const alerts: Alert[] = readFileSync(eve, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event_type: string; timestamp: string; flow_id: number; alert?: { signature_id: number }; flow_log: { packets: number } })
      .filter((e) => e.event_type === 'alert')
      .map((e) => ({ sid: e.alert!.signature_id, tsUs: eveMicros(e.timestamp), flowId: e.flow_id, packets: e.flow_log.packets }));
    const sids = alerts.map((a) => a.sid);
    // First half under the old rules only.
    expect(sids).toEqual(expect.arrayContaining([9000001, 9000002, 9000003]));
    // Second half under the new rules only: the old ICMP rule never fired, its renumbered copy did.
    expect(sids).not.toContain(9000004);
    expect(sids.filter((s) => s === 9100004)).toHaveLength(2);
    // New rules whose packets came before the reload did not fire on them.
    expect(sids).not.toContain(9100001);
    expect(sids).not.toContain(9100003);
    // The connection that straddles the reload: one flow, whose counters include the packets before the reload.
    const stream = alerts.filter((a) => a.sid === 9100005);
    expect(stream).toHaveLength(1);
    expect(stream[0]!.packets).toBe(3);
    const lastOld = Math.max(...alerts.filter((a) => a.sid < 9100000).map((a) => a.tsUs));
    const firstNew = Math.min(...alerts.filter((a) => a.sid >= 9100000).map((a) => a.tsUs));
    expect(firstNew).toBeGreaterThan(lastOld);
  });
});

/** "2026-11-27T10:38:02.123456+0000" -> microseconds since the epoch. */
function eveMicros(ts: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)\.(\d{6})\+0000$/.exec(ts)!;
  return Date.parse(`${m[1]}Z`) * 1000 + Number(m[2]);
}
