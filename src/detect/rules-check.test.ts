import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRulesCheck, runRulesCheck, rulesCheckToJson } from './rules-check.js';

describe('rules check', () => {
  it('counts, groups skip reasons with examples, and prints text and JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-check-'));
    const file = join(dir, 'x.rules');
    writeFileSync(
      file,
      [
        'alert tcp any any -> any any (content:"a"; sid:1;)',
        'alert smb any any -> any any (sid:2;)',
        'alert smb any any -> any any (sid:3;)',
        'alert tcp any any -> any any (flowvar:a,"b"; sid:4;)',
        'alert tcp any any -> any any (content:"ab"; depth:1; sid:5;)',
      ].join('\n'),
    );
    const { report } = runRulesCheck([dir]);
    expect([report.rules, report.loaded, report.skipped, report.loadedPercent]).toEqual([5, 1, 4, 20]);
    expect(report.skippedByReason.map((g) => [g.reason, g.count])).toEqual([
      ['unsupported app-layer protocol smb', 2],
      ['depth is smaller than the content', 1],
      ['unsupported keyword flowvar', 1],
    ]);
    expect(report.skippedByReason[0]!.examples[0]).toMatchObject({ file, line: 2, sid: 2 });
    const text = formatRulesCheck(report);
    expect(text).toContain('loaded:   1 (20%)');
    expect(text).toContain(`${file}:2 sid 2`);
    expect(text).toContain('depth is smaller than the content [syntax]');
    expect(JSON.parse(rulesCheckToJson(report)).skipped).toBe(4);
  });
});
