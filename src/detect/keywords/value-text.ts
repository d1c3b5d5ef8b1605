/** Small parsers shared by keyword modules for the plain parts of option values. */
import { syntaxError } from '../rule/rule-error.js';

/** Strips one pair of surrounding double quotes, if present. */
export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1);
  return v;
}

/** Rule-level escapes (`\;` `\"` `\\` `\:`) become the character itself. */
export function unescapeRuleText(s: string): string {
  return s.indexOf('\\') < 0 ? s : s.replace(/\\(.)/g, '$1');
}

export function splitArgs(value: string, sep = ','): string[] {
  return value.split(sep).map((s) => s.trim());
}

export function parseUint(text: string, keyword: string, max = 0xffffffff): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw syntaxError(`invalid ${keyword} value`, keyword, `"${text}"`);
  const n = Number(t);
  if (n > max) throw syntaxError(`invalid ${keyword} value`, keyword, `${t} is above ${max}`);
  return n;
}

export function parseInt32(text: string, keyword: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw syntaxError(`invalid ${keyword} value`, keyword, `"${text}"`);
  const n = Number(t);
  if (n < -2147483648 || n > 2147483647) throw syntaxError(`invalid ${keyword} value`, keyword, `${t} out of range`);
  return n;
}

/** A number written in decimal or 0x hex (bitmask, multiplier...). */
export function parseNumberLiteral(text: string, keyword: string, max = Number.MAX_SAFE_INTEGER): number {
  const t = text.trim();
  let n: number;
  if (/^0x[0-9a-fA-F]+$/.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^\d+$/.test(t)) n = Number(t);
  else throw syntaxError(`invalid ${keyword} value`, keyword, `"${text}"`);
  if (n > max) throw syntaxError(`invalid ${keyword} value`, keyword, `${t} out of range`);
  return n;
}
