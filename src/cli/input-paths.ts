import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MirrorscopeError } from '../errors.js';

const CAPTURE_SUFFIXES = ['.pcap', '.pcapng', '.cap', '.dmp'];

/**
 * Expand replay arguments: files stay as given (their content decides the format); a directory contributes its
 * capture files by suffix, sorted, so `replay samples/` is deterministic.
 */
export function expandCapturePaths(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      throw new MirrorscopeError('CAPTURE_NOT_FOUND', `${arg}: no such file or directory`);
    }
    if (!isDir) {
      out.push(arg);
      continue;
    }
    const names = readdirSync(arg)
      .filter((n) => CAPTURE_SUFFIXES.some((s) => n.toLowerCase().endsWith(s)))
      .sort();
    if (names.length === 0) throw new MirrorscopeError('CAPTURE_NOT_FOUND', `${arg}: directory holds no .pcap or .pcapng files`);
    for (const n of names) out.push(join(arg, n));
  }
  return out;
}
