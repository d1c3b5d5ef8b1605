import { readFileSync } from 'node:fs';
import { MirrorscopeError } from '../errors.js';

/** Reads a JSON settings file: an object whose members are settings. Any problem is one line naming the file. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MirrorscopeError('CONFIG_NOT_FOUND', `config file not found: ${path}`);
    if (code === 'EISDIR') throw new MirrorscopeError('CONFIG_UNREADABLE', `config file is a directory: ${path}`);
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new MirrorscopeError('CONFIG_UNREADABLE', `cannot read config file ${path}: ${detail}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new MirrorscopeError('CONFIG_BAD_JSON', `${path}: not valid JSON (${detail})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MirrorscopeError('CONFIG_BAD_JSON', `${path}: expected a JSON object of settings`);
  }
  return parsed as Record<string, unknown>;
}
