/**
 * Decoding of a content string: literal text with `\` escapes, `|41 42|` hex runs, and a leading `!`.
 * Non-ASCII literal characters become their UTF-8 bytes (rule files are read as UTF-8).
 */
import { syntaxError } from '../rule/rule-error.js';

export interface ParsedContent {
  readonly bytes: Uint8Array;
  readonly negated: boolean;
}

const encoder = new TextEncoder();

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

export function parseContentValue(value: string, keyword: string): ParsedContent {
  let v = value.trim();
  let negated = false;
  if (v.startsWith('!')) {
    negated = true;
    v = v.slice(1).trim();
  }
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
  else if (v.startsWith('"')) throw syntaxError(`invalid ${keyword} value`, keyword, 'unterminated quote');
  const out: number[] = [];
  let hex = false;
  let nibble = -1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (hex) {
      if (c === 124 /* | */) {
        if (nibble >= 0) throw syntaxError(`invalid ${keyword} value`, keyword, 'odd number of hex digits');
        hex = false;
        continue;
      }
      if (c === 32 || c === 9) continue;
      const h = hexVal(c);
      if (h < 0) throw syntaxError(`invalid ${keyword} value`, keyword, `bad hex character "${v[i]}"`);
      if (nibble < 0) nibble = h;
      else {
        out.push(nibble * 16 + h);
        nibble = -1;
      }
      continue;
    }
    if (c === 124) {
      hex = true;
      continue;
    }
    if (c === 92 /* \ */) {
      i++;
      if (i >= v.length) throw syntaxError(`invalid ${keyword} value`, keyword, 'trailing backslash');
      const e = v[i] as string;
      if (e !== '"' && e !== ';' && e !== ':' && e !== '\\' && e !== '|') {
        throw syntaxError(`invalid ${keyword} value`, keyword, `unknown escape \\${e}`);
      }
      out.push(e.charCodeAt(0));
      continue;
    }
    if (c === 34 /* " */) throw syntaxError(`invalid ${keyword} value`, keyword, 'unescaped quote');
    if (c < 128) out.push(c);
    else {
      // a surrogate pair must be encoded together
      const cp = v.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      for (const b of encoder.encode(String.fromCodePoint(cp))) out.push(b);
    }
  }
  if (hex) throw syntaxError(`invalid ${keyword} value`, keyword, 'unterminated hex run');
  if (out.length === 0) throw syntaxError(`invalid ${keyword} value`, keyword, 'empty pattern');
  return { bytes: Uint8Array.from(out), negated };
}

export function asciiLower(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out[i] = b >= 65 && b <= 90 ? b + 32 : b;
  }
  return out;
}
