import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, ensureDir, machineInfo } from './bench-util.js';
import { benchDecode } from './decode.js';

/**
 * `npm run bench` / `mirrorscope bench`: every benchmark section in one run, peers side by side, results printed
 * and saved to bench/results/latest.{md,json} with the machine they came from.
 */
const SECTIONS: Record<string, () => Promise<{ title: string; text: string; data: unknown }[]>> = {
  decode: async () =>
    (await benchDecode()).map((r) => ({ title: `decode: ${r.profile}`, text: r.table, data: r.rows })),
};

async function main(argv: string[]): Promise<void> {
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const machine = machineInfo();
  const header = `mirrorscope benchmarks, ${machine.date}\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load average at start ${machine.loadAverage}`;
  process.stdout.write(header + '\n\n');
  const md: string[] = [header, ''];
  const json: Record<string, unknown> = { machine };
  for (const [name, run] of Object.entries(SECTIONS)) {
    if (only && !only.includes(name)) continue;
    for (const part of await run()) {
      process.stdout.write(part.text + '\n\n');
      md.push(part.text, '');
      json[part.title] = part.data;
    }
  }
  const dir = ensureDir(join(BENCH_DIR, 'results'));
  writeFileSync(join(dir, 'latest.md'), md.join('\n'));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
}

await main(process.argv.slice(2));
