import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The command line as scripts see it: exit codes, exactly one stderr line naming the file and the problem, no
// stack traces (interface.md).
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'bundle', 'main.js');

function run(...args: string[]) {
  return runWith({}, ...args);
}

function runWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stderr.split('\n').filter((l) => l !== '') };
}

const tmp = mkdtempSync(join(tmpdir(), 'mirrorscope-cli-'));

describe('mirrorscope CLI', () => {
  it('--version and --help work', () => {
    expect(run('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('replay');
  });

  it('a missing capture is one line naming it, exit 1', () => {
    const r = run('replay', 'no/such/file.pcap');
    expect(r.status).toBe(1);
    expect(r.lines).toEqual(['mirrorscope: no/such/file.pcap: no such file or directory']);
  });

  it('a file that is not a capture is one line naming it, exit 1', () => {
    const path = join(tmp, 'notes.txt');
    writeFileSync(path, 'Hello, this is not a pcap file at all\n');
    const r = run('replay', path);
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain(path);
    expect(r.lines[0]).toMatch(/not a pcap or pcapng file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a capture whose last record is cut short warns, names the file and the count, and exits 0', () => {
    const r = run('replay', 'samples/cut-short.pcap');
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^mirrorscope: warning: samples\/cut-short\.pcap: .*5 complete records/);
    expect(r.stdout).toContain('5 packets');
  });

  it('a temporary directory replay cannot use is one line naming it, exit 1', () => {
    const r = runWith({ TMPDIR: join(tmp, 'no-such-dir') }, 'replay', 'samples/vxlan-basic.pcap', '--rules', 'samples/rules', '--eve', join(tmp, 'tmpdir-eve.json'));
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([`mirrorscope: ${join(tmp, 'no-such-dir')}: cannot create the temporary file that holds EVE lines until output (ENOENT)`]);
  });

  it('bad options are usage errors, exit 2', () => {
    expect(run('replay', 'samples/vxlan-basic.pcap', '--aggregation-interval', '30').status).toBe(2);
    expect(run('replay').status).toBe(2);
  });

  it('a bad Flow Log format names the unknown field', () => {
    const r = run('replay', 'samples/vxlan-basic.pcap', '--flow-log-format', '${version} ${nope}');
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain('nope');
  });

  it('a bad sources file is one line naming it', () => {
    const path = join(tmp, 'sources.json');
    writeFileSync(path, '{"sources": [{"vni": "x"}]}');
    const r = run('replay', 'samples/vxlan-basic.pcap', '--sources', path);
    expect(r.status).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain(path);
  });

  it('--json prints the summary as JSON', () => {
    const r = run('replay', '--json', 'samples/gwlb-geneve.pcap');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { decode: { packets: number; tunnels: { gwlb_packets: number } } };
    expect(j.decode.packets).toBe(14);
    expect(j.decode.tunnels.gwlb_packets).toBe(14);
  });

  it('listen refuses a bad setting with one line naming it', () => {
    const r = run('listen', '--health-port', 'nope');
    expect(r.status).not.toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain('health-port');
  });

  it('rules check reports loaded and skipped rules', () => {
    const path = join(tmp, 'check.rules');
    writeFileSync(path, 'alert tcp any any -> any 80 (msg:"x"; content:"a"; sid:1;)\nalert tcp any any -> any any (msg:"y"; nosuchkeyword; sid:2;)\n');
    const r = run('rules', 'check', path);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/loaded:\s+1/);
    expect(r.stdout).toContain('nosuchkeyword');
  });
});

describe('protobuf export', () => {
  it('replay --protobuf writes alerts and Flow Log records that decode-protobuf reads back', () => {
    const pb = join(tmp, 'events.pb');
    const eve = join(tmp, 'events.json');
    const r = run('replay', 'samples/vxlan-basic.pcap', '--rules', 'samples/rules', '--protobuf', pb, '--eve', eve, '--eve-types', 'alert', '--flow-log-out', join(tmp, 'fl.txt'));
    expect(r.status).toBe(0);
    const lines = run('decode-protobuf', pb).stdout.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; alert?: { signature_id: number } });
    const alerts = lines.filter((l) => l.event_type === 'alert');
    const flowLogs = lines.filter((l) => l.event_type === 'flow_log');
    const eveSids = readFileSync(eve, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { alert: { signature_id: number } }).alert.signature_id);
    expect(alerts.map((a) => a.alert!.signature_id)).toEqual(eveSids);
    expect(flowLogs.length).toBe(readFileSync(join(tmp, 'fl.txt'), 'utf8').trim().split('\n').length - 1);
    expect(alerts.length).toBeGreaterThan(0);
  });
});
