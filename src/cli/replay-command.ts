import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatContrastSummary } from '../contrast/index.js';
import { MirrorscopeError } from '../errors.js';
import { loadSources } from '../flow/index.js';
import { DEFAULT_FLOW_LOG_FORMAT, FlowLogWriter, formatFlowLogWarning, parseFlowLogFormat } from '../flowlog/index.js';
import { replayCaptures } from '../pipeline/replay.js';
import { decodeSummaryJson, formatDecodeSummary } from '../replay/decode-summary-report.js';
import { flowSummaryJson, formatFlowSummary } from '../replay/flow-summary.js';
import { expandCapturePaths } from './input-paths.js';
import { collect, collectString, parseAggregationInterval, parsePort } from './option-parsers.js';
import { warn } from './terminal.js';

interface ReplayCliOptions {
  json?: boolean;
  vxlanPort: number[];
  genevePort: number[];
  flowLogOut?: string;
  flowLogFormat?: string;
  flowLogs: string[];
  report?: string;
  aggregationInterval: number;
  sources?: string;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('inspect capture files (pcap, pcapng) of mirrored traffic: decode, flows, derived and real VPC Flow Logs')
    .argument('<file...>', 'capture files, or directories of .pcap/.pcapng files')
    .option('--flow-log-out <path>', 'write the VPC Flow Log records AWS would write for this traffic (.gz: gzip)')
    .option('--flow-log-format <format>', "AWS custom format, e.g. '${version} ${interface-id} ${srcaddr} ...' (default: the v2 default format)")
    .option('--aggregation-interval <seconds>', 'Flow Log aggregation interval: 60 or 600', parseAggregationInterval, 600)
    .option('--sources <path>', 'JSON mapping mirror sources (VNI, outer source IP) to account, interface, VPC, subnet ...')
    .option('--flow-logs <path>', 'real VPC Flow Log files or directories (repeatable): turns on the contrast', collectString, [])
    .option('--report <path>', 'write the contrast report as JSON (needs --flow-logs)')
    .option('--json', 'print the summary as JSON instead of text')
    .option('--vxlan-port <port>', 'also decode VXLAN on this UDP port (repeatable; 4789 always)', collect(parsePort), [])
    .option('--geneve-port <port>', 'also decode GENEVE on this UDP port (repeatable; 6081 always)', collect(parsePort), [])
    .action(async (files: string[], opts: ReplayCliOptions) => {
      if (opts.report && opts.flowLogs.length === 0) {
        throw new MirrorscopeError('USAGE', '--report needs --flow-logs: the contrast compares the mirror with real Flow Logs');
      }
      const paths = expandCapturePaths(files);
      const format = opts.flowLogFormat ? parseFlowLogFormat(opts.flowLogFormat) : DEFAULT_FLOW_LOG_FORMAT;
      const sources = opts.sources ? await loadSources(opts.sources) : undefined;
      const writer = opts.flowLogOut ? await FlowLogWriter.open(opts.flowLogOut, { format }) : undefined;
      let result;
      try {
        result = await replayCaptures(paths, {
          vxlanPorts: opts.vxlanPort,
          genevePorts: opts.genevePort,
          aggregationInterval: opts.aggregationInterval,
          flowLogFormat: format,
          ...(sources ? { sources } : {}),
          ...(writer ? { flowLogWriter: writer } : {}),
          flowLogs: opts.flowLogs,
          warn,
        });
      } finally {
        await writer?.close();
      }
      if (result.flowLogStats) {
        for (const w of result.flowLogStats.warnings) warn(formatFlowLogWarning(w));
        if (result.flowLogStats.warningsDropped > 0) warn(`${result.flowLogStats.warningsDropped} more Flow Log warnings not shown`);
      }
      if (opts.report && result.contrast) await writeFile(opts.report, JSON.stringify(result.contrast, null, 2) + '\n');
      const decode = decodeSummaryJson(result.pipeline.summary);
      const flows = flowSummaryJson(result.pipeline, result.flowLogRecords, opts.aggregationInterval);
      if (opts.json) {
        const out = { files: result.files, decode, flows, contrast: result.contrast?.summary ?? null };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      const text = [formatDecodeSummary(result.files, decode), '', formatFlowSummary(flows)];
      if (result.contrast) text.push('', formatContrastSummary(result.contrast));
      process.stdout.write(text.join('\n') + '\n');
    });
}
