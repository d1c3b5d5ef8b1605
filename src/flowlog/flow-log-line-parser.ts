import { MirrorscopeError } from '../errors.js';
import { emptyFlowLogRecord } from './flow-log-record.js';
import type { FlowLogRecord } from './flow-log-record.js';
import type { FlowLogReadStats } from './flow-log-read-stats.js';
import { DEFAULT_FLOW_LOG_FORMAT, flowLogField } from './vpc-flow-log-fields.js';
import type { FlowLogFieldSpec, FlowLogFormat } from './vpc-flow-log-fields.js';

export interface FlowLogReadOptions {
  /**
   * Field order for inputs without a header line (CloudWatch Logs exports) whose records do not have the
   * 14 fields of the default format. Without it such a file is an error: its field order is unknowable.
   */
  headerlessFormat?: FlowLogFormat;
}

/** More fields than AWS has ever defined; a longer line is not a record. */
export const MAX_FIELDS = 128;

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const DASH = 0x2d;
const FIELD_NAME = /^[a-z][a-z0-9_-]*$/;

/**
 * Token boundaries of one line, found once into preallocated arrays so that a line costs no allocation
 * beyond the record and its string values.
 */
export class FlowLogTokens {
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  count = 0;

  /** Splits [start, end) on runs of spaces/tabs. Returns false when there are more than MAX_FIELDS tokens. */
  split(bytes: Uint8Array, start: number, end: number): boolean {
    let count = 0;
    let i = start;
    while (i < end) {
      while (i < end && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
      if (i === end) break;
      if (count === MAX_FIELDS) return false;
      this.starts[count] = i;
      while (i < end && bytes[i] !== SPACE && bytes[i] !== TAB) i++;
      this.ends[count] = i;
      count++;
    }
    this.count = count;
    return true;
  }

  text(bytes: Uint8Array, index: number): string {
    return decode(bytes, this.starts[index]!, this.ends[index]!);
  }
}

/**
 * Fills `record` from the tokens of one line laid out as `fields` (a null entry is a column this reader
 * does not know, and is skipped). Returns null on success, or why the line is malformed.
 */
export function assignFlowLogTokenBytes(
  bytes: Uint8Array,
  tokens: FlowLogTokens,
  fields: readonly (FlowLogFieldSpec | null)[],
  record: FlowLogRecord,
  strings: RepeatedStrings | null = null,
): string | null {
  if (tokens.count !== fields.length) return `expected ${fields.length} fields, found ${tokens.count}`;
  const starts = tokens.starts;
  const ends = tokens.ends;
  for (let i = 0; i < fields.length; i++) {
    const spec = fields[i];
    if (spec == null) continue;
    const start = starts[i]!;
    const end = ends[i]!;
    if (end - start === 1 && bytes[start] === DASH) {
      spec.set(record, null);
      continue;
    }
    if (spec.kind === 'number') {
      const value = parseUnsignedBytes(bytes, start, end);
      if (value < 0 || value > spec.max) return `${spec.name} is not a valid number: "${clip(bytes, start, end)}"`;
      spec.set(record, value);
      continue;
    }
    if (spec.column === 'action') {
      const action = end - start === 6 ? (equals(bytes, start, 'ACCEPT') ? 'ACCEPT' : equals(bytes, start, 'REJECT') ? 'REJECT' : null) : null;
      if (action === null) return `action must be ACCEPT or REJECT, found "${clip(bytes, start, end)}"`;
      spec.set(record, action);
      continue;
    }
    if (spec.column === 'log_status') {
      const status = statusOf(bytes, start, end);
      if (status === null) return `log-status must be OK, NODATA or SKIPDATA, found "${clip(bytes, start, end)}"`;
      spec.set(record, status);
      continue;
    }
    spec.set(record, strings === null ? decode(bytes, start, end) : strings.get(i, bytes, start, end));
  }
  return null;
}

const CACHED_STRING_BYTES = 64;

/**
 * Remembers the last string decoded per column. Account, interface, VPC, subnet, region and similar
 * columns repeat from line to line; comparing a few bytes is cheaper than allocating the string again,
 * and repeated values then share one string in memory.
 */
export class RepeatedStrings {
  private readonly bytes: Uint8Array[] = [];
  private readonly lengths: number[] = [];
  private readonly strings: string[] = [];

  get(column: number, source: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > CACHED_STRING_BYTES) return decode(source, start, end);
    let cached = this.bytes[column];
    if (cached === undefined) {
      cached = new Uint8Array(CACHED_STRING_BYTES);
      this.bytes[column] = cached;
      this.lengths[column] = -1;
    }
    if (this.lengths[column] === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (cached[i] !== source[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.strings[column]!;
    }
    const text = decode(source, start, end);
    cached.set(source.subarray(start, end));
    this.lengths[column] = length;
    this.strings[column] = text;
    return text;
  }
}

/**
 * Turns record lines of one input into records: learns the field order from a header line (any version,
 * any order, and again if a later header appears, as in concatenated files), or assumes the default order
 * for a header-less input. Malformed lines become warnings; NODATA/SKIPDATA are counted, not emitted.
 */
export class FlowLogLineParser {
  private fields: readonly (FlowLogFieldSpec | null)[] | null = null;
  private readonly tokens = new FlowLogTokens();
  private strings = new RepeatedStrings();

  constructor(
    private readonly file: string,
    private readonly stats: FlowLogReadStats,
    private readonly options: FlowLogReadOptions = {},
  ) {}

