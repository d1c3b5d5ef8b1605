import { closeSync, createWriteStream, openSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { Type, Writer } from 'protobufjs';
import { MirrorscopeError } from '../../errors.js';
import type { FlowLogRecord } from '../../flowlog/index.js';
import type { AlertMessageInput, MirrorscopeEventInput, StatsMessageInput } from './protobuf-event.js';
import { loadProtobufjs, mirrorscopeEventType } from './protobuf-schema.js';

export interface ProtobufEventWriterOptions {
  /** Encoded bytes gathered before they are handed to the file stream; default 64 KiB. */
  readonly flushBytes?: number;
}

/**
 * Writes a length-delimited (varint-prefixed) stream of `mirrorscope.Event` to a file. Messages are encoded into
 * one reused protobufjs Writer (`encodeDelimited`, then `finish()` + `reset()` per batch) and the batches go to
 * a file stream; `close()` flushes everything and resolves once the file is complete.
 */
export class ProtobufEventWriter {
  private readonly stream: WriteStream;
  private readonly flushBytes: number;
  private failure: MirrorscopeError | null = null;
  private closing: Promise<void> | null = null;
  private count = 0;
  // Reused envelopes: the oneof member is swapped in per write, so a write allocates no wrapper object.
  private readonly alertEnvelope: { alert: unknown } = { alert: null };
  private readonly flowLogEnvelope: { flow_log: unknown } = { flow_log: null };
  private readonly statsEnvelope: { stats: unknown } = { stats: null };

  private constructor(
    readonly path: string,
    fd: number,
    private readonly type: Type,
    private readonly writer: Writer,
    options: ProtobufEventWriterOptions,
  ) {
    this.flushBytes = options.flushBytes ?? 64 * 1024;
    this.stream = createWriteStream(path, { fd, highWaterMark: 1 << 20 });
    this.stream.on('error', (error) => {
      this.failure ??= writeError(path, error);
    });
  }

  /**
   * Creates (or truncates) `path`. Failing to open it rejects with a one-line MirrorscopeError naming the file.
   * Async because protobufjs is loaded here, on first use (protobuf-schema.ts).
   */
  static async open(path: string, options: ProtobufEventWriterOptions = {}): Promise<ProtobufEventWriter> {
    const [protobuf, type] = await Promise.all([loadProtobufjs(), mirrorscopeEventType()]);
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (error) {
      throw writeError(path, error);
    }
    try {
      return new ProtobufEventWriter(path, fd, type, protobuf.Writer.create(), options);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Events accepted so far. */
  get eventsWritten(): number {
    return this.count;
  }

  /** True while the file stream holds more than its buffer: a producer that can wait should await `drained()`. */
  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
  }

  drained(): Promise<void> {
    if (!this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }

  write(event: MirrorscopeEventInput): void {
    if ('alert' in event) this.writeAlert(event.alert);
    else if ('flow_log' in event) this.writeFlowLog(event.flow_log);
    else this.writeStats(event.stats);
  }

  writeAlert(alert: AlertMessageInput): void {
    this.alertEnvelope.alert = withoutBigints(alert);
    this.encode(this.alertEnvelope);
    this.alertEnvelope.alert = null;
  }

  writeFlowLog(record: FlowLogRecord): void {
    this.flowLogEnvelope.flow_log = record;
    this.encode(this.flowLogEnvelope);
    this.flowLogEnvelope.flow_log = null;
  }

  writeStats(stats: StatsMessageInput): void {
    this.statsEnvelope.stats = typeof stats.timestamp_us === 'bigint' ? { ...stats, timestamp_us: stats.timestamp_us.toString() } : stats;
    this.encode(this.statsEnvelope);
    this.statsEnvelope.stats = null;
  }

  /** Hands the encoded bytes gathered so far to the file stream. */
  flush(): void {
    if (this.writer.len === 0) return;
    const bytes = this.writer.finish();
    this.writer.reset();
    this.stream.write(bytes);
  }

  /** Flushes, closes the file and resolves when it is on disk; rejects with the first write error. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      const settle = (): void => (this.failure === null ? resolve() : reject(this.failure));
      if (this.stream.closed) {
        settle();
        return;
      }
      // 'close' comes after the last write and the fd's close, and also after a failure destroyed the stream.
      this.stream.once('close', settle);
      if (this.failure === null) this.flush();
      this.stream.end();
    });
    return this.closing;
  }

  private encode(envelope: object): void {
    if (this.failure !== null) throw this.failure;
    if (this.closing !== null) throw new MirrorscopeError('PROTOBUF_CLOSED', `${this.path}: write after close`);
    this.type.encodeDelimited(envelope, this.writer);
    this.count++;
    if (this.writer.len >= this.flushBytes) this.flush();
  }
}

/**
 * protobufjs writes a bigint in an int64 field as 0 without complaint; a decimal string goes through Long exactly.
 * Only the alert's 64-bit members can carry one; the common case returns the object itself.
 */
function withoutBigints(alert: AlertMessageInput): unknown {
  if (typeof alert.flow_id !== 'bigint' && typeof alert.timestamp_us !== 'bigint' && typeof alert.pcap_cnt !== 'bigint') {
    return alert;
  }
  const copy: Record<string, unknown> = { ...alert };
  for (const key of ['flow_id', 'timestamp_us', 'pcap_cnt'] as const) {
    const value = alert[key];
    if (typeof value === 'bigint') copy[key] = value.toString();
  }
  return copy;
}

function writeError(path: string, error: unknown): MirrorscopeError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const detail =
    code === 'ENOENT'
      ? 'no such directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'ENOSPC'
            ? 'no space left on device'
            : error instanceof Error
              ? error.message.split('\n')[0]
              : String(error);
  return new MirrorscopeError('PROTOBUF_WRITE', `cannot write ${path}: ${detail}`);
}
