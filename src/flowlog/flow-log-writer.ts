import { WriteStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { MirrorscopeError } from '../errors.js';
import type { FlowLogRecord } from './flow-log-record.js';
import { formatFlowLogLine } from './flow-log-text.js';
import { DEFAULT_FLOW_LOG_FORMAT, parseFlowLogFormat } from './vpc-flow-log-fields.js';
import type { FlowLogFormat } from './vpc-flow-log-fields.js';

export interface FlowLogWriterOptions {
  /** An AWS format string or a parsed format; default: the AWS default (version 2) format. */
  format?: string | FlowLogFormat;
  /** Gzip the output; default: when the path ends in `.gz` (always false for a stream unless set). */
  gzip?: boolean;
  /** Write the header line of field names first, as AWS does; default true. */
  header?: boolean;
}

export interface FlowLogStreamOptions extends FlowLogWriterOptions {
  /** End `output` on close(); default true. Pass false for process.stdout. */
  endOutput?: boolean;
}

/** Text batches up to this size are handed to the stream at once: one write call per ~64 KiB, not per line. */
const FLUSH_CHARS = 64 * 1024;

/**
 * Appends flow-log records in AWS text format as aggregation windows close, then flushes everything,
 * gzip trailer included, on close(). write() is synchronous; when it returns false the stream is
 * backed up and a producer that can wait should `await drain()` before writing more.
 */
export class FlowLogWriter {
  readonly format: FlowLogFormat;
  /** Where records go, for error messages: the path, or `<stream>`. */
  readonly target: string;
  private readonly sink: Writable;
  private readonly output: Writable;
  private readonly endOutput: boolean;
  private pending = '';
  private records = 0;
  private closed = false;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  /** Creates (truncates) `path` and writes the header; throws MirrorscopeError if the file cannot be created. */
  static async open(path: string, options: FlowLogWriterOptions = {}): Promise<FlowLogWriter> {
    const file = createWriteStream(path);
    try {
      await once(file, 'open');
    } catch (error) {
      throw new MirrorscopeError('FLOWLOG_WRITE_FAILED', `cannot create flow log file ${path}: ${describe(error)}`);
    }
    const gzip = options.gzip ?? path.endsWith('.gz');
    return new FlowLogWriter(file, { ...options, gzip, endOutput: true }, path);
  }

  constructor(output: Writable, options: FlowLogStreamOptions = {}, target = '<stream>') {
    const format = options.format ?? DEFAULT_FLOW_LOG_FORMAT;
    this.format = typeof format === 'string' ? parseFlowLogFormat(format) : format;
    this.target = target;
    this.output = output;
    this.endOutput = options.endOutput ?? true;
    const remember = (error: Error): void => {
      this.failure ??= error;
    };
    output.on('error', remember);
    if (options.gzip === true) {
      const gzip = createGzip();
      gzip.on('error', remember);
      gzip.pipe(output, { end: this.endOutput });
      this.sink = gzip;
    } else {
      this.sink = output;
    }
    if (options.header ?? true) this.pending = this.format.header + '\n';
  }

  get recordsWritten(): number {
    return this.records;
  }

  /** Appends one record. Returns false when the caller should `await drain()` before writing more. */
  write(record: FlowLogRecord): boolean {
    this.assertOpen();
    this.pending += formatFlowLogLine(record, this.format) + '\n';
    this.records++;
    if (this.pending.length < FLUSH_CHARS) return true;
    return this.flushPending();
  }

  /** Appends records in order; resolves once the stream can take more. */
  async writeAll(records: Iterable<FlowLogRecord>): Promise<void> {
    for (const record of records) {
      if (!this.write(record)) await this.drain();
    }
  }

  /**
   * Hands buffered records to the file now (a live target calls this as each window closes, so records do not wait
   * for 64 KiB of text); a gzip file gets a sync flush, so what is written so far decompresses.
   */
  flush(): void {
    this.assertOpen();
    this.flushPending();
    const sink = this.sink as Writable & { flush?: (cb?: () => void) => void };
    if (sink !== this.output && typeof sink.flush === 'function') sink.flush();
  }

  /** Resolves when buffered text has been taken by the stream (rejects if writing failed). */
  async drain(): Promise<void> {
    this.assertOpen();
    this.flushPending();
    if (this.sink.writableNeedDrain) await once(this.sink, 'drain');
    this.throwIfFailed();
  }

  /** Writes everything still buffered, ends the gzip member and the file, and resolves when it is on disk. */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    this.throwIfFailed();
    this.flushPending();
    this.closed = true;
    const gzipped = this.sink !== this.output;
    // A file is on disk once its descriptor is closed; other streams only promise 'finish'.
    const outputDone = this.output instanceof WriteStream ? 'close' : 'finish';
    const done = this.endOutput ? settled(this.output, outputDone) : gzipped ? settled(this.sink, 'end') : null;
    if (gzipped || this.endOutput) this.sink.end();
    if (done !== null) await done;
    this.throwIfFailed();
  }

  private flushPending(): boolean {
    if (this.pending.length === 0) return !this.sink.writableNeedDrain;
    const text = this.pending;
    this.pending = '';
    return this.sink.write(text);
  }

  private assertOpen(): void {
    if (this.closed) throw new MirrorscopeError('FLOWLOG_WRITER_CLOSED', `flow log writer for ${this.target} is closed`);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) {
      throw new MirrorscopeError('FLOWLOG_WRITE_FAILED', `cannot write flow log ${this.target}: ${describe(this.failure)}`);
    }
  }
}

/** Resolves on `event` or on error, which the writer has already recorded and reports itself. */
function settled(stream: Writable, event: string): Promise<void> {
  return new Promise((resolve) => {
    stream.once(event, () => resolve());
    stream.once('error', () => resolve());
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
