import { describe, expect, it } from 'vitest';
import { readRuleLines } from './rule-file-reader.js';

describe('rule file reader', () => {
  it('skips comments, disabled rules and blanks; joins continuations; keeps first line numbers', () => {
    const text = [
      '# a comment',
      '',
      '#alert tcp any any -> any any (sid:1;)',
      'alert tcp any any -> any any (msg:"a"; \\',
      '   content:"x"; \\',
      '   sid:2;)',
      '   ',
      'alert udp any any -> any any (sid:3;)\r',
    ].join('\n');
    const lines = readRuleLines(text);
    expect(lines).toEqual([
      { text: 'alert tcp any any -> any any (msg:"a";    content:"x";    sid:2;)', line: 4 },
      { text: 'alert udp any any -> any any (sid:3;)', line: 8 },
    ]);
  });
});
