import type { Command } from 'commander';
import { CONFIG_FILE_SETTING, LISTEN_SETTINGS, resolveListenConfig } from '../config/index.js';
import { collectString } from './option-parsers.js';

export function registerListen(program: Command): void {
  const cmd = program
    .command('listen')
    .description('live mirror target: receive VXLAN (UDP 4789) and GENEVE (UDP 6081) deliveries, inspect them, serve /healthz and /metrics');
  // No commander defaults: an option left out must let the environment and the config file speak (config/).
  for (const s of [CONFIG_FILE_SETTING, ...LISTEN_SETTINGS]) {
    const flags = s.valueName ? `${s.option} ${s.valueName}` : s.option;
    const help = `${s.description} [env ${s.env}; default ${s.defaultText}]`;
    if ('repeatable' in s && s.repeatable) cmd.option(flags, `${help} (repeatable)`, collectString, undefined as unknown as string[]);
    else cmd.option(flags, help);
  }
  cmd.action(async (opts: Record<string, unknown>) => {
    const { config } = resolveListenConfig({ options: opts });
    // The listener, pool and pipeline are loaded only when `listen` runs, not with every other command.
    const { runListen } = await import('./listen-run.js');
    await runListen(config);
  });
}
