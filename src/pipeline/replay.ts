import { fileURLToPath } from 'node:url';
import { linkTypeName } from '../../native-free-decoders/index.js';
import type { ContrastReport } from '../contrast/index.js';
import type { DetectEngine } from '../detect/engine/index.js';
import type { SourceMap } from '../flow/index.js';
import { DEFAULT_FLOW_LOG_FORMAT, FlowLogReadStats, readFlowLogBatches, S3LayoutWriter, type FlowLogFormat, type FlowLogWriter } from '../flowlog/index.js';
import { captureTruncationWarning, readCaptureFile, type CaptureFileResult } from '../ingest/capture-file.js';
import { eveProtoNumber, type EveType, type EveWriter } from '../output/eve/index.js';
import { alertMessageFromEve } from '../output/protobuf/eve-alert-message.js';
import type { ProtobufEventWriter } from '../output/protobuf/protobuf-writer.js';
import { decodeSummaryJson, type DecodeSummaryJson, type ReplayFileReport } from '../replay/decode-summary-report.js';
import { mergeDecodeSummaryJson } from '../replay/merge-decode-summary.js';
import { DecidedGates, StreamingGates, type AlertGates } from './alert-gates.js';
import { unalertedFlowLine } from './eve-record.js';
import { EveSpool, spooledLine, type SpooledEve } from './eve-spool.js';
import { FlowLogSpool } from './flow-log-spool.js';
import { InspectionPipeline } from './inspection-pipeline.js';
import type { PipelineSinkConfig, WorkerPipelineOutput } from './pipeline-sink.js';

export interface ReplayOptions {
  /** Extra UDP ports carrying VXLAN / GENEVE deliveries (4789 and 6081 are always decoded). */
  vxlanPorts?: number[];
  genevePorts?: number[];
  aggregationInterval?: number;
  flowLogFormat?: FlowLogFormat;
  sources?: SourceMap;
  sourcesPath?: string;
  /** Where derived Flow Log records go (already opened). */
  flowLogWriter?: FlowLogWriter;
  /** Also write the derived records as an S3 Flow Log destination would (a folder standing in for the bucket). */
  flowLogS3?: { dir: string; flowLogId: string };
  /** Real VPC Flow Log files or directories: turns on the contrast. */
  flowLogs?: string[];
  /** Compiled rules (single thread); workers load `rulePaths` themselves. */
  engine?: DetectEngine | null;
  rulePaths?: string[];
  vars?: string;
  /** EVE output and the event types to write to it. */
  eveWriter?: EveWriter;
  eveTypes?: ReadonlySet<EveType>;
  /** Length-delimited mirrorscope.Event stream: alerts and derived Flow Log records. */
  protobufWriter?: ProtobufEventWriter;
  /** Worker threads: 0 or 1 runs on this thread; results are identical for every value. */
  workers?: number;
  /** Called with a one-line warning (cut-short captures, malformed Flow Log lines). */
  warn?: (line: string) => void;
}

/** Whether closed Flow Log records are built: only when an output writes them or the contrast compares them. */
export function wantsFlowLogRecords(o: ReplayOptions): boolean {
  return !!(o.flowLogWriter || o.flowLogS3 || (o.flowLogs && o.flowLogs.length > 0) || o.protobufWriter);
}

export interface ReplayFlowStats {
  created: number;
  peakActive: number;
  noFlow: number;
  timedOut: number;
  evicted: number;
  bytesPerFlow: number;
}

export interface ReplayResult {
  files: ReplayFileReport[];
  decode: DecodeSummaryJson;
  flows: ReplayFlowStats;
  alerts: number;
  /** Derived records, or null when none were asked for (see wantsFlowLogRecords). */
  flowLogRecords: number | null;
  contrast: ContrastReport | null;
  flowLogStats: FlowLogReadStats | null;
}

interface Collected {
  flowLog: FlowLogSpool;
  eve: EveSpool;
}

function fileReport(path: string, result: CaptureFileResult): ReplayFileReport {
  return {
    path,
    format: result.format,
    records: result.records,
    bytes: result.bytes,
    link_types: result.linkTypes.map(linkTypeName),
    cut_short: result.truncatedTail ? { bytes_left: result.truncatedTail.bytesPresent, complete_records: result.truncatedTail.completeRecords } : null,
  };
}

function eveTypesFor(options: ReplayOptions, hasRules: boolean): ReadonlySet<EveType> {
  if (options.eveWriter) return options.eveTypes ?? new Set();
  // Without an EVE file, alerts are still produced for the counts and the contrast.
  return hasRules ? new Set<EveType>(['alert']) : new Set();
}

