import { MirrorscopeError } from '../errors.js';
import type { PacketSink, PacketSinkFactory } from '../pipeline/packet-sink.js';
import type { DropReason, PacketPool, PacketPoolOptions, PoolFinishResult, PoolStats, WorkerOutput, WorkerReloadResult } from './pool-types.js';
import { describeError, loadSinkFactory } from './sink-loader.js';

/** In-thread, output is drained at least every this many packets (and on every tick) to bound what a sink holds. */
const DRAIN_EVERY_PACKETS = 65536;
const DEFAULT_MAX_RESTARTS = 10;
const DEFAULT_RESTART_WINDOW_MS = 10_000;

/**
 * The pool without threads (workers 0 or 1): one sink called directly by the caller, no copies, no rings. It keeps
 * the threaded pool's contract (outputs with worker/generation/seq, restart of a sink that throws, the same stats)
 * so replay and listen produce the same results either way.
 */
export class InThreadPool implements PacketPool {
  readonly workerCount = 1;
  readonly threaded = false;
  private readonly options: PacketPoolOptions;
  private readonly factory: PacketSinkFactory;
  private sink: PacketSink | null;
  private generation = 0;
  private seq = 0;
  private sinkPackets = 0;
  private sinceDrain = 0;
  private accepted = 0;
  private restarts = 0;
  private packetsLost = 0;
  private restartTimes: number[] = [];
  private readonly dropped: Record<DropReason, number> = { overload: 0, worker_failed: 0, oversize: 0 };
  private readonly collected: WorkerOutput[] = [];
  private closed = false;
  /** What a replacement sink is built from: the start configuration, then the last one a reload applied. */
  private sinkConfig: unknown;

  static async start(options: PacketPoolOptions): Promise<InThreadPool> {
    const factory = await loadSinkFactory(options.sinkModule);
    let sink: PacketSink;
    try {
      sink = factory(options.sinkConfig, 0, 1);
    } catch (error) {
      throw new MirrorscopeError('SINK_START_FAILED', `worker 0: ${describeError(error)}`);
    }
    return new InThreadPool(options, factory, sink);
  }

  private constructor(options: PacketPoolOptions, factory: PacketSinkFactory, sink: PacketSink) {
    this.options = options;
    this.factory = factory;
    this.sink = sink;
    this.sinkConfig = options.sinkConfig;
  }

  workerFor(): number {
    return 0;
  }

  offer(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    recordNumber: number,
    fileIndex: number,
  ): boolean {
    this.push(bytes, offset, captureLength, wireLength, linkType, tsUs, recordNumber, fileIndex);
    return this.sink !== null;
  }

  push(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    recordNumber: number,
    fileIndex: number,
  ): void {
    if (this.closed) throw new MirrorscopeError('POOL_CLOSED', 'packet pool is finishing or closed: no more packets');
    const sink = this.sink;
    if (sink === null) {
      this.dropped.worker_failed++;
      return;
    }
    this.accepted++;
    this.sinkPackets++;
    try {
      sink.packet(bytes, offset, captureLength, wireLength, linkType, tsUs, recordNumber, fileIndex);
      if (++this.sinceDrain >= DRAIN_EVERY_PACKETS) this.drain(sink);
    } catch (error) {
      this.replaceSink(error);
    }
  }

  tick(nowUs: number): void {
    if (this.closed) throw new MirrorscopeError('POOL_CLOSED', 'packet pool is finishing or closed: no more packets');
    const sink = this.sink;
    if (sink === null) return;
    try {
      sink.tick(nowUs);
      this.drain(sink);
    } catch (error) {
      this.replaceSink(error);
    }
  }

  /** Synchronous here: every packet pushed so far has already been through the sink. */
  async reload(config: unknown): Promise<WorkerReloadResult[]> {
    if (this.closed) throw new MirrorscopeError('POOL_CLOSED', 'packet pool is finishing or closed: no reload');
    const sink = this.sink;
    if (sink === null) return [{ worker: 0, ok: false, error: 'worker failed' }];
    if (sink.reload === undefined) return [{ worker: 0, ok: false, error: 'this sink does not support reload' }];
    // Output so far was produced under the old configuration: hand it on before switching.
    try {
      this.drain(sink);
    } catch (error) {
      this.replaceSink(error);
      return [{ worker: 0, ok: false, error: describeError(error) }];
    }
    let answer: { ok: boolean; error?: string; loaded?: number };
    try {
      answer = sink.reload(config);
    } catch (error) {
      answer = { ok: false, error: describeError(error).split('\n', 1)[0]! };
    }
    if (answer.ok) this.sinkConfig = config;
    return [{ worker: 0, ...answer }];
  }

  stats(): PoolStats {
    return {
      workers: 1,
      threaded: false,
      accepted: [this.accepted],
      dropped: { ...this.dropped },
      restarts: this.restarts,
      packetsLost: this.packetsLost,
    };
  }

  async finish(): Promise<PoolFinishResult> {
    if (!this.closed) {
      this.closed = true;
      const sink = this.sink;
      if (sink !== null) {
        try {
          sink.finish();
          this.drain(sink);
        } catch (error) {
          // Nothing is left to hand a fresh sink: what the broken one held is lost.
          this.replaceSink(error);
        }
      }
    }
    return { outputs: this.collected.splice(0), stats: this.stats() };
  }

  async abort(): Promise<void> {
    this.closed = true;
    this.sink = null;
  }

  private drain(sink: PacketSink): void {
    this.sinceDrain = 0;
    const output = sink.drainOutput();
    if (output === undefined || output === null) return;
    const out: WorkerOutput = { worker: 0, generation: this.generation, seq: this.seq++, output };
    if (this.options.onOutput !== undefined) this.options.onOutput(out);
    else this.collected.push(out);
  }

  private replaceSink(error: unknown): void {
    const lost = this.sinkPackets;
    this.packetsLost += lost;
    this.sinkPackets = 0;
    this.sinceDrain = 0;
    const now = Date.now();
    const window = this.options.restartWindowMs ?? DEFAULT_RESTART_WINDOW_MS;
    this.restartTimes = this.restartTimes.filter((t) => now - t < window);
    this.restartTimes.push(now);
    let next: PacketSink | null = null;
    let failure: string | null = null;
    if (this.restartTimes.length <= (this.options.maxRestarts ?? DEFAULT_MAX_RESTARTS)) {
      try {
        next = this.factory(this.sinkConfig, 0, 1);
      } catch (factoryError) {
        failure = describeError(factoryError);
      }
    }
    this.sink = next;
    if (next === null) {
      this.options.onEvent?.({ type: 'worker_failed', worker: 0, error: failure ?? describeError(error), packetsLost: lost });
      return;
    }
    this.restarts++;
    this.generation++;
    this.seq = 0;
    this.options.onEvent?.({
      type: 'worker_restarted',
      worker: 0,
      generation: this.generation,
      reason: 'exception',
      exitCode: null,
      error: describeError(error),
      packetsLost: lost,
      packetsQueued: 0,
    });
  }
}
