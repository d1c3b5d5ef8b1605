import { delimiter } from 'node:path';
import { MirrorscopeError } from '../errors.js';

/**
 * Value parsers shared by options, environment variables and the config file. `raw` is whatever the source holds
 * (a string from the environment, a number or array from JSON or commander); `origin` names the source in
 * messages: `--port`, `MIRRORSCOPE_PORT`, `mirrorscope.json: "port"`.
 */
export type SettingParser<T> = (raw: unknown, origin: string) => T;

function bad(origin: string, what: string, raw: unknown): MirrorscopeError {
  return new MirrorscopeError('CONFIG_BAD_VALUE', `${origin}: ${what}, got ${JSON.stringify(raw) ?? String(raw)}`);
}

function integer(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : null;
  if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)) return Number(raw.trim());
  return null;
}

export function parsePortSetting(raw: unknown, origin: string): number {
  const n = integer(raw);
  if (n === null || n < 1 || n > 65535) throw bad(origin, 'expected a port number 1-65535', raw);
  return n;
}

export function parsePositiveIntSetting(raw: unknown, origin: string): number {
  const n = integer(raw);
  if (n === null || n < 1 || !Number.isSafeInteger(n)) throw bad(origin, 'expected a positive integer', raw);
  return n;
}

export function parseNonNegativeIntSetting(raw: unknown, origin: string): number {
  const n = integer(raw);
  if (n === null || n < 0 || !Number.isSafeInteger(n)) throw bad(origin, 'expected a whole number (0 or more)', raw);
  return n;
}

export function parseStringSetting(raw: unknown, origin: string): string {
  if (typeof raw !== 'string' || raw.trim().length === 0) throw bad(origin, 'expected a non-empty string', raw);
  return raw;
}

export function choiceParser<T extends string | number>(choices: readonly T[]): SettingParser<T> {
  return (raw, origin) => {
    const found = choices.find((c) => c === raw || String(c) === (typeof raw === 'string' ? raw.trim() : raw));
    if (found === undefined) throw bad(origin, `expected one of ${choices.join(', ')}`, raw);
    return found;
  };
}

/**
 * A list of paths: an array (repeated option, JSON array) or one string. In a string, commas and the platform's
 * path-list separator (`:` on Linux) both separate entries, so `MIRRORSCOPE_RULES=a.rules,b.rules` and
 * `MIRRORSCOPE_RULES=/etc/rules:/opt/local.rules` both work. Empty entries are ignored.
 */
export function parsePathListSetting(raw: unknown, origin: string): string[] {
  const items = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw bad(origin, 'expected a path or a list of paths', raw);
    const parts = Array.isArray(raw) ? [item] : splitPathList(item);
    for (const part of parts) if (part.trim().length > 0) out.push(part.trim());
  }
  return out;
}

function splitPathList(text: string): string[] {
  const separators = new Set([',', delimiter]);
  const parts: string[] = [];
  let current = '';
  for (const ch of text) {
    if (separators.has(ch)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}
