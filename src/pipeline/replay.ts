import { DecodedPacket, PacketDecoder, linkTypeName } from '../../native-free-decoders/index.js';
import { captureTruncationWarning, readCaptureFile } from '../ingest/capture-file.js';
import { DecodeSummary } from '../replay/decode-summary.js';
import type { ReplayFileReport } from '../replay/decode-summary-report.js';

export interface ReplayOptions {
  /** Extra UDP ports carrying VXLAN / GENEVE deliveries (4789 and 6081 are always decoded). */
  vxlanPorts?: number[];
  genevePorts?: number[];
  /** Called with a one-line warning (cut-short captures). */
  warn?: (line: string) => void;
}

export interface ReplayResult {
  files: ReplayFileReport[];
  summary: DecodeSummary;
}

/**
 * Offline replay: every file in order through one decoder into the summary. Files are read synchronously in
 * constant memory; packets never throw (decoders report), files do (a MirrorscopeError naming the file).
 */
export function replayCaptures(paths: readonly string[], options: ReplayOptions = {}): ReplayResult {
  const decoder = new PacketDecoder();
  for (const p of options.vxlanPorts ?? []) decoder.tunnelPorts.setVxlan(p);
  for (const p of options.genevePorts ?? []) decoder.tunnelPorts.setGeneve(p);
  const pkt = new DecodedPacket();
  const summary = new DecodeSummary();
  const files: ReplayFileReport[] = [];
  for (const path of paths) {
    const result = readCaptureFile(path, (r) => {
      decoder.decode(pkt, r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType);
      summary.add(pkt, r.tsSec);
    });
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
  return { files, summary };
}
