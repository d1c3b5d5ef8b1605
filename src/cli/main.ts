#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.trim_threshold=67108864:glibc.malloc.mmap_threshold=4194304 node --max-semi-space-size=32 --min-semi-space-size=32
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { MirrorscopeError } from '../errors.js';
import { registerBench } from './bench-command.js';
import { registerDecodeProtobuf } from './decode-protobuf-command.js';
import { registerListen } from './listen-command.js';
import { registerReplay } from './replay-command.js';
import { registerRules } from './rules-command.js';
import { fail } from './terminal.js';

/** Exit codes: 0 ok, 1 bad input (file, rules, config), 2 usage or a command not built yet, 70 internal error. */
export const EXIT = { OK: 0, INPUT: 1, USAGE: 2, INTERNAL: 70 } as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mirrorscope')
    .description('Packet inspection for AWS VPC Traffic Mirroring targets, contrasted with VPC Flow Logs')
    .version(version(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerReplay(program);
  registerListen(program);
  registerBench(program);
  registerDecodeProtobuf(program);
  registerRules(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof MirrorscopeError) {
      fail(error.message);
      return EXIT.INPUT;
    }
    // A closed stdout (`| head`) is the reader's choice, not a failure.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT.OK;
    const message = error instanceof Error ? error.message : String(error);
    fail(`internal error: ${message.split('\n')[0]}`);
    if (process.env.MIRRORSCOPE_DEBUG) console.error(error);
    return EXIT.INTERNAL;
  }
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});
process.exitCode = await main(process.argv);
