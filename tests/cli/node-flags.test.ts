import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/cli/node-flags.js';

const root = new URL('../../', import.meta.url);

describe('node flags', () => {
  it('the executable, npm start and the benchmarks start Node with the same V8 flags', () => {
    const shebang = readFileSync(new URL('src/cli/main.ts', root), 'utf8').split('\n', 1)[0]!;
    expect(shebang).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
    const start = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start.startsWith(`node ${NODE_FLAGS.join(' ')} dist/src/cli/main.js `)).toBe(true);
  });
});
