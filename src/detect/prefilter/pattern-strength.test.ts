import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternStrength } from './pattern-strength.js';

const b = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const hex = (...v: number[]): Uint8Array => Uint8Array.from(v);

describe('patternStrength', () => {
  it('scores known patterns', () => {
    expect(patternStrength(new Uint8Array(0), false)).toBe(0);
    expect(patternStrength(b('abcd'), false)).toBe(12); // four distinct letters, 3 each
    expect(patternStrength(b('aaaa'), false)).toBe(6); // 3 + three repeats
    expect(patternStrength(b('ABcd'), true)).toBe(8); // nocase letters weigh 2
    expect(patternStrength(b('/a=&'), false)).toBe(4 + 3 + 4 + 4);
    expect(patternStrength(hex(0x00, 0x00, 0x00, 0x00), false)).toBe(4);
    expect(patternStrength(hex(0x13, 0x37, 0xbe, 0xef), false)).toBe(5 + 3 + 5 + 5); // 0x37 is the digit 7
  });

  it('prefers longer, more varied and rarer patterns', () => {
    expect(patternStrength(b('cmd.exe'), false)).toBeGreaterThan(patternStrength(b('cmd'), false));
    expect(patternStrength(b('abcd'), false)).toBeGreaterThan(patternStrength(b('abab'), false));
    expect(patternStrength(hex(0xde, 0xad, 0xbe, 0xef), false)).toBeGreaterThan(patternStrength(b('dead'), false));
    expect(patternStrength(b('abcd'), false)).toBeGreaterThan(patternStrength(hex(0x00, 0x20, 0xff, 0x0d), false));
    expect(patternStrength(b('User'), false)).toBeGreaterThan(patternStrength(b('User'), true));
  });

  it('treats letters case-insensitively for nocase patterns only', () => {
    expect(patternStrength(b('aA'), true)).toBe(patternStrength(b('aa'), true));
    expect(patternStrength(b('aA'), false)).toBeGreaterThan(patternStrength(b('aa'), false));
  });

  it('never drops when a byte is appended, and is never higher nocase', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(255), fc.boolean(), (p, extra, nocase) => {
        const longer = Uint8Array.of(...p, extra);
        expect(patternStrength(longer, nocase)).toBeGreaterThan(patternStrength(p, nocase));
        expect(patternStrength(p, true)).toBeLessThanOrEqual(patternStrength(p, false));
      }),
    );
  });

  it('depends only on the bytes, not on earlier calls', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), fc.uint8Array({ maxLength: 30 }), fc.boolean(), (p, q, nocase) => {
        const first = patternStrength(p, nocase);
        patternStrength(q, !nocase);
        expect(patternStrength(p, nocase)).toBe(first);
        expect(patternStrength(p, nocase)).toBeGreaterThanOrEqual(p.length);
      }),
    );
  });
});