/** Single thread: one pipeline, read synchronously in constant memory. */
function replayHere(paths: readonly string[], options: ReplayOptions, collected: Collected) {
  const pipeline = new InspectionPipeline({
    vxlanPorts: options.vxlanPorts ?? [],
    genevePorts: options.genevePorts ?? [],
    aggregationInterval: options.aggregationInterval ?? 600,
    flowLogVersion: options.flowLogFormat?.version ?? 2,
    flowLogRecords: wantsFlowLogRecords(options),
    ...(options.sources ? { sources: options.sources } : {}),
    engine: options.engine ?? null,
    eveTypes: eveTypesFor(options, !!options.engine),
    pcapCounts: true,
    deferHostThresholds: true,
    onEveRecords: (records) => collected.eve.push(records),
  });
  const files: ReplayFileReport[] = [];
  for (let fileIndex = 0; fileIndex < paths.length; fileIndex++) {
    const path = paths[fileIndex]!;
    let sinceDrain = 0;
    const result = readCaptureFile(path, (r) => {
      pipeline.packetAt(r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType, r.tsSec, Math.floor(r.tsNsec / 1000), r.recordNumber, fileIndex);
      if (++sinceDrain === 65536) {
        sinceDrain = 0;
        collected.flowLog.push(pipeline.takeFlowLogRecords());
      }
    });
    const warning = captureTruncationWarning(result);
    if (warning !== null) options.warn?.(warning);
    files.push(fileReport(path, result));
  }
  pipeline.finish();
  collected.flowLog.push(pipeline.takeFlowLogRecords());
  collected.eve.push(pipeline.takeEveRecords());
  const s = pipeline.flows.stats;
  return {
    files,
    decode: decodeSummaryJson(pipeline.summary),
    flows: { created: s.created, peakActive: s.peakActive, noFlow: s.noFlow, timedOut: s.timedOut, evicted: s.evicted, bytesPerFlow: Math.round(pipeline.flows.memoryBytes() / Math.max(1, pipeline.flows.capacity)) },
    alerts: pipeline.detection.alerts,
  };
}

/** N worker threads: packets go to the worker of their flow (symmetric hash); outputs are merged and sorted. */
async function replayOnWorkers(paths: readonly string[], options: ReplayOptions, collected: Collected) {
  const config: PipelineSinkConfig = {
    rules: options.rulePaths ?? [],
    ...(options.vars ? { vars: options.vars } : {}),
    eveTypes: [...eveTypesFor(options, (options.rulePaths ?? []).length > 0)].join(','),
    aggregationInterval: options.aggregationInterval ?? 600,
    flowLogVersion: options.flowLogFormat?.version ?? 2,
    flowLogRecords: wantsFlowLogRecords(options),
    ...(options.sourcesPath ? { sourcesPath: options.sourcesPath } : {}),
    vxlanPorts: options.vxlanPorts ?? [],
    genevePorts: options.genevePorts ?? [],
    pcapCounts: true,
    deferHostThresholds: true,
  };
  let decode: DecodeSummaryJson | null = null;
  const flows: ReplayFlowStats = { created: 0, peakActive: 0, noFlow: 0, timedOut: 0, evicted: 0, bytesPerFlow: 0 };
  let alerts = 0;
  // The worker pool, like the contrast below, is loaded only by the runs that use it, not on every start.
  const [{ createPacketPool }, { replayThroughPool }] = await Promise.all([
    import('../ingest/packet-pool.js'),
    import('../ingest/replay-through-pool.js'),
  ]);
  const pool = await createPacketPool({
    sinkModule: fileURLToPath(new URL('./pipeline-sink.js', import.meta.url)),
    sinkConfig: config,
    workers: options.workers ?? 2,
    vxlanPorts: config.vxlanPorts,
    genevePorts: config.genevePorts,
    onOutput: (o) => {
      const out = o.output as WorkerPipelineOutput;
      collected.flowLog.push(out.flowLogRecords);
      collected.eve.push(out.eve);
      if (out.final) {
        decode = decode ? mergeDecodeSummaryJson(decode, out.final.decode) : out.final.decode;
        flows.created += out.final.flows.created;
        flows.peakActive += out.final.flows.peakActive;
        flows.noFlow += out.final.flows.noFlow;
        flows.timedOut += out.final.flows.timedOut;
        flows.evicted += out.final.flows.evicted;
        alerts += out.final.alerts;
      }
    },
    onEvent: (e) => options.warn?.(`worker ${e.worker} ${e.type === 'worker_restarted' ? 'restarted' : 'failed'}: ${e.error ?? 'exited'}; ${e.packetsLost} packets lost`),
  });
  const result = await replayThroughPool(paths, pool, options.warn ? { warn: options.warn } : {});
  const files = paths.map((p, i) => fileReport(p, result.files[i]!));
  return { files, decode: decode ?? decodeSummaryJson(new InspectionPipeline({ flowLogs: false }).summary), flows, alerts };
}

