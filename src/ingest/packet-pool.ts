import { MirrorscopeError } from '../errors.js';
import { InThreadPool } from './in-thread-pool.js';
import type { PacketPool, PacketPoolOptions } from './pool-types.js';
import { WorkerPool } from './worker-pool.js';

/** Most worker threads accepted; more than the cores only adds contention. */
export const MAX_WORKERS = 256;

/**
 * Starts the pool the options ask for: in the calling thread for workers 0 or 1 (unless threads is set), worker
 * threads otherwise. Resolves once every sink is built; bad options or a sink that cannot be built reject with a
 * MirrorscopeError.
 */
export async function createPacketPool(options: PacketPoolOptions): Promise<PacketPool> {
  const n = options.workers;
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKERS) {
    throw new MirrorscopeError('POOL_BAD_WORKERS', `workers must be an integer from 0 to ${MAX_WORKERS}, got ${n}`);
  }
  for (const p of [...(options.vxlanPorts ?? []), ...(options.genevePorts ?? [])]) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new MirrorscopeError('POOL_BAD_PORT', `not a UDP port: ${p}`);
  }
  const threads = options.threads ?? n > 1;
  if (!threads || n === 0) return InThreadPool.start(options);
  return WorkerPool.start(options, n);
}
