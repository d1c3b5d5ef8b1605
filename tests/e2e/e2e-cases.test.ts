import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCaptures } from '../../src/pipeline/replay.js';

// Each folder here is one end-to-end case: case.json names the inputs (paths from the repository root) and the
// expected outputs in the folder; the test replays it exactly as the CLI does and compares.
interface CaseSpec {
  captures: string[];
  flowLogs?: string[];
  aggregationInterval?: 60 | 600;
  expected: { report?: string };
}

const HERE = import.meta.dirname;
const ROOT = join(HERE, '..', '..');
const cases = readdirSync(HERE, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(HERE, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

describe('end-to-end cases', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const name of cases) {
    it(name, async () => {
      const spec = JSON.parse(readFileSync(join(HERE, name, 'case.json'), 'utf8')) as CaseSpec;
      const cwd = process.cwd();
      process.chdir(ROOT);
      try {
        const result = await replayCaptures(spec.captures, {
          aggregationInterval: spec.aggregationInterval ?? 600,
          flowLogs: spec.flowLogs ?? [],
        });
        if (spec.expected.report) {
          const want = JSON.parse(readFileSync(join(HERE, name, spec.expected.report), 'utf8')) as unknown;
          expect(JSON.parse(JSON.stringify(result.contrast))).toEqual(want);
        }
      } finally {
        process.chdir(cwd);
      }
    });
  }
});