  /** Parses the line in bytes [start, end) (without its newline or any CloudWatch timestamp). */
  parse(bytes: Uint8Array, start: number, end: number, line: number, out: FlowLogRecord[]): void {
    while (end > start && (bytes[end - 1] === CR || bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
    const tokens = this.tokens;
    if (!tokens.split(bytes, start, end)) {
      this.stats.malformed(this.file, line, `more than ${MAX_FIELDS} fields`);
      return;
    }
    if (tokens.count === 0) return;
    // Only a line starting with a lowercase letter can be a header; records of the default format start with a digit.
    const first = bytes[tokens.starts[0]!]!;
    if (first >= 0x61 && first <= 0x7a && this.tryHeader(bytes, line)) return;
    const assumed = this.fields === null;
    const fields = this.fields ?? this.assumeFields(bytes, line);
    const record = emptyFlowLogRecord();
    const reason = assignFlowLogTokenBytes(bytes, tokens, fields, record, this.strings);
    if (reason !== null) {
      if (assumed) {
        // No header and the first line is not a record either: this is some other kind of file.
        throw new MirrorscopeError('FLOWLOG_UNKNOWN_FORMAT', `${this.file}: not a VPC Flow Log file (line ${line} is neither a header nor a record: ${reason})`);
      }
      this.stats.malformed(this.file, line, reason);
      return;
    }
    if (this.stats.countRecord(record)) out.push(record);
  }

  /** A header names fields: its first token is a known field and every token looks like a field name. */
  private tryHeader(bytes: Uint8Array, line: number): boolean {
    const tokens = this.tokens;
    if (flowLogField(tokens.text(bytes, 0)) === undefined) return false;
    const names: string[] = [];
    for (let i = 0; i < tokens.count; i++) {
      const name = tokens.text(bytes, i);
      if (!FIELD_NAME.test(name)) return false;
      names.push(name);
    }
    const seen = new Set<FlowLogFieldSpec>();
    this.strings = new RepeatedStrings();
    this.fields = names.map((name) => {
      const spec = flowLogField(name);
      if (spec === undefined) {
        // Newer AWS fields (reject-reason, encryption-status, ...) should not make a whole file unreadable.
        this.stats.warn(this.file, line, `unknown field "${name}" in header; its values are ignored`);
        return null;
      }
      if (seen.has(spec)) {
        this.stats.warn(this.file, line, `field "${name}" repeated in header; the later column is ignored`);
        return null;
      }
      seen.add(spec);
      return spec;
    });
    return true;
  }

  private assumeFields(bytes: Uint8Array, line: number): readonly FlowLogFieldSpec[] {
    const count = this.tokens.count;
    const custom = this.options.headerlessFormat;
    const format = custom !== undefined && custom.fields.length === count ? custom : count === DEFAULT_FLOW_LOG_FORMAT.fields.length ? DEFAULT_FLOW_LOG_FORMAT : null;
    if (format === null && !/^\d+$/.test(this.tokens.text(bytes, 0))) {
      throw new MirrorscopeError('FLOWLOG_UNKNOWN_FORMAT', `${this.file}: not a VPC Flow Log file (line ${line} is neither a header nor a record)`);
    }
    if (format === null) {
      throw new MirrorscopeError(
        'FLOWLOG_NO_HEADER',
        `${this.file}:${line}: no header line, and records have ${count} fields, not the ${DEFAULT_FLOW_LOG_FORMAT.fields.length} of the default format: the field order is unknown`,
      );
    }
    this.fields = format.fields;
    return format.fields;
  }
}

/** Decimal digits only (AWS writes no signs, fractions or exponents); -1 when not a safe integer. */
function parseUnsignedBytes(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 0 || n > 16) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value <= Number.MAX_SAFE_INTEGER ? value : -1;
}

function statusOf(bytes: Uint8Array, start: number, end: number): 'OK' | 'NODATA' | 'SKIPDATA' | null {
  const n = end - start;
  if (n === 2) return equals(bytes, start, 'OK') ? 'OK' : null;
  if (n === 6) return equals(bytes, start, 'NODATA') ? 'NODATA' : null;
  if (n === 8) return equals(bytes, start, 'SKIPDATA') ? 'SKIPDATA' : null;
  return null;
}

/** Compares bytes with an ASCII word without building a string. */
function equals(bytes: Uint8Array, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (bytes[start + i] !== word.charCodeAt(i)) return false;
  return true;
}

function clip(bytes: Uint8Array, start: number, end: number): string {
  return end - start > 40 ? decode(bytes, start, start + 40) + '...' : decode(bytes, start, end);
}

const decoder = new TextDecoder();

interface Utf8Slicer {
  utf8Slice?: (start: number, end: number) => string;
}

/**
 * Buffer's native utf8Slice skips the argument handling of toString(), which showed up at ~12% of a text
 * ingest profile; fall back to toString() should a future Node drop it.
 */
const HAS_UTF8_SLICE = typeof (Buffer.prototype as Utf8Slicer).utf8Slice === 'function';

function decode(bytes: Uint8Array, start: number, end: number): string {
  if (!Buffer.isBuffer(bytes)) return decoder.decode(bytes.subarray(start, end));
  return HAS_UTF8_SLICE ? (bytes as Utf8Slicer).utf8Slice!(start, end) : bytes.toString('utf8', start, end);
}
