import { linkTypeName } from '../../native-free-decoders/index.js';
import { ContrastBuilder, type ContrastReport } from '../contrast/index.js';
import type { SourceMap } from '../flow/index.js';
import { FlowLogReadStats, readFlowLogBatches, type FlowLogFormat, type FlowLogRecord, type FlowLogWriter } from '../flowlog/index.js';
import { captureTruncationWarning, readCaptureFile } from '../ingest/capture-file.js';
import type { ReplayFileReport } from '../replay/decode-summary-report.js';
import { InspectionPipeline } from './inspection-pipeline.js';

export interface ReplayOptions {
  /** Extra UDP ports carrying VXLAN / GENEVE deliveries (4789 and 6081 are always decoded). */
  vxlanPorts?: number[];
  genevePorts?: number[];
  aggregationInterval?: number;
  flowLogFormat?: FlowLogFormat;
  sources?: SourceMap;
  /** Where derived Flow Log records go as windows close (already opened). */
  flowLogWriter?: FlowLogWriter;
  /** Real VPC Flow Log files or directories: turns on the contrast. */
  flowLogs?: string[];
  /** Called with a one-line warning (cut-short captures, malformed Flow Log lines). */
  warn?: (line: string) => void;
}

export interface ReplayResult {
  files: ReplayFileReport[];
  pipeline: InspectionPipeline;
  flowLogRecords: number;
  contrast: ContrastReport | null;
  flowLogStats: FlowLogReadStats | null;
}

/**
 * Offline replay: every file in order through one inspection pipeline. Files are read synchronously in constant
 * memory; packets never throw (decoders report), files do (a MirrorscopeError naming the file). Derived Flow Log
 * records stream to the writer as their windows close; with --flow-logs they are also kept for the contrast.
 */
export async function replayCaptures(paths: readonly string[], options: ReplayOptions = {}): Promise<ReplayResult> {
  const pipeline = new InspectionPipeline({
    vxlanPorts: options.vxlanPorts ?? [],
    genevePorts: options.genevePorts ?? [],
    aggregationInterval: options.aggregationInterval ?? 600,
    flowLogVersion: options.flowLogFormat?.version ?? 2,
    ...(options.sources ? { sources: options.sources } : {}),
  });
  const contrast = options.flowLogs && options.flowLogs.length > 0 ? new ContrastBuilder({ aggregationInterval: options.aggregationInterval ?? 600 }) : null;
  const mirrorRecords: FlowLogRecord[] = [];
  let written = 0;
  const emit = async (records: FlowLogRecord[]) => {
    for (const r of records) {
      written++;
      if (contrast) mirrorRecords.push(r);
      if (options.flowLogWriter && !options.flowLogWriter.write(r)) await options.flowLogWriter.drain();
    }
  };
  const files: ReplayFileReport[] = [];
  for (let fileIndex = 0; fileIndex < paths.length; fileIndex++) {
    const path = paths[fileIndex]!;
    let sinceDrain = 0;
    const pending: FlowLogRecord[][] = [];
    const result = readCaptureFile(path, (r) => {
      pipeline.packetAt(r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType, r.tsSec, Math.floor(r.tsNsec / 1000));
      // Collect closed windows now and then, so a long capture does not hold every record until the end.
      if (++sinceDrain === 65536) {
        sinceDrain = 0;
        const closed = pipeline.takeFlowLogRecords();
        if (closed.length > 0) pending.push(closed);
      }
    });
    pending.push(pipeline.takeFlowLogRecords());
    for (const batch of pending) await emit(batch);
    const warning = captureTruncationWarning(result);
    if (warning !== null) options.warn?.(warning);
    files.push({
      path,
      format: result.format,
      records: result.records,
      bytes: result.bytes,
      link_types: result.linkTypes.map(linkTypeName),
      cut_short: result.truncatedTail
        ? { bytes_left: result.truncatedTail.bytesPresent, complete_records: result.truncatedTail.completeRecords }
        : null,
    });
  }
  pipeline.finish();
  await emit(pipeline.takeFlowLogRecords());

  let report: ContrastReport | null = null;
  let stats: FlowLogReadStats | null = null;
  if (contrast) {
    for (const r of mirrorRecords) contrast.addMirrorRecord(r);
    stats = new FlowLogReadStats();
    for await (const batch of readFlowLogBatches(options.flowLogs!, stats)) {
      for (const r of batch) contrast.addFlowLogRecord(r);
    }
    report = contrast.build(stats);
  }
  return { files, pipeline, flowLogRecords: written, contrast: report, flowLogStats: stats };
}
