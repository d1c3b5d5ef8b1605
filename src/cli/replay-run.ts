import { writeFile } from 'node:fs/promises';
import { MirrorscopeError } from '../errors.js';
import { loadSources } from '../flow/index.js';
import { DEFAULT_FLOW_LOG_FORMAT, FlowLogWriter, formatFlowLogWarning, parseFlowLogFormat } from '../flowlog/index.js';
import { replayCaptures } from '../pipeline/replay.js';
import { formatDecodeSummary } from '../replay/decode-summary-report.js';
import { flowSummaryJson, formatFlowSummary } from '../replay/flow-summary.js';
import { EveWriter, parseEveTypes } from '../output/eve/index.js';
import { ProtobufEventWriter } from '../output/protobuf/protobuf-writer.js';
import { expandCapturePaths } from './input-paths.js';
import { loadEngine, type LoadedRules } from './load-engine.js';
import type { ReplayCliOptions } from './replay-command.js';
import { warn } from './terminal.js';

/** `mirrorscope replay`, once commander has parsed the command line (replay-command.ts). */
export async function runReplay(files: string[], opts: ReplayCliOptions): Promise<void> {
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
  const eveWriter = opts.eve ? await EveWriter.open(opts.eve, { sync: true }) : undefined;
  const protobufWriter = opts.protobuf ? await ProtobufEventWriter.open(opts.protobuf) : undefined;
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
  if (result.contrast) {
    // The contrast modules are loaded only by a run with --flow-logs (pipeline/replay.ts).
    const { formatContrastSummary } = await import('../contrast/contrast-summary-text.js');
    text.push('', formatContrastSummary(result.contrast));
  }
  process.stdout.write(text.join('\n') + '\n');
}
