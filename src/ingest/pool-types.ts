/** One drainOutput() result from a worker's sink, in the order that sink produced them. */
export interface WorkerOutput {
  worker: number;
  /** Starts at 0 and goes up by one each time the worker is restarted with a fresh sink. */
  generation: number;
  /** Per (worker, generation), from 0. */
  seq: number;
  output: unknown;
}

export type PoolEvent =
  | {
      type: 'worker_restarted';
      worker: number;
      /** The new generation. */
      generation: number;
      /** exception: the sink threw; exit: the thread ended without finishing (process.exit, fatal error). */
      reason: 'exception' | 'exit';
      exitCode: number | null;
      error: string | null;
      /** Packets the dead sink had taken: its flow state, and whatever of it had not been output, is gone. */
      packetsLost: number;
      /** Ring records kept for the new sink (not lost). */
      packetsQueued: number;
    }
  | {
      /** Restarted too often too fast: the worker stays down and its packets are dropped (reason worker_failed). */
      type: 'worker_failed';
      worker: number;
      error: string | null;
      packetsLost: number;
    };

/**
 * overload: the worker's ring was full (live input only). worker_failed: the worker was given up. oversize: a record
 * longer than half a ring (never with the default 16 MiB rings and 64 KiB datagrams).
 */
export const DROP_REASONS = ['overload', 'worker_failed', 'oversize'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface PoolStats {
  /** Shards (workers, or 1 in-thread). */
  workers: number;
  threaded: boolean;
  /** Packets accepted for a sink, per worker. */
  accepted: number[];
  dropped: Record<DropReason, number>;
  restarts: number;
  /** Sum of packetsLost over restarts and failures. */
  packetsLost: number;
}

export interface PoolFinishResult {
  /** Outputs not handed to onOutput (all of them when no onOutput was given), in arrival order. */
  outputs: WorkerOutput[];
  stats: PoolStats;
}

export interface PacketPoolOptions {
  /** File URL (or absolute path) of an ES module exporting `createPacketSink: PacketSinkFactory`. */
  sinkModule: string;
  /** Structured-cloneable; handed to createPacketSink in every worker. */
  sinkConfig?: unknown;
  /** 0 or 1: one sink in the calling thread; N > 1: N worker threads. */
  workers: number;
  /** Force worker threads even for workers: 1 (a thread for the pipeline, the caller's for the socket). */
  threads?: boolean;
  /** Data area of each worker's ring, bytes (default 16 MiB, at least 256 KiB): the memory bound of the backlog. */
  ringBytes?: number;
  /** UDP ports the dispatcher's decoder treats as VXLAN / GENEVE besides 4789 / 6081; give the sink the same. */
  vxlanPorts?: readonly number[];
  genevePorts?: readonly number[];
  /** Receives each output as it arrives; without it they are collected and returned by finish(). */
  onOutput?: (output: WorkerOutput) => void;
  onEvent?: (event: PoolEvent) => void;
  /** A worker drains its sink's output at least this often while busy (default 100 ms). */
  drainIntervalMs?: number;
  /** Restarts of one worker within restartWindowMs beyond which it is given up (default 10 in 10 s). */
  maxRestarts?: number;
  restartWindowMs?: number;
  /**
   * A blocking push (replay) gives up with WORKER_STALLED when a full ring's worker shows no sign of life for this
   * long (default 60 s): a thread that died without running its exit hooks cannot be noticed while the caller
   * holds the event loop.
   */
  stallTimeoutMs?: number;
}

/** One worker's answer to PacketPool.reload. */
export interface WorkerReloadResult {
  worker: number;
  ok: boolean;
  /** One line, when ok is false. */
  error?: string;
  /** What the sink reported (rules loaded), when it did. */
  loaded?: number;
}

/**
 * Where packets go after the socket or the capture reader: routed by the symmetric route hash (mirror source, host
 * pair, protocol) to one of `workerCount` sinks, so both directions of a flow, and every fragment of a datagram,
 * meet in one sink.
 */
export interface PacketPool {
  readonly workerCount: number;
  readonly threaded: boolean;
  /** The worker a packet belongs to (decodes it). */
  workerFor(bytes: Uint8Array, offset: number, captureLength: number, wireLength: number, linkType: number): number;
  /** Never blocks: false when the worker's ring is full (counted as dropped, reason overload). For live input. */
  offer(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    recordNumber: number,
    fileIndex: number,
  ): boolean;
  /** Waits (blocking the thread, with backoff) until the ring has room: offline input never drops. */
  push(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    recordNumber: number,
    fileIndex: number,
  ): void;
  /** Time has reached nowUs: every sink gets tick(nowUs) after the packets already queued for it. */
  tick(nowUs: number): void;
  stats(): PoolStats;
  /**
   * A new sink configuration (rule reload) for every worker, in its packet stream: after the packets already queued
   * for it, before those offered later. Resolves with each worker's answer (sink.reload), by worker index; a worker
   * that was given up answers ok:false. A worker restarted later builds its sink from the last configuration it
   * took successfully. Rejects with POOL_CLOSED once finishing or aborted.
   */
  reload(config: unknown): Promise<WorkerReloadResult[]>;
  /** End of input: every queued packet is processed, every sink finished, its final output delivered. */
  finish(): Promise<PoolFinishResult>;
  /** Stops at once without finishing (errors, tests). */
  abort(): Promise<void>;
}
