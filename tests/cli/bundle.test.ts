import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The `mirrorscope` command runs dist/bundle/main.js (scripts/bundle-cli.mjs); the modules it was made from stay in
// dist/src/. Both must do the same work, including what a module finds beside itself (the worker entry and the
// pipeline sink for --workers, the .proto schema for --protobuf).
const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'bundle', 'main.js');
const MODULES = join(ROOT, 'dist', 'src', 'cli', 'main.js');

const tmp = mkdtempSync(join(tmpdir(), 'mirrorscope-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The --json summary less its one timing, rule_load_ms. */
function summaryOf(stdout: string): unknown {
  const summary = JSON.parse(stdout) as { detect: Record<string, unknown> };
  delete summary.detect['rule_load_ms'];
  return summary;
}

function run(cli: string, tag: string): { summary: unknown; eve: string; protobuf: string } {
  const eve = join(tmp, `${tag}.eve.json`);
  const protobuf = join(tmp, `${tag}.pb`);
  const r = spawnSync(
    process.execPath,
    [cli, 'replay', 'samples/vxlan-basic.pcap', 'samples/gwlb-geneve.pcap', '--rules', 'samples/rules', '--eve', eve, '--protobuf', protobuf, '--workers', '2', '--json'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return { summary: summaryOf(r.stdout), eve: readFileSync(eve, 'utf8'), protobuf: readFileSync(protobuf).toString('base64') };
}

describe('CLI bundle', () => {
  it('replays through worker threads with protobuf output exactly as the module tree does', () => {
    const bundled = run(BUNDLE, 'bundle');
    const modules = run(MODULES, 'modules');
    expect(bundled.eve).not.toBe('');
    expect(bundled.summary).toEqual(modules.summary);
    expect(bundled.eve).toBe(modules.eve);
    expect(bundled.protobuf).toBe(modules.protobuf);
  });

  it('reads its version from package.json', () => {
    const r = spawnSync(process.execPath, [BUNDLE, '--version'], { cwd: ROOT, encoding: 'utf8' });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
