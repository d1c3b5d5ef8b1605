import { gunzipSync, inflateSync } from 'node:zlib';
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, Compressors, FileMetaData } from 'hyparquet';
import { MirrorscopeError } from '../errors.js';
import { emptyFlowLogRecord } from './flow-log-record.js';
import type { FlowLogRecord } from './flow-log-record.js';
import type { FlowLogReadStats } from './flow-log-read-stats.js';
import { assignFlowLogValue } from './flow-log-text.js';
import { flowLogField } from './vpc-flow-log-fields.js';
import type { FlowLogFieldSpec } from './vpc-flow-log-fields.js';

/**
 * hyparquet reads only uncompressed and Snappy pages by itself; AWS writes its Parquet flow logs with
 * Gzip pages, which node:zlib can undo.
 */
const COMPRESSORS: Compressors = {
  GZIP: (input) => {
    try {
      return gunzipSync(input);
    } catch {
      return inflateSync(input);
    }
  },
};

const SLICE_ROWS = 4096;

interface ParquetColumn {
  name: string;
  spec: FlowLogFieldSpec;
}

/**
 * Reads a Parquet flow log (underscore column names, as AWS and its Athena DDL use) one row group at a
 * time, so memory follows the row-group size, not the file size. Yields the flows of each row group.
 */
export async function* readParquetFlowLog(
  file: AsyncBuffer,
  path: string,
  stats: FlowLogReadStats,
): AsyncGenerator<FlowLogRecord[]> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw badParquet(path, error);
  }
  const columns: ParquetColumn[] = [];
  for (const child of parquetSchema(metadata).children) {
    const name = child.element.name;
    const spec = flowLogField(name);
    if (spec === undefined || columns.some((column) => column.spec === spec)) {
      stats.warn(path, 0, `Parquet column "${name}" is not a flow-log field; ignored`);
      continue;
    }
    columns.push({ name, spec });
  }
  if (columns.length === 0) {
    throw new MirrorscopeError('FLOWLOG_UNKNOWN_FORMAT', `${path}: not a VPC Flow Log file (a Parquet file without flow-log columns)`);
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const values = await readRowGroup(file, metadata, columns, rowStart, rowEnd, path);
    // Records are built and handed on in slices, so they can die young instead of a whole row group's
    // worth surviving into the old generation.
    for (let from = 0; from < rowEnd - rowStart; from += SLICE_ROWS) {
      const to = Math.min(from + SLICE_ROWS, rowEnd - rowStart);
      const records = new Array<FlowLogRecord>(to - from);
      for (let i = 0; i < records.length; i++) records[i] = emptyFlowLogRecord();
      // Column by column: each inner loop sees one setter and one array kind, which the JIT can inline.
      const reasons = new Array<string | null>(records.length).fill(null);
      for (let c = 0; c < columns.length; c++) assignColumn(columns[c]!.spec, values[c]!, from, records, reasons);
      const out: FlowLogRecord[] = [];
      for (let i = 0; i < records.length; i++) {
        const reason = reasons[i];
        if (reason !== null && reason !== undefined) stats.malformed(path, rowStart + from + i + 1, reason);
        else if (stats.countRecord(records[i]!)) out.push(records[i]!);
      }
      if (out.length > 0) yield out;
    }
    rowStart = rowEnd;
  }
}

async function readRowGroup(
  file: AsyncBuffer,
  metadata: FileMetaData,
  columns: readonly ParquetColumn[],
  rowStart: number,
  rowEnd: number,
  path: string,
): Promise<ArrayLike<unknown>[]> {
  const count = rowEnd - rowStart;
  const values: ArrayLike<unknown>[] = columns.map(() => EMPTY);
  const index = new Map(columns.map((column, i) => [column.name, i]));
  if (columns.length === 0 || count === 0) return values.map(() => new Array<unknown>(count).fill(null));
  try {
    await parquetRead({
      file,
      metadata,
      columns: columns.map((column) => column.name),
      rowStart,
      rowEnd,
      compressors: COMPRESSORS,
      onChunk(chunk) {
        const c = index.get(chunk.columnName);
        if (c === undefined) return;
        // The usual chunk is exactly the row group: use it as is, no copy.
        if (chunk.rowStart === rowStart && chunk.rowEnd === rowEnd && values[c] === EMPTY) {
          values[c] = chunk.columnData;
          return;
        }
        // Otherwise copy the overlap with the requested rows into a column of our own.
        let target = values[c]!;
        if (!Array.isArray(target) || target === EMPTY) {
          const own = new Array<unknown>(count).fill(null);
          for (let i = 0; i < target.length; i++) own[i] = target[i];
          values[c] = target = own;
        }
        const column = target as unknown[];
        const from = Math.max(chunk.rowStart, rowStart);
        const to = Math.min(chunk.rowEnd, rowEnd);
        for (let row = from; row < to; row++) column[row - rowStart] = chunk.columnData[row - chunk.rowStart];
      },
    });
  } catch (error) {
    throw badParquet(path, error);
  }
  // A column hyparquet returned nothing for reads as all unknown.
  return values.map((column) => (column === EMPTY ? new Array<unknown>(count).fill(null) : column));
}

/** Marks a column not delivered yet. */
const EMPTY: unknown[] = [];

function assignColumn(spec: FlowLogFieldSpec, values: ArrayLike<unknown>, offset: number, records: FlowLogRecord[], reasons: (string | null)[]): void {
  const set = spec.set;
  const count = records.length;
  if (spec.kind === 'number') {
    const max = spec.max;
    for (let row = 0; row < count; row++) {
      const value = values[offset + row];
      if (value === null || value === undefined) set(records[row]!, null);
      else if (typeof value === 'number' && value >= 0 && value <= max && Number.isInteger(value)) set(records[row]!, value);
      else if (typeof value === 'bigint' && value >= 0n && value <= BigInt(max)) set(records[row]!, Number(value));
      else reasons[row] ??= assignParquetValue(spec, value, records[row]!);
    }
    return;
  }
  // action and log-status values are checked against their few allowed words.
  const checked = spec.column === 'action' || spec.column === 'log_status';
  for (let row = 0; row < count; row++) {
    const value = values[offset + row];
    if (value === null || value === undefined) set(records[row]!, null);
    else if (!checked && typeof value === 'string' && value !== '-' && value !== '') set(records[row]!, value);
    else reasons[row] ??= assignParquetValue(spec, value, records[row]!);
  }
}

/** Stores one Parquet value; returns null on success or why the row is malformed. */
export function assignParquetValue(spec: FlowLogFieldSpec, value: unknown, record: FlowLogRecord): string | null {
  if (value === null || value === undefined) {
    (record as unknown as Record<string, null>)[spec.column] = null;
    return null;
  }
  if (typeof value === 'string') return assignFlowLogValue(spec, value, record);
  if (spec.kind === 'number' && (typeof value === 'number' || typeof value === 'bigint')) {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0 || n > spec.max) return `${spec.name} is not a valid number: ${String(value)}`;
    (record as unknown as Record<string, number>)[spec.column] = n;
    return null;
  }
  if (spec.kind === 'string' && (typeof value === 'number' || typeof value === 'bigint')) {
    // Account ids are sometimes typed as integers by other tools; they read the same as text.
    return assignFlowLogValue(spec, String(value), record);
  }
  return `${spec.name} has an unexpected Parquet value of type ${typeof value}`;
}

function badParquet(path: string, error: unknown): MirrorscopeError {
  const reason = error instanceof Error ? error.message : String(error);
  return new MirrorscopeError('FLOWLOG_BAD_PARQUET', `${path}: cannot read Parquet flow log: ${reason}`);
}
