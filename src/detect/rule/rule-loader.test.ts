import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, loadRulesFromText } from './rule-loader.js';
import { MirrorscopeError } from '../../errors.js';
import { parseIpv4 } from './ip-address.js';

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ms-rules-'));
  writeFileSync(
    join(dir, 'b.rules'),
    [
      '# header comment',
      'alert tcp $HOME_NET any -> any 80 (msg:"ok b"; content:"x"; sid:2;)',
      '',
      'alert tcp any any -> any any (msg:"bad"; content:"a"; depth:0; sid:3;)',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'a.rules'), 'alert udp any any -> any 53 (msg:"ok a"; \\\n  content:"q"; sid:1;)\n');
  writeFileSync(join(dir, 'notes.txt'), 'alert tcp any any -> any any (sid:99;)\n');
  return dir;
}

describe('loadRules', () => {
  it('loads *.rules of a directory in name order and reports skips with file:line and sid', () => {
    const dir = fixture();
    const rs = loadRules([dir]);
    expect(rs.files.map((f) => f.slice(dir.length + 1))).toEqual(['a.rules', 'b.rules']);
    expect(rs.signatures.map((s) => [s.sid, s.index, s.line])).toEqual([[1, 0, 1], [2, 1, 2]]);
    expect(rs.rulesSeen).toBe(3);
    expect(rs.skipped).toHaveLength(1);
    expect(rs.skipped[0]).toMatchObject({ file: join(dir, 'b.rules'), line: 4, sid: 3, keyword: 'depth', kind: 'syntax' });
  });

  it('throws MirrorscopeError naming a missing path', () => {
    const missing = join(tmpdir(), 'definitely-not-here.rules');
    expect(() => loadRules([missing])).toThrow(MirrorscopeError);
    expect(() => loadRules([missing])).toThrow(/definitely-not-here\.rules: no such file or directory/);
  });

  it('applies a vars file', () => {
    const dir = fixture();
    const vars = join(dir, 'vars.yaml');
    writeFileSync(vars, 'vars:\n  address-groups:\n    HOME_NET: "[10.9.0.0/16]"\n');
    const rs = loadRules([join(dir, 'b.rules')], { vars });
    expect(rs.signatures[0]!.src.matchV4(parseIpv4('10.9.1.1'))).toBe(true);
    expect(rs.signatures[0]!.src.matchV4(parseIpv4('10.8.1.1'))).toBe(false);
  });

  it('reads a classification.config when given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ms-class-'));
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'classification.config'), 'config classification: custom-thing,A Custom Thing,4\n');
    writeFileSync(join(dir, 'r', 'x.rules'), 'alert tcp any any -> any any (classtype:custom-thing; sid:1;)\n');
    const rs = loadRules([join(dir, 'r')], { classificationFile: join(dir, 'classification.config') });
    expect(rs.signatures[0]).toMatchObject({ classDescription: 'A Custom Thing', priority: 4 });
  });

  it('duplicate sid: the higher rev wins, equal rev keeps the first; the loser is a skip', () => {
    const rs = loadRulesFromText(
      [
        'alert tcp any any -> any any (msg:"one"; sid:5; rev:1;)',
        'alert tcp any any -> any any (msg:"two"; sid:5; rev:2;)',
        'alert tcp any any -> any any (msg:"three"; sid:5; rev:2;)',
        'alert tcp any any -> any any (msg:"other gid"; sid:5; gid:2;)',
      ].join('\n'),
    );
    expect(rs.signatures.map((s) => s.msg)).toEqual(['two', 'other gid']);
    expect(rs.skipped.map((s) => [s.line, s.reason])).toEqual([
      [1, 'duplicate sid'],
      [3, 'duplicate sid'],
    ]);
    expect(rs.warnings).toHaveLength(2);
  });
});