/**
 * Offline replay: every file in order through the inspection pipeline (this thread, or flow-affine workers), then
 * the outputs: Flow Log records in window order, EVE records in time and capture order (the same for any worker
 * count), and with --flow-logs the contrast against real Flow Logs.
 */
export async function replayCaptures(paths: readonly string[], options: ReplayOptions = {}): Promise<ReplayResult> {
  // Flow events sort ahead of the alerts that decide their `alerted`: with them, gated alerts are decided ahead.
  const decideAhead = eveTypesFor(options, !!options.engine || (options.rulePaths ?? []).length > 0).has('flow');
  const collected: Collected = { flowLog: new FlowLogSpool(), eve: new EveSpool(decideAhead) };
  const run = (options.workers ?? 0) > 1 ? await replayOnWorkers(paths, options, collected) : replayHere(paths, options, collected);
  // One pass over the derived records, in their output order, feeds every consumer: none of them holds them all.
  const s3 = options.flowLogS3 ? new S3LayoutWriter({ ...options.flowLogS3, format: options.flowLogFormat ?? DEFAULT_FLOW_LOG_FORMAT }) : null;
  const contrast =
    options.flowLogs && options.flowLogs.length > 0
      ? new (await import('../contrast/contrast-report.js')).ContrastBuilder({ aggregationInterval: options.aggregationInterval ?? 600 })
      : null;
  for await (const r of collected.flowLog.sorted()) {
    if (options.flowLogWriter && !options.flowLogWriter.write(r)) await options.flowLogWriter.drain();
    options.protobufWriter?.writeFlowLog(r);
    if (s3 !== null) await s3.add(r);
    contrast?.addMirrorRecord(r);
  }
  if (s3 !== null) await s3.close();
  // Thresholds tracked by host or rule are counted here, over every worker's alerts in output order.
  const gates: AlertGates = decideAhead ? new DecidedGates(collected.eve.gatedInOrder()) : new StreamingGates();
  const alertLines: EveAlertLine[] = [];
  const wantAlerts = (options.flowLogs && options.flowLogs.length > 0) || options.protobufWriter !== undefined;
  for await (const r of collected.eve.sorted()) {
    if (!gates.pass(r)) continue;
    if (wantAlerts && isAlertLine(r)) {
      const alert = JSON.parse(spooledLine(r)) as EveAlertLine;
      alertLines.push(alert);
      options.protobufWriter?.writeAlert(alertMessageFromEve(alert as unknown as Record<string, unknown>, r.tsUs));
    }
    if (options.eveWriter === undefined) continue;
    const ok = gates.flowAlerted(r) ? options.eveWriter.writeBytes(r.chunk, r.start, r.end) : options.eveWriter.write(unalertedFlowLine(spooledLine(r)));
    if (!ok) await options.eveWriter.drain();
  }
  run.alerts -= gates.dropped;
  let report: ContrastReport | null = null;
  let stats: FlowLogReadStats | null = null;
  if (contrast !== null && options.flowLogs) {
    for (const a of alertLines) {
      contrast.addAlert({
        src_ip: a.src_ip,
        src_port: a.src_port ?? 0,
        dest_ip: a.dest_ip,
        dest_port: a.dest_port ?? 0,
        protocol: eveProtoNumber(a.proto),
        signature_id: a.alert.signature_id,
        signature: a.alert.signature,
      });
    }
    stats = new FlowLogReadStats();
    for await (const batch of readFlowLogBatches(options.flowLogs, stats)) for (const r of batch) contrast.addFlowLogRecord(r);
    report = contrast.build(stats);
  }
  return { ...run, flowLogRecords: wantsFlowLogRecords(options) ? collected.flowLog.count : null, contrast: report, flowLogStats: stats };
}

interface EveAlertLine {
  src_ip: string;
  src_port?: number;
  dest_ip: string;
  dest_port?: number;
  proto: string;
  alert: { signature_id: number; signature: string };
}

const ALERT_TYPE = Buffer.from('"event_type":"alert"');

function isAlertLine(r: SpooledEve): boolean {
  // Searched in the line's own view: the chunk beyond it holds the next lines.
  return r.chunk.subarray(r.start, r.end).includes(ALERT_TYPE);
}
