import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_LOG_FORMAT_STRING } from '../flowlog/index.js';
import { MirrorscopeError } from '../errors.js';
import { LISTEN_SETTINGS, defaultWorkers, listListenSettings } from './listen-settings.js';
import { resolveListenConfig } from './resolve-listen-config.js';

const dir = mkdtempSync(join(tmpdir(), 'mirrorscope-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function errorOf(fn: () => unknown): MirrorscopeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MirrorscopeError) return error;
    throw error;
  }
  throw new Error('expected a MirrorscopeError');
}

describe('resolveListenConfig', () => {
  it('uses the documented defaults when nothing is given', () => {
    const { config, origins } = resolveListenConfig({ options: {}, env: {} });
    expect(config).toMatchObject({
      port: 4789,
      genevePort: 6081,
      host: '0.0.0.0',
      healthPort: 8080,
      rules: [],
      eve: null,
      flowLogOut: null,
      flowLogFormat: DEFAULT_FLOW_LOG_FORMAT_STRING,
      flowLogs: [],
      report: null,
      aggregationInterval: 600,
      sources: null,
      workers: defaultWorkers(),
      vars: null,
      statsInterval: 60,
      emf: null,
      protobuf: null,
      logFormat: 'auto',
      logLevel: 'info',
      config: null,
    });
    expect(Object.values(origins).every((o) => o === 'default')).toBe(true);
  });

  it('takes option over environment over file over default', () => {
    const file = configFile('precedence.json', { port: 1001, 'health-port': 1002, 'geneve-port': 1003, workers: 4 });
    const { config, origins } = resolveListenConfig({
      options: { config: file, port: 3001 },
      env: { MIRRORSCOPE_PORT: '2001', MIRRORSCOPE_HEALTH_PORT: '2002' },
    });
    expect([config.port, config.healthPort, config.genevePort, config.workers, config.host]).toEqual([3001, 2002, 1003, 4, '0.0.0.0']);
    expect([origins.port, origins.healthPort, origins.genevePort, origins.host, origins.config]).toEqual([
      'option',
      'env',
      'file',
      'default',
      'option',
    ]);
  });

  it('reads the config file named by MIRRORSCOPE_CONFIG, camelCase keys too, paths relative to the file', () => {
    const file = configFile('paths.json', { rules: ['a.rules', '/abs/b.rules'], flowLogOut: 'out/flows.log.gz', emf: '-' });
    const { config } = resolveListenConfig({ env: { MIRRORSCOPE_CONFIG: file } });
    expect(config.rules).toEqual([join(dir, 'a.rules'), '/abs/b.rules']);
    expect(config.flowLogOut).toBe(join(dir, 'out/flows.log.gz'));
    expect(config.emf).toBe('-');
    expect(config.config).toBe(file);
  });

  it('splits list variables on commas and the path-list separator; repeated options stay whole', () => {
    const fromEnv = resolveListenConfig({ env: { MIRRORSCOPE_RULES: 'a.rules, b.rules:/etc/c,,' }, options: {} });
    expect(fromEnv.config.rules).toEqual(['a.rules', 'b.rules', '/etc/c']);
    const fromOption = resolveListenConfig({ env: { MIRRORSCOPE_RULES: 'x' }, options: { rules: ['odd,name.rules'] } });
    expect(fromOption.config.rules).toEqual(['odd,name.rules']);
    const emptyOption = resolveListenConfig({ env: { MIRRORSCOPE_RULES: 'x' }, options: { rules: [] } });
    expect(emptyOption.config.rules).toEqual(['x']);
  });

  it('rejects an unknown key naming it and the file, with a suggestion for a typo', () => {
    const file = configFile('typo.json', { 'helth-port': 9000 });
    const error = errorOf(() => resolveListenConfig({ options: { config: file }, env: {} }));
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.message).toBe(`${file}: unknown setting "helth-port" (did you mean "health-port"?)`);
  });

  it('names the source of a bad value in one line', () => {
    expect(errorOf(() => resolveListenConfig({ env: { MIRRORSCOPE_HEALTH_PORT: '99999' } })).message).toBe(
      'MIRRORSCOPE_HEALTH_PORT: expected a port number 1-65535, got "99999"',
    );
    expect(errorOf(() => resolveListenConfig({ env: {}, options: { aggregationInterval: '300' } })).message).toBe(
      '--aggregation-interval: expected one of 60, 600, got "300"',
    );
    const file = configFile('bad-workers.json', { workers: 0 });
    expect(errorOf(() => resolveListenConfig({ env: {}, options: { config: file } })).message).toBe(
      `${file}: "workers": expected a positive integer, got 0`,
    );
    const format = errorOf(() => resolveListenConfig({ env: { MIRRORSCOPE_FLOW_LOG_FORMAT: '${version} ${nope}' } }));
    expect(format.message).toMatch(/^MIRRORSCOPE_FLOW_LOG_FORMAT: flow log format: unknown field "nope"/);
    for (const e of [format]) expect(e.message).not.toContain('\n');
  });

  it('reports a missing, malformed or non-object config file by name', () => {
    const missing = join(dir, 'missing.json');
    expect(errorOf(() => resolveListenConfig({ env: {}, options: { config: missing } })).message).toBe(
      `config file not found: ${missing}`,
    );
    const broken = configFile('broken.json', '{"port": ');
    expect(errorOf(() => resolveListenConfig({ env: {}, options: { config: broken } })).message).toMatch(
      new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`),
    );
    const list = configFile('list.json', '[1]');
    expect(errorOf(() => resolveListenConfig({ env: {}, options: { config: list } })).message).toBe(
      `${list}: expected a JSON object of settings`,
    );
  });
});

describe('listListenSettings', () => {
  it('lists every ListenConfig setting with option, env name and default', () => {
    const rows = listListenSettings();
    const { config } = resolveListenConfig({ env: {}, options: {} });
    expect(rows.map((r) => r.option).sort()).toEqual(
      [...LISTEN_SETTINGS.map((s) => s.option), '--config'].sort(),
    );
    expect(LISTEN_SETTINGS.map((s) => s.key).sort()).toEqual(Object.keys(config).filter((k) => k !== 'config').sort());
    expect(rows.find((r) => r.option === '--health-port')).toMatchObject({
      env: 'MIRRORSCOPE_HEALTH_PORT',
      fileKey: 'health-port',
      defaultText: '8080',
    });
    expect(rows.find((r) => r.option === '--rules')).toMatchObject({ env: 'MIRRORSCOPE_RULES', repeatable: true });
    expect(rows.find((r) => r.option === '--config')).toMatchObject({ env: 'MIRRORSCOPE_CONFIG', fileKey: null });
  });
});
