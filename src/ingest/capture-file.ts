import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { MirrorscopeError } from '../errors.js';
import { CaptureErrorCode, CaptureFormatError, CaptureStreamReader } from '../../native-free-decoders/index.js';
import type {
  CaptureFormat,
  CaptureInfo,
  CaptureRecord,
  CaptureTail,
} from '../../native-free-decoders/index.js';

export interface CaptureFileOptions {
  /** Read buffer size in bytes (default 4 MiB); it grows only for a single record larger than it. */
  bufferSize?: number;
  /** Stop after this many records (the result then has stopped: true and no tail). */
  maxRecords?: number;
}

export interface CaptureFileResult {
  path: string;
  format: CaptureFormat;
  /** Complete records delivered. */
  records: number;
  /** Bytes read from the file. */
  bytes: number;
  /** The cut-short last record or block, or null when the file ended cleanly (or reading stopped early). */
  truncatedTail: CaptureTail | null;
  /** Distinct link types (normalised) of the file's interfaces. */
  linkTypes: number[];
  /** True when maxRecords ended the read. */
  stopped: boolean;
  info: CaptureInfo;
}

/** Error codes of file-level failures; capture-format problems keep their CaptureErrorCode. */
export const CaptureFileErrorCode = {
  NotFound: 'CAPTURE_NOT_FOUND',
  IsDirectory: 'CAPTURE_IS_DIRECTORY',
  Unreadable: 'CAPTURE_UNREADABLE',
} as const;

/**
 * Reads a classic pcap or pcapng file synchronously in constant memory: one fixed buffer (4 MiB by default) is
 * refilled with readSync and the unconsumed tail carried over. onRecord gets the parser's reused record, valid
 * only during the call. A cut-short last record is returned in truncatedTail; every other problem throws a
 * MirrorscopeError whose message is one line naming the file.
 */
export function readCaptureFile(
  path: string,
  onRecord: (r: CaptureRecord) => void,
  options: CaptureFileOptions = {},
): CaptureFileResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const size = checkedSize(path, () => fstatSync(fd));
    const reader = new CaptureStreamReader(readerOptions(options, size));
    const deliver = limitRecords(reader, onRecord, options.maxRecords);
    let bytes = 0;
    try {
      while (!reader.stopped) {
        const room = reader.writableLength;
        if (room === 0) {
          // The buffer refused to grow: the pending record runs past the end of the file, so the rest is tail.
          reader.discard(size - bytes);
          bytes = size;
          break;
        }
        let n: number;
        try {
          n = readSync(fd, reader.buffer, reader.writeOffset, room, null);
        } catch (error) {
          throw fileError(path, error);
        }
        if (n === 0) break;
        bytes += n;
        reader.commit(n, deliver);
      }
      return finish(path, reader, bytes);
    } catch (error) {
      throw captureError(path, error);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The same as readCaptureFile with asynchronous reads, so a very large file does not hold the event loop for its
 * whole duration (records are still delivered synchronously, one buffer at a time).
 */
export async function readCaptureFileAsync(
  path: string,
  onRecord: (r: CaptureRecord) => void,
  options: CaptureFileOptions = {},
): Promise<CaptureFileResult> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const stat = await handle.stat().catch((error: unknown) => {
      throw fileError(path, error);
    });
    const size = checkedSize(path, () => stat);
    const reader = new CaptureStreamReader(readerOptions(options, size));
    const deliver = limitRecords(reader, onRecord, options.maxRecords);
    let bytes = 0;
    try {
      while (!reader.stopped) {
        const room = reader.writableLength;
        if (room === 0) {
          reader.discard(size - bytes);
          bytes = size;
          break;
        }
        let n: number;
        try {
          ({ bytesRead: n } = await handle.read(reader.buffer, reader.writeOffset, room, null));
        } catch (error) {
          throw fileError(path, error);
        }
        if (n === 0) break;
        bytes += n;
        reader.commit(n, deliver);
      }
      return finish(path, reader, bytes);
    } catch (error) {
      throw captureError(path, error);
    }
  } finally {
    await handle.close();
  }
}

