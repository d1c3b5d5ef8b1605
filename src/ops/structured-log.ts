/**
 * Operational events as JSON lines on stderr (`{"timestamp":..,"level":"info","event":"worker_restarted",...}`),
 * for log shippers, or as short text lines for a person at a terminal. stdout stays for results.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'text', 'auto'] as const;
/** `auto`: text when the stream is a terminal, JSON otherwise. */
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogFields = Readonly<Record<string, unknown>>;

export interface LogStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface StructuredLoggerOptions {
  readonly format?: LogFormat;
  /** Events below this level are skipped; default `info`. */
  readonly level?: LogLevel;
  /** Default process.stderr. */
  readonly stream?: LogStream;
  /** Default the wall clock; injectable for tests. */
  readonly now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESERVED = new Set(['timestamp', 'level', 'event']);
const TEXT_LEVEL: Record<LogLevel, string> = { debug: 'debug', info: 'info', warn: 'warning', error: 'error' };

export class StructuredLogger {
  readonly format: 'json' | 'text';
  readonly level: LogLevel;
  private readonly minRank: number;
  private readonly stream: LogStream;
  private readonly now: () => Date;

  constructor(
    options: StructuredLoggerOptions = {},
    /** Fields written on every line of this logger (see `child`). */
    private readonly bound: LogFields = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    const format = options.format ?? 'auto';
    this.format = format === 'auto' ? (this.stream.isTTY === true ? 'text' : 'json') : format;
    this.level = options.level ?? 'info';
    this.minRank = RANK[this.level];
    this.now = options.now ?? (() => new Date());
  }

  isEnabled(level: LogLevel): boolean {
    return RANK[level] >= this.minRank;
  }

  debug(event: string, fields?: LogFields): void {
    this.log('debug', event, fields);
  }

  info(event: string, fields?: LogFields): void {
    this.log('info', event, fields);
  }

  warn(event: string, fields?: LogFields): void {
    this.log('warn', event, fields);
  }

  error(event: string, fields?: LogFields): void {
    this.log('error', event, fields);
  }

  log(level: LogLevel, event: string, fields: LogFields = {}): void {
    if (RANK[level] < this.minRank) return;
    this.stream.write(this.format === 'json' ? this.jsonLine(level, event, fields) : this.textLine(level, event, fields));
  }

  /** A logger that adds `fields` to every line (e.g. `{worker: 3}`), sharing stream, format and level. */
  child(fields: LogFields): StructuredLogger {
    return new StructuredLogger(
      { format: this.format, level: this.level, stream: this.stream, now: this.now },
      { ...this.bound, ...fields },
    );
  }

  private jsonLine(level: LogLevel, event: string, fields: LogFields): string {
    const record: Record<string, unknown> = { timestamp: this.now().toISOString(), level, event };
    copyFields(record, this.bound);
    copyFields(record, fields);
    try {
      return JSON.stringify(record, jsonValue) + '\n';
    } catch {
      // A circular structure in someone's fields must not lose the event itself.
      return JSON.stringify({ timestamp: record.timestamp, level, event, fields_error: 'unserializable fields' }) + '\n';
    }
  }

  private textLine(level: LogLevel, event: string, fields: LogFields): string {
    let line = `mirrorscope: ${TEXT_LEVEL[level]}: ${event}`;
    const record: Record<string, unknown> = {};
    copyFields(record, this.bound);
    copyFields(record, fields);
    for (const key of Object.keys(record)) line += ` ${key}=${textValue(record[key])}`;
    return line + '\n';
  }
}

export function createLogger(options: StructuredLoggerOptions = {}): StructuredLogger {
  return new StructuredLogger(options);
}

/** Field names that would overwrite the envelope are kept, under a `field_` prefix. */
function copyFields(into: Record<string, unknown>, fields: LogFields): void {
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined) continue;
    into[RESERVED.has(key) ? `field_${key}` : key] = value;
  }
}

function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    const code = (value as NodeJS.ErrnoException).code;
    return code === undefined ? { message: value.message } : { message: value.message, code };
  }
  return value;
}

function textValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value instanceof Error) return quoteIfNeeded(value.message);
  if (typeof value === 'string') return quoteIfNeeded(value);
  try {
    return JSON.stringify(value, jsonValue) ?? String(value);
  } catch {
    return '[unserializable]';
  }
}

function quoteIfNeeded(text: string): string {
  return text.length > 0 && /^[^\s"=\\]+$/.test(text) ? text : JSON.stringify(text);
}
