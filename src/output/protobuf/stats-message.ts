import { flattenEveStats } from '../../ops/index.js';
import type { EveStatsEvent } from '../../ops/index.js';
import type { StatsMessageInput } from './protobuf-event.js';

/** An EVE stats event as a Stats message: its numeric leaves under dotted names (string leaves are not kept). */
export function statsMessageFromEve(event: EveStatsEvent, timestampMicros: number | bigint): StatsMessageInput {
  return { timestamp: event.timestamp, timestamp_us: timestampMicros, values: flattenEveStats(event.stats) };
}
