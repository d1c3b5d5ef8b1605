import { once } from 'node:events';
import { nestEveStats } from '../../ops/index.js';
import { eveFromAlertMessage, knownFlowLogFields } from './eve-alert-message.js';
import type { MirrorscopeEvent } from './protobuf-event.js';
import { readProtobufEvents } from './protobuf-reader.js';

export interface JsonLinesSink {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * `mirrorscope decode-protobuf FILE`: every event as one JSON line in EVE's shape: alerts as EVE alert objects,
 * stats as an EVE stats event, flow-log records as `{"event_type":"flow_log", <known fields>}`.
 * Resolves to the number of events written; a truncated file rejects (after writing the complete events) with
 * the reader's MirrorscopeError naming file and offset.
 */
export async function decodeProtobufFileToJsonLines(path: string, out: JsonLinesSink): Promise<number> {
  let count = 0;
  for await (const event of readProtobufEvents(path)) {
    if (!out.write(JSON.stringify(eveJsonOf(event)) + '\n')) await once(out as unknown as NodeJS.EventEmitter, 'drain');
    count++;
  }
  return count;
}

/** The EVE-style JSON object for one decoded event. */
export function eveJsonOf(event: MirrorscopeEvent): Record<string, unknown> {
  if ('alert' in event) return eveFromAlertMessage(event.alert);
  if ('flow_log' in event) return { event_type: 'flow_log', ...knownFlowLogFields(event.flow_log) };
  return { timestamp: event.stats.timestamp, event_type: 'stats', stats: nestEveStats(event.stats.values) };
}
