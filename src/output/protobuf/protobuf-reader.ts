import { createReadStream } from 'node:fs';
import type { Type } from 'protobufjs';
import { MirrorscopeError } from '../../errors.js';
import { emptyFlowLogRecord } from '../../flowlog/index.js';
import type { FlowLogRecord } from '../../flowlog/index.js';
import type { AlertMessage, Int64Value, MirrorscopeEvent, StatsMessage } from './protobuf-event.js';
import { mirrorscopeEventType } from './protobuf-schema.js';

/** No event we write comes near this; a larger length prefix means the file is not our stream. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Streams a length-delimited `mirrorscope.Event` file and yields each event as a plain object (see
 * protobuf-event.ts): absent optional alert members are left out, absent flow-log fields are null, 64-bit values
 * are numbers (decimal strings above 2^53). A file cut inside a message or its length prefix throws, after the
 * complete events, a MirrorscopeError naming the file and the byte offset where the cut message starts.
 */
export async function* readProtobufEvents(path: string): AsyncGenerator<MirrorscopeEvent, void, undefined> {
  const type = await mirrorscopeEventType();
  let pending: Buffer = Buffer.alloc(0);
  /** File offset of pending[0]. */
  let base = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let pos = 0;
      for (;;) {
        const frame = readFrame(pending, pos, path, base);
        if (frame === null) break;
        yield decodeEvent(type, pending.subarray(frame.start, frame.end), path, base + pos);
        pos = frame.end;
      }
      base += pos;
      pending = pending.subarray(pos);
    }
  } catch (error) {
    throw readError(path, error);
  } finally {
    stream.destroy();
  }
  if (pending.length > 0) {
    const prefix = readVarint(pending, 0);
    const detail =
      prefix === null
        ? `its length prefix is incomplete (${pending.length} byte${pending.length === 1 ? '' : 's'})`
        : `${prefix.value} bytes announced, ${pending.length - prefix.next} present`;
    throw new MirrorscopeError('PROTOBUF_TRUNCATED', `${path}: truncated message at byte offset ${base}: ${detail}`);
  }
}

/** The bounds of the next complete message at `pos`, or null when more bytes are needed. */
function readFrame(buf: Buffer, pos: number, path: string, base: number): { start: number; end: number } | null {
  if (pos >= buf.length) return null;
  const prefix = readVarint(buf, pos);
  if (prefix === null) {
    if (buf.length - pos >= 10) {
      throw new MirrorscopeError('PROTOBUF_BAD_FRAME', `${path}: bad length prefix at byte offset ${base + pos}`);
    }
    return null;
  }
  if (prefix.value > MAX_MESSAGE_BYTES) {
    throw new MirrorscopeError(
      'PROTOBUF_BAD_FRAME',
      `${path}: length prefix at byte offset ${base + pos} announces ${prefix.value} bytes: not a mirrorscope Protobuf stream`,
    );
  }
  const end = prefix.next + prefix.value;
  return end <= buf.length ? { start: prefix.next, end } : null;
}

/** A base-128 varint at `pos`, or null if the buffer ends (or 10 bytes pass) before its last byte. */
function readVarint(buf: Buffer, pos: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    scale *= 128;
  }
  return null;
}

function decodeEvent(type: Type, bytes: Uint8Array, path: string, offset: number): MirrorscopeEvent {
  let object: Record<string, unknown>;
  try {
    object = type.toObject(type.decode(bytes), { longs: String, defaults: true }) as Record<string, unknown>;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new MirrorscopeError('PROTOBUF_BAD_MESSAGE', `${path}: malformed message at byte offset ${offset}: ${detail}`);
  }
  if (object.alert != null) return { alert: alertFrom(object.alert as Record<string, unknown>) };
  if (object.flow_log != null) return { flow_log: flowLogFrom(object.flow_log as Record<string, unknown>) };
  if (object.stats != null) return { stats: statsFrom(object.stats as Record<string, unknown>) };
  throw new MirrorscopeError('PROTOBUF_BAD_MESSAGE', `${path}: event at byte offset ${offset} holds no alert, flow_log or stats`);
}

const ALERT_INT64 = new Set(['timestamp_us', 'flow_id', 'pcap_cnt']);
const FLOW_LOG_INT64 = new Set(['packets', 'bytes', 'start', 'end']);

function alertFrom(raw: Record<string, unknown>): AlertMessage {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (value === null || value === undefined) continue;
    if (ALERT_INT64.has(key)) out[key] = int64(value);
    else if (key === 'flow_log') out[key] = flowLogFrom(value as Record<string, unknown>);
    else out[key] = value;
  }
  return out as unknown as AlertMessage;
}

function flowLogFrom(raw: Record<string, unknown>): FlowLogRecord {
  const record = emptyFlowLogRecord() as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (value === null || value === undefined || !(key in record)) continue;
    record[key] = FLOW_LOG_INT64.has(key) ? int64(value) : value;
  }
  return record as unknown as FlowLogRecord;
}

function statsFrom(raw: Record<string, unknown>): StatsMessage {
  return {
    timestamp: raw.timestamp as string,
    timestamp_us: int64(raw.timestamp_us),
    values: (raw.values ?? {}) as Record<string, number>,
  };
}

/** protobufjs gives 64-bit values as decimal strings here; numbers where that is exact. */
function int64(value: unknown): Int64Value {
  if (typeof value === 'number') return value;
  const text = String(value);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function readError(path: string, error: unknown): unknown {
  if (error instanceof MirrorscopeError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new MirrorscopeError('PROTOBUF_NOT_FOUND', `file not found: ${path}`);
  if (code === 'EISDIR') return new MirrorscopeError('PROTOBUF_READ', `${path}: is a directory`);
  if (code === 'EACCES') return new MirrorscopeError('PROTOBUF_READ', `cannot read ${path}: permission denied`);
  return error;
}
