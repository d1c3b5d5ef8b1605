import { describe, expect, it } from 'vitest';
import { parseRule } from '../rule/rule-parser.js';
import { createParseContext } from '../rule/parse-context.js';
import { BufferId } from '../rule/buffer-registry.js';
import { ItemKind, type PcreItem } from '../rule/signature.js';
import { translatePcre, type PcreFlags } from './pcre-translate.js';

const ctx = createParseContext();
const pcre = (value: string, proto = 'tcp'): { item: PcreItem; bufferId: number } => {
  const r = parseRule(`alert ${proto} any any -> any any (pcre:${value}; sid:1;)`, ctx);
  if (!r.ok) throw new Error(r.error.message);
  for (const b of r.signature.buffers) for (const i of b.items) if (i.kind === ItemKind.Pcre) return { item: i, bufferId: b.bufferId };
  throw new Error('no pcre');
};
const reason = (value: string) => {
  const r = parseRule(`alert tcp any any -> any any (pcre:${value}; sid:1;)`, ctx);
  return r.ok ? 'loaded' : r.error.reason;
};
const F: PcreFlags = { caseless: false, dotall: false, multiline: false, extended: false, anchored: false, dollarEndOnly: false, ungreedy: false };
const matches = (pattern: string, subject: string, flags: Partial<PcreFlags> = {}): boolean => {
  const { regex } = translatePcre(pattern, { ...F, ...flags });
  regex.lastIndex = 0;
  return regex.test(subject);
};

describe('pcre keyword', () => {
  it('flags: i s m, relative, negation', () => {
    const { item } = pcre('!"/^ab.c/Rsi"');
    expect([item.negated, item.relative, item.anchored]).toEqual([true, true, true]);
    expect(item.regex.sticky && item.regex.ignoreCase && item.regex.dotAll).toBe(true);
  });

  it('buffer flags put the regex in that buffer', () => {
    expect(pcre('"/x/U"', 'http').bufferId).toBe(BufferId.HttpUri);
    expect(pcre('"/x/H"', 'http').bufferId).toBe(BufferId.HttpHeader);
    expect(pcre('"/x/P"', 'http').bufferId).toBe(BufferId.HttpRequestBody);
    expect(pcre('"/x/V"', 'http').bufferId).toBe(BufferId.HttpUserAgent);
    expect(pcre('"/x/Q"', 'http').bufferId).toBe(BufferId.HttpResponseBody);
  });

  it('rejects bad syntax and unsupported constructs with reasons', () => {
    expect(reason('"/x/q"')).toBe('invalid pcre flag');
    expect(reason('"x"')).toBe('invalid pcre');
    expect(reason('"/(?(?=a)a|b)/"')).toBe('unsupported pcre construct');
    expect(reason('"/(?R)/"')).toBe('unsupported pcre construct');
    expect(reason('"/\\G/"')).toBe('unsupported pcre construct');
    expect(reason('"/(?>ab)/"')).toBe('unsupported pcre construct');
    expect(reason('"/a(b/"')).toBe('invalid pcre');
  });

  it('flags nested unbounded quantifiers as a backtracking risk', () => {
    expect(pcre('"/(a+)+$/"').item.backtrackRisk).toBe(true);
    expect(pcre('"/(?:\\w+\\s?)*x/"').item.backtrackRisk).toBe(true);
    expect(pcre('"/(ab)+c+/"').item.backtrackRisk).toBe(false);
  });
});

describe('PCRE to JS translation keeps PCRE semantics on bytes', () => {
  it('. excludes only \\n; \\s excludes \\xa0', () => {
    expect(matches('a.b', 'a\rb')).toBe(true);
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('a.b', 'a\nb', { dotall: true })).toBe(true);
    expect(matches('a\\sb', 'a\xa0b')).toBe(false);
    expect(matches('a\\sb', 'a\x0bb')).toBe(true);
    expect(matches('a\\Sb', 'a\xa0b')).toBe(true);
  });

  it('$ matches before a final newline; E and m variants', () => {
    expect(matches('abc$', 'abc\n')).toBe(true);
    expect(matches('abc$', 'abc\n', { dollarEndOnly: true })).toBe(false);
    expect(matches('abc$', 'abc\nx')).toBe(false);
    expect(matches('^b$', 'a\nb\nc', { multiline: true })).toBe(true);
    expect(matches('^b$', 'a\rb\rc', { multiline: true })).toBe(false);
  });

  it('named groups, inline caseless groups, possessive quantifiers, POSIX classes', () => {
    expect(matches('(?P<h>[a-f]{2})-(?P=h)', 'ab-ab')).toBe(true);
    expect(matches('(?P<h>[a-f]{2})-(?P=h)', 'ab-ac')).toBe(false);
    expect(matches('x(?i:ab[c-d])y', 'xABDy')).toBe(true);
    expect(matches('x(?i:ab)y', 'xABY')).toBe(false);
    expect(matches('^\\d{2,5}+(?!\\d)', '12345')).toBe(true);
    expect(matches('a++b', 'aaab')).toBe(true);
    expect(matches('^a*+a', 'aaaa')).toBe(false);
    expect(matches('[[:digit:][:upper:]]+$', 'A1B2')).toBe(true);
    expect(matches('[]a]', ']')).toBe(true);
  });

  it('x flag strips whitespace and comments outside classes', () => {
    expect(matches('a b # comment\n c [ ]', 'abc ', { extended: true })).toBe(true);
  });

  it('G inverts greediness; \\x{..}, \\Q..\\E, \\A and \\z', () => {
    const { regex } = translatePcre('a+', { ...F, ungreedy: true });
    expect('aaa'.match(regex)![0]).toBe('a');
    expect(matches('\\x{41}\\Q.*\\E', 'A.*')).toBe(true);
    expect(matches('\\Aab\\z', 'ab')).toBe(true);
    expect(matches('\\Aab\\z', 'ab\n')).toBe(false);
  });
});
