import type { Command } from 'commander';
import { replayCaptures } from '../pipeline/replay.js';
import { decodeSummaryJson, formatDecodeSummary } from '../replay/decode-summary-report.js';
import { expandCapturePaths } from './input-paths.js';
import { collect, parsePort } from './option-parsers.js';
import { warn } from './terminal.js';

interface ReplayCliOptions {
  json?: boolean;
  vxlanPort: number[];
  genevePort: number[];
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('decode capture files (pcap, pcapng) of mirrored traffic and summarise what they hold')
    .argument('<file...>', 'capture files, or directories of .pcap/.pcapng files')
    .option('--json', 'print the summary as JSON instead of text')
    .option('--vxlan-port <port>', 'also decode VXLAN on this UDP port (repeatable; 4789 always)', collect(parsePort), [])
    .option('--geneve-port <port>', 'also decode GENEVE on this UDP port (repeatable; 6081 always)', collect(parsePort), [])
    .action((files: string[], opts: ReplayCliOptions) => {
      const paths = expandCapturePaths(files);
      const { files: reports, summary } = replayCaptures(paths, {
        vxlanPorts: opts.vxlanPort,
        genevePorts: opts.genevePort,
        warn,
      });
      const json = decodeSummaryJson(summary);
      if (opts.json) process.stdout.write(JSON.stringify({ files: reports, decode: json }, null, 2) + '\n');
      else process.stdout.write(formatDecodeSummary(reports, json) + '\n');
    });
}
