import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRulesCheck } from '../rules-check.js';

// CI clones the repository beside shared/, so look next to the repo root as well as at the workspace path.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const candidates = [join(repoRoot, '../shared/rulesets/et-open/rules'), '/work/shared/rulesets/et-open/rules'];
const etRules = candidates.find((p) => existsSync(p));

describe.skipIf(etRules === undefined)('ET Open ruleset', () => {
  it('loads at least 95% of the enabled rules, skipping only with reasons', () => {
    const { report, ruleSet } = runRulesCheck([etRules as string]);
    expect(report.rules).toBe(22445);
    expect(report.loaded / report.rules).toBeGreaterThanOrEqual(0.95);
    expect(ruleSet.skipped.every((s) => s.reason.length > 0 && s.line > 0)).toBe(true);
    // nothing in ET Open should be a loader bug: every skip is an unsupported feature
    expect(report.skippedByReason.filter((g) => g.kind !== 'unsupported')).toEqual([]);
    const withFastPattern = ruleSet.signatures.filter((s) => s.fastPattern !== null).length;
    expect(withFastPattern / report.loaded).toBeGreaterThan(0.9);
  });
});
