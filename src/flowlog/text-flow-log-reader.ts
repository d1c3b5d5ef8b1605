import type { FlowLogRecord } from './flow-log-record.js';
import type { FlowLogInputKind, FlowLogReadStats } from './flow-log-read-stats.js';
import { FlowLogLineParser } from './flow-log-line-parser.js';
import type { FlowLogReadOptions } from './flow-log-line-parser.js';

/**
 * A CloudWatch Logs export to S3 prefixes each event with its ISO-8601 timestamp:
 * `2015-05-10T12:01:16.000Z 2 123456789010 eni-... OK`.
 */
const CLOUDWATCH_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** A line longer than this is not a flow-log record; it is skipped without holding it all in memory. */
export const MAX_LINE_BYTES = 1 << 20;

const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Sink for the bytes of one input; shared shape of the text and CloudWatch JSON readers. */
export interface TextInputReader {
  readonly kind: FlowLogInputKind;
  /** Consumes the next chunk of the input; complete records are pushed to `out`. */
  push(chunk: Buffer, out: FlowLogRecord[]): void;
  /** The input ended: the last line without a newline is still a line. */
  end(out: FlowLogRecord[]): void;
}

/**
 * Reads a text flow log (S3 delivery, header first) or a CloudWatch Logs text export (timestamp before
 * each record, no header) from bytes that arrive in arbitrary chunks. Lines are parsed in place in the
 * chunk; only a line split across two chunks is copied. Memory is one chunk plus one line.
 */
export class TextFlowLogReader implements TextInputReader {
  kind: FlowLogInputKind = 'text';
  private readonly parser: FlowLogLineParser;
  private carry: Buffer | null = null;
  private skippingLongLine = false;
  private lineNumber = 0;
  private decided = false;

  constructor(
    private readonly file: string,
    private readonly stats: FlowLogReadStats,
    options: FlowLogReadOptions = {},
  ) {
    this.parser = new FlowLogLineParser(file, stats, options);
  }

  push(chunk: Buffer, out: FlowLogRecord[]): void {
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    if (this.carry !== null || this.skippingLongLine) {
      if (newline < 0) {
        this.append(chunk);
        return;
      }
      if (this.skippingLongLine) this.longLine();
      else {
        const line = Buffer.concat([this.carry!, chunk.subarray(0, newline)]);
        this.line(line, 0, line.length, out);
      }
      this.carry = null;
      this.skippingLongLine = false;
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    while (newline >= 0) {
      this.line(chunk, start, newline, out);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  end(out: FlowLogRecord[]): void {
    if (this.skippingLongLine) this.longLine();
    else if (this.carry !== null) this.line(this.carry, 0, this.carry.length, out);
    this.carry = null;
    this.skippingLongLine = false;
  }

  private append(bytes: Buffer): void {
    if (this.skippingLongLine) return;
    // Copy: holding a subarray would keep the whole previous chunk alive.
    this.carry = this.carry === null ? Buffer.from(bytes) : Buffer.concat([this.carry, bytes]);
    if (this.carry.length > MAX_LINE_BYTES) {
      this.carry = null;
      this.skippingLongLine = true;
    }
  }

  private longLine(): void {
    this.lineNumber++;
    this.stats.malformed(this.file, this.lineNumber, `line longer than ${MAX_LINE_BYTES} bytes`);
  }

  private line(bytes: Buffer, start: number, end: number, out: FlowLogRecord[]): void {
    this.lineNumber++;
    if (!this.decided) {
      // A UTF-8 byte-order mark (from an editor) is not part of the header.
      if (this.lineNumber === 1 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
      const token = firstToken(bytes, start, end);
      if (token === null) return;
      this.decided = true;
      if (CLOUDWATCH_TIMESTAMP.test(token)) this.kind = 'cloudwatch-text';
    }
    if (this.kind === 'cloudwatch-text') {
      const token = firstToken(bytes, start, end);
      if (token === null) return;
      if (!CLOUDWATCH_TIMESTAMP.test(token)) {
        this.stats.malformed(this.file, this.lineNumber, 'expected a CloudWatch timestamp before the record');
        return;
      }
      while (bytes[start] === SPACE || bytes[start] === TAB) start++;
      start += token.length;
    }
    this.parser.parse(bytes, start, end, this.lineNumber, out);
  }
}

/** The first whitespace-delimited token as ASCII text (timestamps are short), or null for a blank line. */
function firstToken(bytes: Buffer, start: number, end: number): string | null {
  while (start < end && (bytes[start] === SPACE || bytes[start] === TAB || bytes[start] === 0x0d)) start++;
  if (start === end) return null;
  let stop = start;
  while (stop < end && stop - start < 40 && bytes[stop] !== SPACE && bytes[stop] !== TAB && bytes[stop] !== 0x0d) stop++;
  return bytes.toString('latin1', start, stop);
}
