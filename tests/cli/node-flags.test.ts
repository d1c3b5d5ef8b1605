import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_ENV, NODE_FLAGS, nodeCommandPrefix } from '../../src/cli/node-flags.js';

const root = new URL('../../', import.meta.url);

describe('node flags', () => {
  it('the executable, npm start and the benchmarks start Node with the same V8 flags and malloc settings', () => {
    const shebang = readFileSync(new URL('src/cli/main.ts', root), 'utf8').split('\n', 1)[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S ${nodeCommandPrefix()}`);
    const start = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start.startsWith(`${nodeCommandPrefix()} dist/bundle/main.js `)).toBe(true);
  });

  it('the systemd unit starts Node the same way', () => {
    const unit = readFileSync(new URL('deploy/mirrorscope.service', root), 'utf8');
    for (const [k, v] of Object.entries(NODE_ENV)) expect(unit).toContain(`\nEnvironment=${k}=${v}\n`);
    expect(unit).toMatch(new RegExp(`\\nExecStart=/usr/bin/node ${NODE_FLAGS.join(' ')} \\S+/dist/bundle/main\\.js listen\\n`));
  });

  it('the shebang fits the kernel limit of 255 bytes', () => {
    expect(`#!/usr/bin/env -S ${nodeCommandPrefix()}`.length).toBeLessThan(255);
  });
});
