import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DetectEngine } from '../../src/detect/engine/index.js';
import { loadRules } from '../../src/detect/rule/index.js';
import { EveWriter } from '../../src/output/eve/index.js';
import { replayCaptures } from '../../src/pipeline/replay.js';

// Each folder here is one end-to-end case: case.json names the inputs (paths from the repository root) and the
// expected outputs in the folder; the test replays it exactly as the CLI does and compares.
interface CaseSpec {
  captures: string[];
  flowLogs?: string[];
  aggregationInterval?: 60 | 600;
  rules?: string[];
  /** report: the contrast JSON; alerts: one `sid src -> dst proto vni= app=` line per EVE alert, in order. */
  expected: { report?: string; alerts?: string };
}

const HERE = import.meta.dirname;
const ROOT = join(HERE, '..', '..');
const cases = readdirSync(HERE, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(HERE, d.name, 'case.json')))
  .map((d) => d.name)
  .sort();

interface EveAlert {
  src_ip: string;
  src_port?: number;
  dest_ip: string;
  dest_port?: number;
  proto: string;
  app_proto?: string;
  tunnel?: { vni?: number };
  alert: { signature_id: number };
}

function alertLine(line: string): string {
  const e = JSON.parse(line) as EveAlert;
  const sp = e.src_port !== undefined ? `:${e.src_port}` : '';
  const dp = e.dest_port !== undefined ? `:${e.dest_port}` : '';
  return `${e.alert.signature_id} ${e.src_ip}${sp} -> ${e.dest_ip}${dp} ${e.proto} vni=${e.tunnel?.vni ?? '-'} app=${e.app_proto ?? '-'}`;
}

describe('end-to-end cases', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const name of cases) {
    it(name, async () => {
      const spec = JSON.parse(readFileSync(join(HERE, name, 'case.json'), 'utf8')) as CaseSpec;
      const cwd = process.cwd();
      process.chdir(ROOT);
      try {
        const engine = spec.rules ? DetectEngine.build(loadRules(spec.rules).signatures) : null;
        const evePath = join(mkdtempSync(join(tmpdir(), 'mirrorscope-e2e-')), 'eve.json');
        const eveWriter = await EveWriter.open(evePath);
        const result = await replayCaptures(spec.captures, {
          aggregationInterval: spec.aggregationInterval ?? 600,
          flowLogs: spec.flowLogs ?? [],
          engine,
          eveWriter,
          eveTypes: new Set(['alert']),
        });
        await eveWriter.close();
        if (spec.expected.alerts) {
          const want = readFileSync(join(HERE, name, spec.expected.alerts), 'utf8').trim().split('\n');
          const got = readFileSync(evePath, 'utf8').trim().split('\n').filter((l) => l !== '').map(alertLine);
          expect(got).toEqual(want);
        }
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
