import { dirname, isAbsolute, resolve } from 'node:path';
import { MirrorscopeError } from '../errors.js';
import { readConfigFile } from './config-file.js';
import type { ListenConfig, ListenSettingKey, SettingOrigin } from './listen-config.js';
import { CONFIG_FILE_SETTING, LISTEN_SETTINGS } from './listen-settings.js';
import type { ListenSettingSpec } from './listen-settings.js';

export interface ResolveListenConfigInput {
  /**
   * Parsed command-line options keyed by setting (commander's camelCase: `healthPort`, `flowLogOut`, `config`).
   * `undefined` and empty arrays mean "not given", so do not give commander defaults for these options: a default
   * there would hide the environment and the file.
   */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedListenConfig {
  readonly config: ListenConfig;
  readonly origins: Readonly<Record<ListenSettingKey, SettingOrigin>>;
}

/** Option > environment (`MIRRORSCOPE_*`) > config file (`--config` / `MIRRORSCOPE_CONFIG`) > default. */
export function resolveListenConfig(input: ResolveListenConfigInput = {}): ResolvedListenConfig {
  const options = input.options ?? {};
  const env = input.env ?? process.env;

  const configPath = configFileOf(options, env);
  const file = configPath === null ? null : fileSettings(configPath);

  const config: Record<string, unknown> = {};
  const origins: Record<string, SettingOrigin> = {};
  for (const setting of LISTEN_SETTINGS) {
    const fromOption = options[setting.key];
    if (given(fromOption)) {
      config[setting.key] = setting.parse(fromOption, setting.option);
      origins[setting.key] = 'option';
      continue;
    }
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv.trim() !== '') {
      config[setting.key] = setting.parse(fromEnv, setting.env);
      origins[setting.key] = 'env';
      continue;
    }
    const fromFile = file?.values.get(setting.key);
    if (file !== null && fromFile !== undefined) {
      const value = setting.parse(fromFile.raw, `${file.path}: "${fromFile.name}"`);
      config[setting.key] = setting.pathValued ? relativeTo(file.dir, value) : value;
      origins[setting.key] = 'file';
      continue;
    }
    config[setting.key] = setting.defaultValue();
    origins[setting.key] = 'default';
  }
  config.config = configPath;
  origins.config = configPath === null ? 'default' : given(options.config) ? 'option' : 'env';
  return {
    config: Object.freeze(config) as unknown as ListenConfig,
    origins: Object.freeze(origins) as Record<ListenSettingKey, SettingOrigin>,
  };
}

function given(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function configFileOf(options: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): string | null {
  const fromOption = options.config;
  if (given(fromOption)) {
    if (typeof fromOption !== 'string' || fromOption.trim() === '') {
      throw new MirrorscopeError('CONFIG_BAD_VALUE', `${CONFIG_FILE_SETTING.option}: expected a file path`);
    }
    return fromOption;
  }
  const fromEnv = env[CONFIG_FILE_SETTING.env];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : null;
}

interface FileSettings {
  readonly path: string;
  readonly dir: string;
  /** Setting key -> the file's spelling of the key and its raw value. */
  readonly values: Map<ListenSettingKey, { name: string; raw: unknown }>;
}

const BY_FILE_KEY = new Map<string, ListenSettingSpec>();
for (const s of LISTEN_SETTINGS) {
  BY_FILE_KEY.set(s.fileKey, s);
  BY_FILE_KEY.set(s.key, s);
}

function fileSettings(path: string): FileSettings {
  const raw = readConfigFile(path);
  const values = new Map<ListenSettingKey, { name: string; raw: unknown }>();
  for (const name of Object.keys(raw)) {
    const setting = BY_FILE_KEY.get(name);
    if (setting === undefined) {
      const hint = closest(name);
      throw new MirrorscopeError(
        'CONFIG_UNKNOWN_KEY',
        `${path}: unknown setting "${name}"${hint === null ? '' : ` (did you mean "${hint}"?)`}`,
      );
    }
    const earlier = values.get(setting.key);
    if (earlier !== undefined) {
      throw new MirrorscopeError('CONFIG_DUPLICATE_KEY', `${path}: "${name}" and "${earlier.name}" set the same setting`);
    }
    // JSON null means "leave at the default", which is what an absent key does.
    if (raw[name] !== null) values.set(setting.key, { name, raw: raw[name] });
  }
  return { path, dir: dirname(resolve(path)), values };
}

function relativeTo(dir: string, value: unknown): unknown {
  if (typeof value === 'string') return value === '-' || isAbsolute(value) ? value : resolve(dir, value);
  if (Array.isArray(value)) return value.map((v) => relativeTo(dir, v));
  return value;
}

/** The known file key nearest to a misspelt one, if it is near enough to be a typo. */
function closest(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const s of LISTEN_SETTINGS) {
    const d = editDistance(name.toLowerCase().replace(/_/g, '-'), s.fileKey);
    if (d < bestDistance) {
      best = s.fileKey;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
