import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeUri, removeDotSegments } from './uri-normalize.js';

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');
const norm = (s: string): string => dec.decode(normalizeUri(enc.encode(s)));

describe('normalizeUri (Suricata 7 http.uri with libhtp IDS defaults)', () => {
  it.each([
    ['/index.html', '/index.html'],
    ['/a%20b', '/a b'],
    ['/%41%42c', '/ABc'],
    ['/a/./b', '/a/b'],
    ['/a/b/../c', '/a/c'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/a//b///c', '/a/b/c'],
    ['/a\\b\\..\\c', '/a/c'],
    ['/a%2fb', '/a/b'],
    ['/a%5c..%5cb', '/b'],
    ['/%2e%2e/x', '/x'],
    ['/bad%zzescape%4', '/bad%zzescape%4'],
    ['/Mixed/CASE', '/Mixed/CASE'],
    ['/%u0041%uFF21', '/AA'],
    ['/%u4e2d', '/?'],
    ['/caf%C3%A9', '/caf\xe9'],
    ['/q?a=%41+b&c=%2f', '/q?a=A+b&c=/'],
    ['/p?x', '/p?x'],
    ['/p?', '/p?'],
    ['/p#frag%41', '/p#fragA'],
    ['http://Example.com:8080/a/../b?q=1', '/b?q=1'],
    ['http://example.com', ''],
    ['/a/.', '/a/'],
    ['/a/..', '/'],
    // A decoded '%' is data, not the start of another escape.
    ['/%25u0041', '/%u0041'],
    ['/%2525', '/%25'],
    ['/x?%25u0041#%2', '/x?%u0041#%2'],
  ])('%s -> %s', (raw, want) => {
    expect(norm(raw)).toBe(want);
  });

  it('removes dot segments per RFC 3986 5.2.4 examples', () => {
    expect(dec.decode(removeDotSegments(enc.encode('/a/b/c/./../../g')))).toBe('/a/g');
    expect(dec.decode(removeDotSegments(enc.encode('mid/content=5/../6')))).toBe('mid/6');
  });

  it('never throws and never grows the path beyond the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => {
        const out = normalizeUri(raw);
        expect(out.length).toBeLessThanOrEqual(raw.length + 2);
      }),
      { numRuns: 500 },
    );
  });
});
