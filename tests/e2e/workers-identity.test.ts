import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMirrorTraffic } from '../../bench/generate/mirror-traffic.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'bundle', 'main.js');
const RULES = join(ROOT, 'tests', 'differential', 'rules');

/**
 * Traffic from many clients to few servers, with rules whose thresholds count by source (limit) and by destination
 * (detection_filter): flows of one server land on different workers, so per-worker counting would differ by worker
 * count. The alerts must not. Runs the built CLI (worker threads load dist/).
 */
describe('replay gives the same EVE for any worker count', () => {
  it('with host-tracked thresholds and detection_filter, and flow events that say whether an alert was written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorscope-workers-'));
    const capture = join(dir, 'mirror.pcap');
    // Enough sessions that the login rule passes its ten hits on several servers and .env repeats per client.
    generateMirrorTraffic({ path: capture, packets: 150_000, seed: 7, concurrency: 300, suspiciousRate: 0.1 });
    const outputs = [1, 2, 3].map((workers) => {
      const eve = join(dir, `eve-${workers}.json`);
      execFileSync(process.execPath, [CLI, 'replay', capture, '--rules', RULES, '--eve', eve, '--eve-types', 'alert,flow', '--workers', String(workers)], { stdio: 'pipe' });
      return readFileSync(eve, 'utf8');
    });
    const hits = (text: string, sid: number) => text.split('\n').filter((l) => l.includes(`"signature_id":${sid},`)).length;
    // The case exercises both rate limits (else it proves nothing): detection_filter by_dst and threshold by_src.
    expect(hits(outputs[0]!, 9100024)).toBeGreaterThan(0);
    expect(hits(outputs[0]!, 9100023)).toBeGreaterThan(0);
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
    // A flow says it alerted exactly when an alert of it was written, as Suricata's flow events do: a flow whose
    // only alerts the rate limits held back did not alert.
    const events = outputs[0]!.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; flow_id?: number; flow?: { alerted: boolean } });
    const alertFlows = new Set(events.filter((e) => e.event_type === 'alert').map((e) => e.flow_id));
    const flows = events.filter((e) => e.event_type === 'flow');
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.filter((f) => f.flow!.alerted && !alertFlows.has(f.flow_id))).toEqual([]);
    const alertedFlows = new Set(flows.filter((f) => f.flow!.alerted).map((f) => f.flow_id));
    expect([...alertFlows].filter((id) => !alertedFlows.has(id))).toEqual([]);
  }, 120_000);
});
