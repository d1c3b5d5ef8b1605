import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

/** `mirrorscope bench` runs the same benchmark suite as `npm run bench`, in a child so its memory is its own. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('measure decoder, flow table, Flow Log ingestion, prefilter and reassembly throughput against peers')
    .option('--only <sections>', 'comma-separated sections: decode, flow, flow-log-ingest, prefilter, pipeline, stream')
    .action((opts: { only?: string }) => {
      const runner = fileURLToPath(new URL('../../bench/run.js', import.meta.url));
      const args = [runner, ...(opts.only ? [`--only=${opts.only}`] : [])];
      const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
      if (r.status !== 0) process.exitCode = r.status ?? 1;
    });
}
