import type { FlowLogRecord } from './flow-log-record.js';

/**
 * A problem with part of an input that did not stop the read. `line` is the 1-based line of a text file,
 * the event number in a whole-document CloudWatch JSON export, the row number in Parquet, or 0 when the
 * warning is about the whole file.
 */
export interface FlowLogWarning {
  file: string;
  line: number;
  reason: string;
}

export function formatFlowLogWarning(warning: FlowLogWarning): string {
  return warning.line > 0 ? `${warning.file}:${warning.line}: ${warning.reason}` : `${warning.file}: ${warning.reason}`;
}

export type FlowLogInputKind = 'text' | 'cloudwatch-json' | 'cloudwatch-text' | 'parquet';

/** Warnings kept in memory; later ones are only counted, so a hostile file cannot exhaust memory. */
export const MAX_KEPT_WARNINGS = 100;

/**
 * Counters for one ingestion run. `recordsRead` counts every well-formed record, flows and NODATA/SKIPDATA
 * alike; `recordsByAction` counts only the flows (the records handed to the caller).
 */
export class FlowLogReadStats {
  filesRead = 0;
  /** Files found inside a directory that are not flow logs (skipped with a warning). */
  filesSkipped = 0;
  filesByKind: Record<FlowLogInputKind, number> = { text: 0, 'cloudwatch-json': 0, 'cloudwatch-text': 0, parquet: 0 };
  /** Of those, how many were gzip-compressed files. */
  gzipFiles = 0;
  recordsRead = 0;
  recordsByAction = { ACCEPT: 0, REJECT: 0, unknown: 0 };
  nodata = 0;
  skipdata = 0;
  /** Malformed lines, events or rows that were skipped. */
  skippedLines = 0;
  /** Bytes read from disk (compressed size for gzip files). */
  bytesRead = 0;
  readonly warnings: FlowLogWarning[] = [];
  /** Warnings counted but not kept because MAX_KEPT_WARNINGS were already kept. */
  warningsDropped = 0;

  get warningCount(): number {
    return this.warnings.length + this.warningsDropped;
  }

  warn(file: string, line: number, reason: string): void {
    if (this.warnings.length < MAX_KEPT_WARNINGS) this.warnings.push({ file, line, reason });
    else this.warningsDropped++;
  }

  /** A line that could not be read as a record: a warning, and the line is skipped. */
  malformed(file: string, line: number, reason: string): void {
    this.skippedLines++;
    this.warn(file, line, reason);
  }

  /**
   * Counts a well-formed record. Returns true for a flow (to be handed on); NODATA and SKIPDATA records
   * describe an interval, not traffic, so they are counted and dropped.
   */
  countRecord(record: FlowLogRecord): boolean {
    this.recordsRead++;
    if (record.log_status === 'NODATA') {
      this.nodata++;
      return false;
    }
    if (record.log_status === 'SKIPDATA') {
      this.skipdata++;
      return false;
    }
    if (record.action === 'ACCEPT') this.recordsByAction.ACCEPT++;
    else if (record.action === 'REJECT') this.recordsByAction.REJECT++;
    else this.recordsByAction.unknown++;
    return true;
  }

  toJSON(): Record<string, unknown> {
    return {
      files_read: this.filesRead,
      files_skipped: this.filesSkipped,
      files_by_kind: { ...this.filesByKind },
      gzip_files: this.gzipFiles,
      records_read: this.recordsRead,
      records_by_action: { ...this.recordsByAction },
      nodata: this.nodata,
      skipdata: this.skipdata,
      skipped_lines: this.skippedLines,
      bytes_read: this.bytesRead,
      warnings: this.warningCount,
    };
  }
}
