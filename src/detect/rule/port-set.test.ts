import { describe, expect, it } from 'vitest';
import { compilePorts } from './port-set.js';
import { RuleParseError } from './rule-error.js';
import { DEFAULT_PORT_GROUPS } from './vars.js';

const vars = new Map(Object.entries(DEFAULT_PORT_GROUPS));
const lookup = (n: string): string | undefined => vars.get(n);

describe('port sets', () => {
  it('any, single, ranges and open ranges', () => {
    expect(compilePorts('any', lookup).any).toBe(true);
    const m = compilePorts('[80,1000:1010,60000:,:5]', lookup);
    for (const p of [80, 1000, 1010, 60000, 65535, 0, 5]) expect(m.match(p), String(p)).toBe(true);
    for (const p of [81, 999, 1011, 59999, 6]) expect(m.match(p), String(p)).toBe(false);
  });

  it('negation, nested lists and variables', () => {
    const shell = compilePorts('$SHELLCODE_PORTS', lookup);
    expect(shell.match(80)).toBe(false);
    expect(shell.match(81)).toBe(true);
    const m = compilePorts('[1:100,![50:60,!55]]', lookup);
    expect(m.match(49)).toBe(true);
    expect(m.match(50)).toBe(false);
    expect(m.match(55)).toBe(true);
    const fd = compilePorts('$FILE_DATA_PORTS', lookup);
    expect([80, 110, 143].every((p) => fd.match(p))).toBe(true);
    expect(fd.match(25)).toBe(false);
    expect(compilePorts('!$HTTP_PORTS', lookup).match(80)).toBe(false);
  });

  it('rejects bad ports with a reason', () => {
    for (const bad of ['65536', 'http', '10:5', '$NOPE', '!any', '[80,!80]', '']) {
      expect(() => compilePorts(bad, lookup), bad).toThrow(RuleParseError);
    }
  });
});
