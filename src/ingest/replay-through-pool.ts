import type { CaptureRecord } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';
import { captureTruncationWarning, readCaptureFile } from './capture-file.js';
import type { CaptureFileResult } from './capture-file.js';
import type { PacketPool, PoolStats, WorkerOutput } from './pool-types.js';

export const DEFAULT_REPLAY_TICK_INTERVAL_US = 1_000_000;

export interface ReplayThroughPoolOptions {
  /**
   * Capture time between ticks (default 1 s; 0: none). Ticks follow packet time, never the wall clock, so every
   * sink sees the same ticks whatever the worker count.
   */
  tickIntervalUs?: number;
  /** One-line warnings (cut-short captures). */
  warn?: (line: string) => void;
}

export interface ReplayThroughPoolResult {
  files: CaptureFileResult[];
  /** Outputs the pool collected (none when it was created with onOutput). */
  outputs: WorkerOutput[];
  stats: PoolStats;
  /** Records handed to the pool. */
  records: number;
}

/**
 * Offline replay through a pool: each file in order (fileIndex = its position in paths), every record as read
 * (its own link type, capture timestamp in microseconds, 1-based record number) through the same flow-hash
 * routing as the listener. A full ring makes the reader wait for its worker: replay never drops. Finishes the pool
 * and returns what it produced. File problems throw MirrorscopeError naming the file (the pool is aborted first).
 */
export async function replayThroughPool(
  paths: readonly string[],
  pool: PacketPool,
  options: ReplayThroughPoolOptions = {},
): Promise<ReplayThroughPoolResult> {
  const interval = options.tickIntervalUs ?? DEFAULT_REPLAY_TICK_INTERVAL_US;
  if (!Number.isFinite(interval) || interval < 0) {
    throw new MirrorscopeError('REPLAY_BAD_TICK_INTERVAL', `tick interval must be >= 0 microseconds, got ${interval}`);
  }
  const files: CaptureFileResult[] = [];
  let records = 0;
  let tickBucket = -1;
  try {
    for (let fileIndex = 0; fileIndex < paths.length; fileIndex++) {
      const path = paths[fileIndex]!;
      const onRecord = (r: CaptureRecord): void => {
        const tsUs = r.tsSec * 1_000_000 + Math.floor(r.tsNsec / 1000);
        if (interval > 0) {
          const bucket = Math.floor(tsUs / interval);
          if (bucket > tickBucket) {
            // The first packet only sets the clock: there is nothing to expire before it.
            if (tickBucket >= 0) pool.tick(tsUs);
            tickBucket = bucket;
          }
        }
        pool.push(r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType, tsUs, r.recordNumber, fileIndex);
        records++;
      };
      const result = readCaptureFile(path, onRecord);
      const warning = captureTruncationWarning(result);
      if (warning !== null) options.warn?.(warning);
      files.push(result);
    }
  } catch (error) {
    await pool.abort();
    throw error;
  }
  const { outputs, stats } = await pool.finish();
  return { files, outputs, stats, records };
}
