import { describe, expect, it } from 'vitest';
import { parseRule } from '../rule/rule-parser.js';
import { createParseContext } from '../rule/parse-context.js';
import { ByteOp, ItemKind, NO_VAR, type InspectionItem } from '../rule/signature.js';

const ctx = createParseContext();
const items = (opts: string): InspectionItem[] => {
  const r = parseRule(`alert tcp any any -> any any (${opts} sid:1;)`, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.signature.buffers.flatMap((b) => b.items);
};
const reason = (opts: string) => {
  const r = parseRule(`alert tcp any any -> any any (${opts} sid:1;)`, ctx);
  return r.ok ? 'loaded' : `${r.error.kind}: ${r.error.reason}`;
};

describe('byte_test', () => {
  it('operators, negation, hex value, options', () => {
    const [t] = items('byte_test:2,!&,0x80,-3,relative,little,bitmask 0x0ff0;');
    expect(t).toMatchObject({ kind: ItemKind.ByteTest, nbytes: 2, op: ByteOp.And, negated: true, value: 0x80, offset: -3, relative: true, endian: 'little', base: 0, bitmask: 0xff0 });
    const [s] = items('byte_test:4,>=,1000,0,string,hex;');
    expect(s).toMatchObject({ op: ByteOp.Ge, base: 16 });
    const [z] = items('byte_test:0,=,0,0,string,dec;');
    expect(z).toMatchObject({ nbytes: 0, base: 10 });
  });

  it('uses byte_extract variables for value and offset', () => {
    const [, t] = items('byte_extract:2,0,len; byte_test:2,=,len,len;');
    expect(t).toMatchObject({ valueVar: 0, offsetVar: 0 });
  });

  it('errors and unsupported forms', () => {
    expect(reason('byte_test:9,=,1,0;')).toBe('syntax: byte_test: byte count out of range');
    expect(reason('byte_test:2,~,1,0;')).toBe('syntax: invalid byte_test operator');
    expect(reason('byte_test:2,=,1;')).toBe('syntax: byte_test needs nbytes, operator, value, offset');
    expect(reason('byte_test:2,=,1,0,dce;')).toBe('unsupported: unsupported dce byte order');
    expect(reason('byte_test:2,=,1,0,hex;')).toBe('syntax: byte_test: number base without "string"');
  });
});

describe('byte_jump and byte_extract', () => {
  it('byte_jump options', () => {
    const [j] = items('byte_jump:4,12,relative,little,multiplier 2,align,from_beginning,post_offset -4,bitmask 0xff;');
    expect(j).toMatchObject({ kind: ItemKind.ByteJump, nbytes: 4, offset: 12, relative: true, endian: 'little', multiplier: 2, align: true, fromBeginning: true, postOffset: -4, bitmask: 0xff, offsetVar: NO_VAR });
    expect(reason('byte_jump:4,0,from_beginning,from_end;')).toMatch(/from_beginning and from_end/);
  });

  it('byte_extract defines variables', () => {
    const [e] = items('byte_extract:1,0,a.b,relative,string,dec,multiplier 4;');
    expect(e).toMatchObject({ kind: ItemKind.ByteExtract, varIndex: 0, relative: true, base: 10, multiplier: 4 });
    expect(reason('byte_extract:1,0;')).toBe('syntax: byte_extract needs nbytes, offset and a name');
    expect(reason('byte_extract:1,0,x,align 3;')).toBe('syntax: byte_extract: align must be 2 or 4');
  });
});

describe('isdataat, bsize, base64', () => {
  it('isdataat forms', () => {
    expect(items('isdataat:!10,relative;')[0]).toMatchObject({ kind: ItemKind.IsDataAt, value: 10, negated: true, relative: true });
    expect(items('byte_extract:1,0,n; isdataat:n;')[1]).toMatchObject({ valueVar: 0 });
    expect(reason('isdataat:5,sideways;')).toBe('syntax: invalid isdataat option');
  });

  it('bsize needs a sticky buffer', () => {
    expect(reason('bsize:5;')).toBe('syntax: bsize needs a sticky buffer');
  });

  it('base64_decode and base64_data', () => {
    const r = parseRule('alert http any any -> any any (http.uri; base64_decode:bytes 10, offset 2, relative; base64_data; content:"x"; sid:1;)', ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.signature.buffers[1]!.items[0]).toMatchObject({ kind: ItemKind.Base64Decode, bytes: 10, offset: 2, relative: true });
  });
});
