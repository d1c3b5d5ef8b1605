import type { CaptureRecord } from '../../native-free-decoders/capture/capture-record.js';

/** A capture record as plain data (its bytes as hex): the record struct is reused, so tests keep copies. */
export interface RecordSnapshot {
  hex: string;
  captureLength: number;
  wireLength: number;
  linkType: number;
  interfaceId: number;
  tsSec: number;
  tsNsec: number;
  hasTimestamp: boolean;
  recordNumber: number;
  fileOffset: number;
}

export function snapshotRecord(r: CaptureRecord): RecordSnapshot {
  let hex = '';
  for (let i = r.offset; i < r.offset + r.captureLength; i++) hex += r.bytes[i]!.toString(16).padStart(2, '0');
  return {
    hex,
    captureLength: r.captureLength,
    wireLength: r.wireLength,
    linkType: r.linkType,
    interfaceId: r.interfaceId,
    tsSec: r.tsSec,
    tsNsec: r.tsNsec,
    hasTimestamp: r.hasTimestamp,
    recordNumber: r.recordNumber,
    fileOffset: r.fileOffset,
  };
}
