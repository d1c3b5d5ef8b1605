import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { AsyncBuffer } from 'hyparquet';
import { MirrorscopeError } from '../errors.js';
import { CloudWatchExportReader } from './cloudwatch-export-reader.js';
import { expandFlowLogInputs, unreadable } from './flow-log-inputs.js';
import type { FlowLogReadOptions } from './flow-log-line-parser.js';
import type { FlowLogRecord } from './flow-log-record.js';
import type { FlowLogReadStats } from './flow-log-read-stats.js';
import { TextFlowLogReader } from './text-flow-log-reader.js';
import type { TextInputReader } from './text-flow-log-reader.js';

/** Bytes per disk read: large enough that per-read overhead vanishes, small enough to stay in cache. */
const READ_CHUNK = 256 * 1024;
/** A NUL this early means binary data, not a flow log. */
const BINARY_SNIFF_BYTES = 4096;

/**
 * Every flow (not NODATA/SKIPDATA) of the given files and directories, in path order, as the files say.
 * Input kinds are told apart by content: gzip, Parquet, text with or without a header, CloudWatch Logs
 * exports (JSON events or timestamped text). Malformed lines are warnings in `stats`. Throws
 * MirrorscopeError (one line, naming the path) for a missing or unreadable path, for a named file that is
 * not a flow log, and for a header-less file whose field order cannot be known; unrecognised files found
 * inside a directory are skipped with a warning instead.
 */
export async function* readFlowLogs(
  paths: readonly string[],
  stats: FlowLogReadStats,
  options: FlowLogReadOptions = {},
): AsyncGenerator<FlowLogRecord> {
  for await (const batch of readFlowLogBatches(paths, stats, options)) yield* batch;
}

/** readFlowLogs in batches (one per read chunk or Parquet row group): fewer awaits for fast consumers. */
export async function* readFlowLogBatches(
  paths: readonly string[],
  stats: FlowLogReadStats,
  options: FlowLogReadOptions = {},
): AsyncGenerator<FlowLogRecord[]> {
  for (const input of await expandFlowLogInputs(paths)) {
    try {
      yield* readFlowLogFile(input.path, stats, options);
    } catch (error) {
      if (!input.explicit && error instanceof MirrorscopeError && error.code === 'FLOWLOG_UNKNOWN_FORMAT') {
        stats.filesSkipped++;
        stats.warn(input.path, 0, 'not a VPC Flow Log file; skipped');
        continue;
      }
      throw error;
    }
  }
}

/** The flows of one file, in batches. */
export async function* readFlowLogFile(
  path: string,
  stats: FlowLogReadStats,
  options: FlowLogReadOptions = {},
): AsyncGenerator<FlowLogRecord[]> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const size = (await handle.stat()).size;
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead === 4 && isParquet(head)) {
      yield* readParquet(handleBuffer(handle, size, stats), path, stats);
      countFile(stats, 'parquet', false);
      return;
    }
    const gzip = bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    yield* readStream(handle, path, gzip, stats, options);
  } finally {
    await handle.close();
  }
}

async function* readStream(
  handle: FileHandle,
  path: string,
  gzip: boolean,
  stats: FlowLogReadStats,
  options: FlowLogReadOptions,
): AsyncGenerator<FlowLogRecord[]> {
  const raw = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK, autoClose: false });
  let chunks: AsyncIterable<Buffer> = raw;
  if (gzip) {
    raw.on('data', (chunk: string | Buffer) => {
      stats.bytesRead += chunk.length;
    });
    const gunzip = createGunzip({ chunkSize: 64 * 1024 });
    // pipeline carries a read error of the file into the gunzip stream, so the loop below sees it.
    chunks = pipeline(raw, gunzip, () => {});
  }
  let reader: TextInputReader | null = null;
  let parquetBytes: Buffer[] | null = null;
  let first = true;
  try {
    for await (const chunk of chunks) {
      if (!gzip) stats.bytesRead += chunk.length;
      if (first) {
        first = false;
        if (gzip && chunk.length >= 4 && isParquet(chunk)) parquetBytes = [];
        else if (chunk.subarray(0, BINARY_SNIFF_BYTES).includes(0)) throw notFlowLog(path, 'binary data');
      }
      if (parquetBytes !== null) {
        parquetBytes.push(chunk);
        continue;
      }
      if (reader === null) {
        // Leading whitespace tells nothing; the first other byte decides between JSON and text.
        const at = firstNonSpace(chunk);
        if (at < 0) continue;
        const json = chunk[at] === 0x7b || chunk[at] === 0x5b; // '{' or '['
        reader = json ? new CloudWatchExportReader(path, stats, options) : new TextFlowLogReader(path, stats, options);
      }
      const out: FlowLogRecord[] = [];
      reader.push(chunk, out);
      if (out.length > 0) yield out;
    }
  } catch (error) {
    if (error instanceof MirrorscopeError) throw error;
    if (gzip && isZlibError(error)) {
      // A cut-short download still holds good records; keep them, say what happened, drop the partial line.
      stats.warn(path, 0, `gzip data is cut short or corrupt (${(error as Error).message}); records before it were read`);
      countFile(stats, reader?.kind ?? 'text', gzip);
      return;
    }
    throw unreadable(path, error);
  }
  if (parquetBytes !== null) {
    const whole = Buffer.concat(parquetBytes);
    parquetBytes = null;
    const buffer = whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength);
    yield* readParquet(buffer, path, stats);
    countFile(stats, 'parquet', gzip);
    return;
  }
  const out: FlowLogRecord[] = [];
  if (reader === null) {
    // Nothing but whitespace (or nothing at all): an empty text flow log.
    countFile(stats, 'text', gzip);
    return;
  }
  reader.end(out);
  if (out.length > 0) yield out;
  countFile(stats, reader.kind, gzip);
}

/** hyparquet is some thirty modules: it is loaded with the first Parquet file rather than on every start. */
async function* readParquet(file: AsyncBuffer, path: string, stats: FlowLogReadStats): AsyncGenerator<FlowLogRecord[]> {
  const { readParquetFlowLog } = await import('./parquet-flow-log-reader.js');
  yield* readParquetFlowLog(file, path, stats);
}

function countFile(stats: FlowLogReadStats, kind: TextInputReader['kind'], gzip: boolean): void {
  stats.filesRead++;
  stats.filesByKind[kind]++;
  if (gzip) stats.gzipFiles++;
}

function firstNonSpace(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return i;
  }
  return -1;
}

function isParquet(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function notFlowLog(path: string, what: string): MirrorscopeError {
  return new MirrorscopeError('FLOWLOG_UNKNOWN_FORMAT', `${path}: not a VPC Flow Log file (${what})`);
}

/** Random access for hyparquet over an open file: it reads the footer first, then one row group at a time. */
function handleBuffer(handle: FileHandle, size: number, stats: FlowLogReadStats): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const length = Math.max(0, stop - start);
      const bytes = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(bytes, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      stats.bytesRead += done;
      return bytes.buffer;
    },
  };
}
