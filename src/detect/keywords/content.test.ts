import { describe, expect, it } from 'vitest';
import { parseRule } from '../rule/rule-parser.js';
import { createParseContext } from '../rule/parse-context.js';
import { ContentFlag, ItemKind, NO_VAR, type ContentItem } from '../rule/signature.js';
import { BufferId } from '../rule/buffer-registry.js';

const ctx = createParseContext();
const contents = (opts: string, proto = 'tcp') => {
  const r = parseRule(`alert ${proto} any any -> any any (${opts} sid:1;)`, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature.buffers.flatMap((b) => b.items).filter((i): i is ContentItem => i.kind === ItemKind.Content);
};
const reason = (opts: string) => {
  const r = parseRule(`alert tcp any any -> any any (${opts} sid:1;)`, ctx);
  return r.ok ? 'loaded' : r.error.reason;
};

describe('content', () => {
  it('decodes hex runs, escapes and UTF-8', () => {
    const [c] = contents('content:"GET |20 2f|a\\"b\\\\c\\:d|0d0a|é";');
    expect(Array.from(c!.pattern)).toEqual([...Buffer.from('GET  /a"b\\c:d\r\n'), 0xc3, 0xa9]);
  });

  it('negation, nocase and the lowercased copy', () => {
    const [c] = contents('content:! "AbC"; nocase;');
    expect(c!.flags & ContentFlag.Negated).toBeTruthy();
    expect(c!.flags & ContentFlag.Nocase).toBeTruthy();
    expect(Buffer.from(c!.patternLower).toString()).toBe('abc');
  });

  it('rejects malformed patterns', () => {
    expect(reason('content:"";')).toBe('invalid content value');
    expect(reason('content:"|4|";')).toBe('invalid content value');
    expect(reason('content:"|zz|";')).toBe('invalid content value');
    expect(reason('content:"a|41";')).toBe('invalid content value');
    expect(reason('content:"a"b";')).toBe('invalid content value');
  });
});

describe('content modifiers', () => {
  it('offset, depth, distance, within', () => {
    const [a, b] = contents('content:"ab"; offset:3; depth:10; content:"cd"; distance:-2; within:5;');
    expect([a!.offset, a!.depth, a!.flags & (ContentFlag.HasOffset | ContentFlag.HasDepth)]).toEqual([3, 10, ContentFlag.HasOffset | ContentFlag.HasDepth]);
    expect([b!.distance, b!.within]).toEqual([-2, 5]);
  });

  it('startswith / endswith', () => {
    const [a, b] = contents('content:"abc"; startswith; content:"z"; endswith;');
    expect(a!.flags & ContentFlag.StartsWith).toBeTruthy();
    expect([a!.offset, a!.depth]).toEqual([0, 3]);
    expect(b!.flags & ContentFlag.EndsWith).toBeTruthy();
  });

  it('byte_extract variables as offsets', () => {
    const r = parseRule('alert tcp any any -> any any (content:"a"; byte_extract:1,0,len,relative; content:"b"; distance:0; within:len; sid:1;)', ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = r.signature.buffers[0]!.items[2] as ContentItem;
    expect([b.within, b.withinVar, b.distanceVar]).toEqual([0, 0, NO_VAR]);
    expect(r.signature.byteVars).toEqual(['len']);
  });

  it('enforces Suricata consistency rules', () => {
    expect(reason('nocase; content:"a";')).toBe('nocase needs a preceding content');
    expect(reason('content:"abcd"; depth:2;')).toBe('depth is smaller than the content');
    expect(reason('content:"abcd"; within:2;')).toBe('within is smaller than the content');
    expect(reason('content:"a"; offset:1; distance:2;')).toBe('content mixes absolute (offset/depth) and relative (distance/within) positions');
    expect(reason('content:"a"; startswith; offset:1;')).toBe('offset cannot be combined with startswith');
    expect(reason('content:"a"; depth:x;')).toBe('depth: unknown byte_extract variable');
    expect(reason('content:"a"; fast_pattern; content:"b"; fast_pattern;')).toBe('fast_pattern used on more than one content');
    expect(reason('content:"ab"; fast_pattern:1,5;')).toBe('fast_pattern offset,length outside the content');
  });

  it('fast_pattern forms and rawbytes', () => {
    const [a] = contents('content:"abcdef"; fast_pattern:only; rawbytes;');
    expect(a!.flags & ContentFlag.FastPatternOnly).toBeTruthy();
    expect(a!.flags & ContentFlag.Rawbytes).toBeTruthy();
    const [b] = contents('content:"abcdef"; fast_pattern:2,3;');
    expect([b!.fpOffset, b!.fpLength]).toEqual([2, 3]);
  });

  it('uricontent is content in http.uri', () => {
    const r = parseRule('alert tcp any any -> any any (uricontent:"/x"; sid:1;)', ctx);
    expect(r.ok && r.signature.buffers[1]!.bufferId).toBe(BufferId.HttpUri);
  });
});