/** The one-line stderr warning for a cut-short capture (the replay still succeeds). */
export function captureTruncationWarning(result: CaptureFileResult): string | null {
  const tail = result.truncatedTail;
  if (tail === null) return null;
  return (
    `${result.path}: capture cut short: the last ${tail.unit} at byte offset ${tail.offset} has ` +
    `${tail.bytesPresent} of ${tail.bytesExpected} bytes; ${tail.completeRecords} complete records processed`
  );
}

interface StatLike {
  isDirectory(): boolean;
  isFile(): boolean;
  size: number;
}

/** Size of a regular file (Infinity for pipes and devices); rejects directories and empty files. */
function checkedSize(path: string, stat: () => StatLike): number {
  let st: StatLike;
  try {
    st = stat();
  } catch (error) {
    throw fileError(path, error);
  }
  if (st.isDirectory()) {
    throw new MirrorscopeError(CaptureFileErrorCode.IsDirectory, `${path}: is a directory, not a pcap or pcapng file`);
  }
  if (!st.isFile()) return Infinity;
  if (st.size === 0) throw new MirrorscopeError(CaptureErrorCode.Empty, `${path}: empty file (0 bytes)`);
  return st.size;
}

function readerOptions(options: CaptureFileOptions, size: number): { bufferSize?: number; inputSize?: number } {
  const out: { bufferSize?: number; inputSize?: number } = {};
  if (options.bufferSize !== undefined) out.bufferSize = options.bufferSize;
  if (Number.isFinite(size)) out.inputSize = size;
  return out;
}

function limitRecords(
  reader: CaptureStreamReader,
  onRecord: (r: CaptureRecord) => void,
  maxRecords: number | undefined,
): (r: CaptureRecord) => void {
  if (maxRecords === undefined) return onRecord;
  if (!Number.isInteger(maxRecords) || maxRecords < 1) {
    throw new MirrorscopeError('CAPTURE_BAD_OPTION', `maxRecords must be a positive integer, got ${maxRecords}`);
  }
  const parser = reader.parser;
  return (r) => {
    onRecord(r);
    if (r.recordNumber >= maxRecords) parser.requestStop();
  };
}

function finish(path: string, reader: CaptureStreamReader, bytes: number): CaptureFileResult {
  const stopped = reader.stopped;
  const truncatedTail = stopped ? null : reader.end();
  const info = reader.parser.info();
  return {
    path,
    // end() threw for an input without a format, so the format is known here.
    format: info.format!,
    records: reader.parser.recordCount,
    bytes,
    truncatedTail,
    linkTypes: info.linkTypes,
    stopped,
    info,
  };
}

/** Converts parser errors to the file-naming MirrorscopeError; anything else (e.g. from onRecord) passes through. */
function captureError(path: string, error: unknown): unknown {
  if (!(error instanceof CaptureFormatError)) return error;
  if (error.code === CaptureErrorCode.Empty) {
    return new MirrorscopeError(error.code, `${path}: empty file (0 bytes)`);
  }
  return new MirrorscopeError(error.code, `${path}: ${error.message}`);
}

function fileError(path: string, error: unknown): MirrorscopeError {
  if (error instanceof MirrorscopeError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new MirrorscopeError(CaptureFileErrorCode.NotFound, `${path}: no such file`);
    case 'ENOTDIR':
      return new MirrorscopeError(CaptureFileErrorCode.NotFound, `${path}: no such file (a parent is not a directory)`);
    case 'EISDIR':
      return new MirrorscopeError(CaptureFileErrorCode.IsDirectory, `${path}: is a directory, not a pcap or pcapng file`);
    case 'EACCES':
    case 'EPERM':
      return new MirrorscopeError(CaptureFileErrorCode.Unreadable, `${path}: permission denied`);
    default:
      return new MirrorscopeError(
        CaptureFileErrorCode.Unreadable,
        `${path}: cannot read (${code ?? (error instanceof Error ? error.message : String(error))})`,
      );
  }
}
