import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Start-up time is mostly module loading: protobufjs, hyparquet and the commands not run are loaded only when used.
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const RULES = 'tests/differential/rules/differential.rules';

// A loader hook that appends every module URL it loads to $MODULE_LOG (hooks run on their own thread).
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.MODULE_LOG, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

const tmp = mkdtempSync(join(tmpdir(), 'mirrorscope-lazy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let runs = 0;

/** The module URLs one CLI run loads. */
function modulesLoaded(...args: string[]): string[] {
  const log = join(tmp, `modules-${runs++}.txt`);
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, MODULE_LOG: log },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter((url) => url !== '');
}

function matching(urls: string[], part: string): string[] {
  return urls.filter((url) => url.includes(part));
}

describe('CLI start-up', () => {
  it('--version loads commander and the option definitions, no pipeline and no heavy package', () => {
    const urls = modulesLoaded('--version');
    expect(matching(urls, '/node_modules/commander/')).not.toEqual([]);
    for (const part of ['/node_modules/protobufjs/', '/node_modules/hyparquet/', '/src/pipeline/', '/src/detect/', '/src/ingest/', '/src/output/']) {
      expect(matching(urls, part)).toEqual([]);
    }
  });

  it('replay --rules --eve loads neither protobufjs, hyparquet, the contrast nor the worker pool', () => {
    const urls = modulesLoaded('replay', 'samples/vxlan-basic.pcap', '--rules', RULES, '--eve', join(tmp, 'eve.json'), '--eve-types', 'alert');
    expect(matching(urls, '/src/pipeline/inspection-pipeline.js')).not.toEqual([]);
    for (const part of ['/node_modules/protobufjs/', '/node_modules/hyparquet/', '/src/contrast/', '/src/ingest/packet-pool.js', '/src/ingest/udp-listener.js']) {
      expect(matching(urls, part)).toEqual([]);
    }
  });

  it('replay --protobuf loads protobufjs when it is used', () => {
    const urls = modulesLoaded('replay', 'samples/vxlan-basic.pcap', '--rules', RULES, '--protobuf', join(tmp, 'events.pb'));
    expect(matching(urls, '/node_modules/protobufjs/')).not.toEqual([]);
  });
});
