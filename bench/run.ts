import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, ensureDir, machineInfo } from './bench-util.js';
import { benchDecode } from './decode.js';
import { benchFlowLogIngest } from './flowlog-ingest.js';
import { benchFlowTable } from './flow-table.js';
import { benchPipeline } from './pipeline.js';
import { benchPrefilter } from './prefilter.js';
import { benchStream } from './stream.js';

/**
 * `npm run bench` / `mirrorscope bench`: every benchmark section in one run, peers side by side, results printed
 * and saved to bench/results/latest.{md,json} with the machine they came from. `--only=decode,flow` picks
 * sections.
 */
interface Part {
  title: string;
  text: string;
  data: unknown;
}

function captureLog<T>(fn: (log: (line: string) => void) => T): { value: T; text: string } {
  const lines: string[] = [];
  const value = fn((line) => lines.push(line));
  return { value, text: lines.join('\n') };
}

const SECTIONS: Record<string, () => Promise<Part[]>> = {
  decode: async () => (await benchDecode()).map((r) => ({ title: `decode: ${r.profile}`, text: r.table, data: r.rows })),
  flow: async () => {
    const { value, text } = captureLog((log) => benchFlowTable({ log }));
    return [{ title: 'flow table', text: `Flow table: packets/s and memory per flow at 10k, 100k and 1M concurrent flows\n${text}`, data: value }];
  },
  'flow-log-ingest': async () => {
    const rows = await benchFlowLogIngest();
    const text = ['Flow Log ingestion (1,000,000 default-format records)', ...rows.map((r) => `  ${r.format.padEnd(22)} ${Math.round(r.recordsPerSecond).toLocaleString('en-US')} records/s (${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU, ${(r.bytes / 1e6).toFixed(1)} MB)`)].join('\n');
    return [{ title: 'flow log ingest', text, data: rows }];
  },
  prefilter: async () => {
    const { value, text } = captureLog((log) => benchPrefilter({ log }));
    return [{ title: 'prefilter', text: `Multi-pattern prefilter (Aho-Corasick) vs naive search\n${text}`, data: value }];
  },
  pipeline: async () => {
    const r = await benchPipeline();
    return [{ title: 'pipeline vs Suricata', text: r.text, data: { rows: r.rows, agreement: r.agreement, ruleLoad: r.ruleLoad, notes: r.notes } }];
  },
  stream: async () => {
    const rows = benchStream();
    const text = ['TCP stream reassembly (1,400-byte segments)', ...rows.map((r) => `  ${r.name.padEnd(28)} ${(r.segmentsPerSecond / 1e6).toFixed(2)} M segments/s, ${r.megabytesPerSecond.toFixed(0)} MB/s`)].join('\n');
    return [{ title: 'stream', text, data: rows }];
  },
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
      md.push('```', part.text, '```', '');
      json[part.title] = part.data;
    }
  }
  const dir = ensureDir(join(BENCH_DIR, 'results'));
  const suffix = only ? `-${only.join('-')}` : '';
  writeFileSync(join(dir, `latest${suffix}.md`), md.join('\n'));
  writeFileSync(join(dir, `latest${suffix}.json`), JSON.stringify(json, null, 2) + '\n');
}

await main(process.argv.slice(2));
