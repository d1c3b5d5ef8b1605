import { lowerAscii } from '../bytes.js';

/**
 * Lowercased header names as strings, interned: a few dozen names make up nearly every header seen, and building
 * each key character by character cost a chain of string allocations per header. Keyed by an FNV-1a hash of the
 * lowercased bytes and confirmed by comparison; the table is bounded so hostile traffic cannot grow it.
 */
const MAX_ENTRIES = 1024;
const MAX_NAME = 64;
const cache = new Map<number, string>();

export function headerKey(name: Uint8Array): string {
  const n = name.length;
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ lowerAscii(name[i]!), 0x01000193);
  h = (h ^ n) >>> 0;
  const hit = cache.get(h);
  if (hit !== undefined && sameKey(hit, name)) return hit;
  let key = '';
  for (let i = 0; i < n; i++) key += String.fromCharCode(lowerAscii(name[i]!));
  if (hit === undefined && n <= MAX_NAME && cache.size < MAX_ENTRIES) cache.set(h, key);
  return key;
}

function sameKey(key: string, name: Uint8Array): boolean {
  if (key.length !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (key.charCodeAt(i) !== lowerAscii(name[i]!)) return false;
  return true;
}
