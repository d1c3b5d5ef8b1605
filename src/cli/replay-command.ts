import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatContrastSummary } from '../contrast/index.js';
import { MirrorscopeError } from '../errors.js';
import { loadSources } from '../flow/index.js';
import { DEFAULT_FLOW_LOG_FORMAT, FlowLogWriter, formatFlowLogWarning, parseFlowLogFormat } from '../flowlog/index.js';
import { replayCaptures } from '../pipeline/replay.js';
import { formatDecodeSummary } from '../replay/decode-summary-report.js';
import { flowSummaryJson, formatFlowSummary } from '../replay/flow-summary.js';
import { EveWriter, parseEveTypes } from '../output/eve/index.js';
import { ProtobufEventWriter } from '../output/protobuf/index.js';
import { expandCapturePaths } from './input-paths.js';
import { loadEngine, type LoadedRules } from './load-engine.js';
import { collect, collectString, parseAggregationInterval, parsePort, parsePositiveInt } from './option-parsers.js';
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
  rules: string[];
  vars?: string;
  eve?: string;
  eveTypes?: string;
  workers: number;
  flowLogS3Dir?: string;
  protobuf?: string;
  flowLogId: string;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('inspect capture files (pcap, pcapng) of mirrored traffic: decode, flows, derived and real VPC Flow Logs')
    .argument('<file...>', 'capture files, or directories of .pcap/.pcapng files')
    .option('--rules <path>', 'Suricata rules file, or directory of *.rules files (repeatable)', collectString, [])
    .option('--vars <file>', 'address/port variables overriding Suricata\'s defaults ($HOME_NET, $HTTP_PORTS ...)')
    .option('--eve <path>', 'write EVE JSON lines (alert, anomaly, http, tls, dns, flow)')
    .option('--eve-types <types>', 'comma-separated EVE event types to write (default: alert,anomaly,http,tls,dns,flow)')
    .option('--protobuf <path>', 'write alerts and derived Flow Log records as length-delimited mirrorscope.Event protobuf')
    .option('--flow-log-out <path>', 'write the VPC Flow Log records AWS would write for this traffic (.gz: gzip)')
    .option('--flow-log-format <format>', "AWS custom format, e.g. '${version} ${interface-id} ${srcaddr} ...' (default: the v2 default format)")
    .option('--flow-log-s3-dir <dir>', 'also write the records as an S3 destination would: <dir>/AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/<account>_vpcflowlogs_<region>_<id>_<time>_<hash>.log.gz')
    .option('--flow-log-id <id>', 'flow log id used in S3-style file names', 'fl-mirrorscope')
    .option('--aggregation-interval <seconds>', 'Flow Log aggregation interval: 60 or 600', parseAggregationInterval, 600)
    .option('--sources <path>', 'JSON mapping mirror sources (VNI, outer source IP) to account, interface, VPC, subnet ...')
    .option('--flow-logs <path>', 'real VPC Flow Log files or directories (repeatable): turns on the contrast', collectString, [])
    .option('--report <path>', 'write the contrast report as JSON (needs --flow-logs)')
    .option('--workers <n>', 'worker threads (flows stay on one worker; results are identical for every N)', parsePositiveInt, 1)
    .option('--json', 'print the summary as JSON instead of text')
    .option('--vxlan-port <port>', 'also decode VXLAN on this UDP port (repeatable; 4789 always)', collect(parsePort), [])
    .option('--geneve-port <port>', 'also decode GENEVE on this UDP port (repeatable; 6081 always)', collect(parsePort), [])
    .action(async (files: string[], opts: ReplayCliOptions) => {
      if (opts.report && opts.flowLogs.length === 0) {
        throw new MirrorscopeError('USAGE', '--report needs --flow-logs: the contrast compares the mirror with real Flow Logs');
      }
      const paths = expandCapturePaths(files);
      let eveTypes;
      try {
        eveTypes = parseEveTypes(opts.eveTypes);
      } catch (error) {
        throw new MirrorscopeError('USAGE', `--eve-types: ${(error as Error).message}`);
      }
      const rules: LoadedRules | null = opts.rules.length > 0 ? loadEngine(opts.rules, opts.vars, warn) : null;
      const format = opts.flowLogFormat ? parseFlowLogFormat(opts.flowLogFormat) : DEFAULT_FLOW_LOG_FORMAT;
      const sources = opts.sources ? await loadSources(opts.sources) : undefined;
      const writer = opts.flowLogOut ? await FlowLogWriter.open(opts.flowLogOut, { format }) : undefined;
      const eveWriter = opts.eve ? await EveWriter.open(opts.eve) : undefined;
      const protobufWriter = opts.protobuf ? ProtobufEventWriter.open(opts.protobuf) : undefined;
      let result;
      try {
        result = await replayCaptures(paths, {
          vxlanPorts: opts.vxlanPort,
          genevePorts: opts.genevePort,
          aggregationInterval: opts.aggregationInterval,
          flowLogFormat: format,
          ...(sources ? { sources } : {}),
          ...(opts.sources ? { sourcesPath: opts.sources } : {}),
          rulePaths: opts.rules,
          ...(opts.vars ? { vars: opts.vars } : {}),
          workers: opts.workers,
          ...(opts.flowLogS3Dir ? { flowLogS3: { dir: opts.flowLogS3Dir, flowLogId: opts.flowLogId } } : {}),
          ...(writer ? { flowLogWriter: writer } : {}),
          flowLogs: opts.flowLogs,
          engine: rules?.engine ?? null,
          ...(eveWriter ? { eveWriter } : {}),
          ...(protobufWriter ? { protobufWriter } : {}),
          eveTypes,
          warn,
        });
      } finally {
        await writer?.close();
        await eveWriter?.close();
        await protobufWriter?.close();
      }
      if (result.flowLogStats) {
        for (const w of result.flowLogStats.warnings) warn(formatFlowLogWarning(w));
        if (result.flowLogStats.warningsDropped > 0) warn(`${result.flowLogStats.warningsDropped} more Flow Log warnings not shown`);
      }
      if (opts.report && result.contrast) await writeFile(opts.report, JSON.stringify(result.contrast, null, 2) + '\n');
      const decode = result.decode;
      const flows = flowSummaryJson(result.flows, result.flowLogRecords, opts.aggregationInterval);
      const detect = rules ? { rules_loaded: rules.loaded, rules_skipped: rules.skipped, rule_files: rules.files, rule_load_ms: Math.round(rules.loadMs), alerts: result.alerts } : null;
      if (opts.json) {
        const out = { files: result.files, decode, flows, detect, contrast: result.contrast?.summary ?? null };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      const text = [formatDecodeSummary(result.files, decode), '', formatFlowSummary(flows)];
      if (detect) {
        text.push(`rules        ${detect.rules_loaded} loaded, ${detect.rules_skipped} skipped (warnings above) from ${detect.rule_files} file(s) in ${detect.rule_load_ms} ms`);
        text.push(`alerts       ${detect.alerts}${opts.eve ? ` (EVE: ${opts.eve})` : ''}`);
      }
      if (result.contrast) text.push('', formatContrastSummary(result.contrast));
      process.stdout.write(text.join('\n') + '\n');
    });
}
