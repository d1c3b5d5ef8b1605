import { StringDecoder } from 'node:string_decoder';
import { MirrorscopeError } from '../errors.js';
import type { FlowLogRecord } from './flow-log-record.js';
import type { FlowLogInputKind, FlowLogReadStats } from './flow-log-read-stats.js';
import { FlowLogLineParser } from './flow-log-line-parser.js';
import type { FlowLogReadOptions } from './flow-log-line-parser.js';
import type { TextInputReader } from './text-flow-log-reader.js';

/**
 * Reads CloudWatch Logs events whose `message` is a flow-log record. Accepted shapes:
 * - one JSON object per line (`{"timestamp":..,"message":".."}`), or per line an object holding an
 *   `events` / `logEvents` array (CLI pages, subscription payloads);
 * - one document: an array of events, or `{"events":[...]}` as `aws logs filter-log-events` and
 *   `get-log-events` print it (pretty-printed over many lines).
 * Line-per-object input streams in constant memory; a single document has to be held whole to parse it.
 */
export class CloudWatchExportReader implements TextInputReader {
  readonly kind: FlowLogInputKind = 'cloudwatch-json';
  private readonly parser: FlowLogLineParser;
  private mode: 'undecided' | 'lines' | 'document' = 'undecided';
  private carry = '';
  private lineNumber = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly file: string,
    private readonly stats: FlowLogReadStats,
    options: FlowLogReadOptions = {},
  ) {
    this.parser = new FlowLogLineParser(file, stats, options);
  }

  push(chunk: Buffer, out: FlowLogRecord[]): void {
    this.pushText(this.decoder.write(chunk), out);
  }

  private pushText(text: string, out: FlowLogRecord[]): void {
    if (this.mode === 'document') {
      this.carry += text;
      return;
    }
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf('\n', start)) >= 0) {
      const line = this.carry + text.slice(start, newline);
      this.carry = '';
      start = newline + 1;
      if (this.mode === 'undecided' && !this.decide(line)) {
        this.carry = line + '\n' + text.slice(start);
        return;
      }
      this.jsonLine(line, out);
    }
    this.carry += text.slice(start);
  }

  end(out: FlowLogRecord[]): void {
    this.pushText(this.decoder.end(), out);
    const rest = this.carry;
    this.carry = '';
    if (this.mode === 'document' || (this.mode === 'undecided' && !this.decide(rest))) {
      this.document(rest, out);
    } else if (rest.trim().length > 0) {
      this.jsonLine(rest, out);
    }
  }

  /** The first line decides: a complete event object means one object per line, else one document. */
  private decide(line: string): boolean {
    if (line.trim().length === 0) return true;
    const value = tryParse(line);
    if (value !== undefined && isObject(value) && (typeof value['message'] === 'string' || eventArray(value) !== null)) {
      this.mode = 'lines';
      return true;
    }
    this.mode = 'document';
    return false;
  }

  private jsonLine(raw: string, out: FlowLogRecord[]): void {
    this.lineNumber++;
    if (raw.trim().length === 0) return;
    const value = tryParse(raw);
    if (value === undefined || !isObject(value)) {
      this.stats.malformed(this.file, this.lineNumber, 'not a JSON object');
      return;
    }
    const events = eventArray(value);
    if (events === null) {
      this.message(value, this.lineNumber, out);
      return;
    }
    for (const event of events) this.message(event, this.lineNumber, out);
  }

  private document(text: string, out: FlowLogRecord[]): void {
    const value = tryParse(text);
    const events = value === undefined ? null : Array.isArray(value) ? value : isObject(value) ? eventArray(value) : null;
    if (events === null) {
      throw new MirrorscopeError(
        'FLOWLOG_UNKNOWN_FORMAT',
        `${this.file}: JSON but not a CloudWatch Logs export (expected events with a "message" per line, an array of events, or {"events":[...]})`,
      );
    }
    for (let i = 0; i < events.length; i++) this.message(events[i], i + 1, out);
  }

  private message(event: unknown, position: number, out: FlowLogRecord[]): void {
    const message = isObject(event) ? event['message'] : undefined;
    if (typeof message !== 'string') {
      this.stats.malformed(this.file, position, 'CloudWatch event without a string "message"');
      return;
    }
    // A message is one record; a multi-line message would be odd, but each line is read if so.
    const bytes = Buffer.from(message, 'utf8');
    let start = 0;
    let newline: number;
    while ((newline = bytes.indexOf(0x0a, start)) >= 0) {
      this.parser.parse(bytes, start, newline, position, out);
      start = newline + 1;
    }
    this.parser.parse(bytes, start, bytes.length, position, out);
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function eventArray(value: Record<string, unknown>): unknown[] | null {
  const events = value['events'] ?? value['logEvents'];
  return Array.isArray(events) ? events : null;
}
