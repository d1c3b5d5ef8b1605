import { describe, expect, it } from 'vitest';
import { createParseContext } from '../rule/parse-context.js';
import { parseRule } from '../rule/rule-parser.js';
import type { Signature } from '../rule/signature.js';
import { compileSignature } from './compiled-signature.js';
import { ContentInspector } from './content-inspection.js';
import { FlowbitNames } from './flowbits.js';

const pctx = createParseContext();

function sig(opts: string, proto = 'tcp'): Signature {
  const r = parseRule(`alert ${proto} any any -> any any (${opts} sid:1;)`, pctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature;
}

const inspector = new ContentInspector();

/** Inspects the rule's payload list (or its first app list) over `data`. */
function matches(opts: string, data: string | Uint8Array, proto = 'tcp', newDataStart = 0): boolean {
  const s = sig(opts, proto);
  const cs = compileSignature(s, 0, new FlowbitNames());
  const list = cs.payload ?? cs.appLists[0]!;
  inspector.prepareVars(s.byteVars.length);
  inspector.base64Lists = cs.base64Lists;
  const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return inspector.inspect(list, buf, 0, buf.length, newDataStart);
}

describe('content, offset/depth, nocase', () => {
  it('plain and nocase contents', () => {
    expect(matches('content:"abc";', 'xxabcxx')).toBe(true);
    expect(matches('content:"abc";', 'xxABCxx')).toBe(false);
    expect(matches('content:"abc"; nocase;', 'xxABCxx')).toBe(true);
    expect(matches('content:"|00 ff|";', Uint8Array.of(1, 0, 0xff))).toBe(true);
  });

  it('depth counts from offset', () => {
    expect(matches('content:"b"; offset:1; depth:2;', 'abc')).toBe(true);
    expect(matches('content:"b"; offset:1; depth:2;', 'aab')).toBe(true);
    expect(matches('content:"b"; offset:1; depth:2;', 'aaab')).toBe(false);
    expect(matches('content:"b"; offset:2;', 'bab')).toBe(true);
    expect(matches('content:"b"; offset:2;', 'bba')).toBe(false);
  });

  it('startswith and endswith', () => {
    expect(matches('content:"GET"; startswith;', 'GET /')).toBe(true);
    expect(matches('content:"GET"; startswith;', ' GET /')).toBe(false);
    expect(matches('content:".exe"; endswith;', 'a.exe')).toBe(true);
    expect(matches('content:".exe"; endswith;', 'a.exe.txt')).toBe(false);
    expect(matches('content:".exe"; endswith;', 'a.exe.exe')).toBe(true);
  });
});

describe('relative contents and backtracking', () => {
  const chain = 'content:"a"; content:"b"; distance:0; within:1;';

  it('retries the earlier content at its next occurrence', () => {
    expect(matches(chain, 'aab')).toBe(true);
    expect(matches(chain, 'a ab')).toBe(true);
    expect(matches(chain, 'a a b')).toBe(false);
    expect(matches(chain, 'ba')).toBe(false);
  });

  it('distance skips, within bounds the window end', () => {
    expect(matches('content:"a"; content:"c"; distance:2; within:1;', 'abbc')).toBe(true);
    expect(matches('content:"a"; content:"c"; distance:2; within:1;', 'abc')).toBe(false);
    expect(matches('content:"a"; content:"c"; distance:1;', 'ac')).toBe(false);
    expect(matches('content:"a"; content:"c"; distance:1;', 'acxc')).toBe(true);
    expect(matches('content:"ab"; content:"a"; distance:-2; within:1;', 'xab')).toBe(true);
  });

  it('a three-step chain backtracks through both levels', () => {
    const three = 'content:"a"; content:"b"; distance:0; within:1; content:"c"; distance:0; within:1;';
    expect(matches(three, 'ab abc')).toBe(true);
    expect(matches(three, 'ab ab ac')).toBe(false);
  });

  it('negated relative content fails only its window, and lets the anchor retry', () => {
    const neg = 'content:"a"; content:!"b"; distance:0; within:1;';
    expect(matches(neg, 'ab')).toBe(false);
    expect(matches(neg, 'ab ac')).toBe(true);
    expect(matches(neg, 'a')).toBe(true);
    expect(matches('content:!"evil";', 'good')).toBe(true);
    expect(matches('content:!"evil";', 'so evil')).toBe(false);
  });

  it('an absolute content that is missing stops the search', () => {
    expect(matches('content:"x"; content:"a"; content:"b"; distance:0; within:1;', 'aab')).toBe(false);
  });

  it('stops at the recursion limit instead of running away', () => {
    const rule = 'content:"a"; content:"a"; distance:0; content:"a"; distance:0; content:"b"; distance:0;';
    const data = 'a'.repeat(2000);
    const t0 = performance.now();
    expect(matches(rule, data)).toBe(false);
    expect(inspector.steps).toBeLessThanOrEqual(3001);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('isdataat', () => {
  it('relative, absolute and negated', () => {
    expect(matches('content:"foo"; isdataat:2,relative;', 'foo12')).toBe(true);
    expect(matches('content:"foo"; isdataat:2,relative;', 'foo1')).toBe(false);
    expect(matches('content:"foo"; isdataat:!2,relative;', 'foo1')).toBe(true);
    expect(matches('content:"foo"; isdataat:4;', 'foo12')).toBe(true);
    expect(matches('content:"foo"; isdataat:5;', 'foo12')).toBe(false);
  });

  it('a failing relative isdataat makes the content try later occurrences', () => {
    expect(matches('content:"ab"; isdataat:!1,relative;', 'abxab')).toBe(true);
  });
});

describe('byte_test, byte_jump, byte_extract', () => {
  it('byte_test binary, relative, with bitmask', () => {
    expect(matches('content:"LEN"; byte_test:2,>,100,0,relative;', 'LEN\x00\xff')).toBe(true);
    expect(matches('content:"LEN"; byte_test:2,>,100,0,relative;', 'LEN\x00\x10')).toBe(false);
    expect(matches('content:"LEN"; byte_test:2,=,0x0102,0,relative,little;', 'LEN\x02\x01')).toBe(true);
    expect(matches('byte_test:1,=,3,0,bitmask 0xf0;', '\x3f')).toBe(true);
    expect(matches('byte_test:1,&,0x80,0;', '\x81')).toBe(true);
    expect(matches('byte_test:1,!&,0x80,0;', '\x01')).toBe(true);
    expect(matches('byte_test:4,>,1,0;', 'ab')).toBe(false);
  });

  it('byte_test on ASCII numbers', () => {
    expect(matches('content:"LEN"; byte_test:3,=,123,0,relative,string,dec;', 'LEN123')).toBe(true);
    expect(matches('content:"LEN"; byte_test:3,=,123,0,relative,string,dec;', 'LEN124')).toBe(false);
    expect(matches('byte_test:4,>,255,0,string,hex;', '1ff0')).toBe(true);
    expect(matches('byte_test:3,=,8,0,string,oct;', '10x')).toBe(true);
    expect(matches('byte_test:3,=,1,0,string,dec;', 'abc')).toBe(false);
  });

  it('byte_jump moves the cursor for later relative items', () => {
    const rule = 'content:"X"; byte_jump:1,0,relative; content:"Y"; within:1;';
    expect(matches(rule, 'X\x03abcY')).toBe(true);
    expect(matches(rule, 'X\x02abcY')).toBe(false);
    expect(matches('byte_jump:1,0,from_beginning,post_offset 1; content:"Z"; within:1;', '\x02aaZ')).toBe(true);
    expect(matches('byte_jump:1,0,multiplier 2; content:"Z"; within:1;', '\x02aaaaZ')).toBe(true);
    expect(matches('byte_jump:1,0,align; content:"Z"; within:1;', '\x01aaaaZ')).toBe(true);
    expect(matches('byte_jump:1,0;', '\x09')).toBe(false);
  });

  it('byte_extract values feed distance, within and byte_test', () => {
    expect(matches('byte_extract:1,0,skip; content:"Z"; distance:skip; within:1;', '\x02..Z')).toBe(true);
    expect(matches('byte_extract:1,0,skip; content:"Z"; distance:skip; within:1;', '\x01..Z')).toBe(false);
    expect(matches('byte_extract:1,0,v; byte_test:1,=,v,1;', '\x05\x05')).toBe(true);
    expect(matches('byte_extract:1,0,v; byte_test:1,=,v,1;', '\x05\x06')).toBe(false);
    expect(matches('content:"n="; byte_extract:2,0,n,relative,string,dec; content:"!"; distance:n; within:1;', 'n=03abc!')).toBe(true);
  });
});

describe('pcre', () => {
  it('relative pcre anchors at the previous match and retries the content', () => {
    expect(matches('content:"user="; pcre:"/^[a-z]+&/R";', 'user=abc&')).toBe(true);
    expect(matches('content:"user="; pcre:"/^[a-z]+&/R";', 'user=ABC&')).toBe(false);
    expect(matches('content:"user="; pcre:"/^[a-z]+&/R";', 'user=1 user=abc&')).toBe(true);
  });

  it('absolute, negated and caseless', () => {
    expect(matches('pcre:"/ab+c/";', 'xxabbbc')).toBe(true);
    expect(matches('pcre:"/^ab/";', 'xab')).toBe(false);
    expect(matches('pcre:"/AB/i";', 'xab')).toBe(true);
    expect(matches('content:"x"; pcre:!"/evil/";', 'x good')).toBe(true);
    expect(matches('content:"x"; pcre:!"/evil/";', 'x evil')).toBe(false);
  });

  it('a relative item after pcre starts at the regex match end', () => {
    expect(matches('pcre:"/a[0-9]/"; content:"z"; distance:0; within:1;', 'a1 a2z')).toBe(true);
  });

  it('binary bytes reach the regex one byte per character', () => {
    expect(matches('pcre:"/\\xff\\x00/";', Uint8Array.of(1, 0xff, 0))).toBe(true);
  });

  it('a backtracking-prone regex only sees PCRE_MAX_INPUT bytes', () => {
    const data = 'a'.repeat(5000) + 'b';
    expect(matches('pcre:"/(a+)+b/";', data)).toBe(false);
    expect(matches('pcre:"/(a+)+b/";', 'aaab')).toBe(true);
  });
});

describe('sticky buffers', () => {
  it('bsize compares the buffer length', () => {
    expect(matches('http.uri; bsize:5;', '/abcd', 'http')).toBe(true);
    expect(matches('http.uri; bsize:>5;', '/abcd', 'http')).toBe(false);
    expect(matches('http.uri; content:"/a"; bsize:2<>10;', '/abcd', 'http')).toBe(true);
  });
});

describe('stream windows with look-back', () => {
  it('counts a match only when its last byte is new', () => {
    expect(matches('content:"abc";', 'abcxx', 'tcp', 3)).toBe(false);
    expect(matches('content:"abc";', 'abcxxabc', 'tcp', 3)).toBe(true);
    expect(matches('content:"abc";', 'xabcx', 'tcp', 3)).toBe(true);
  });
});
