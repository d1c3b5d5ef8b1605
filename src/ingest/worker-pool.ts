import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { MirrorscopeError } from '../errors.js';
import { FlowDispatcher } from './flow-dispatcher.js';
import { PacketRing, RELOAD_LINK_TYPE } from './packet-ring.js';
import type {
  DropReason,
  PacketPool,
  PacketPoolOptions,
  PoolEvent,
  PoolFinishResult,
  PoolStats,
  WorkerOutput,
  WorkerReloadResult,
} from './pool-types.js';
import { sinkModuleUrl } from './sink-loader.js';
import { Command, Control, Phase, WorkerState } from './worker-messages.js';
import type { WorkerInit, WorkerMessage } from './worker-messages.js';

export const DEFAULT_RING_BYTES = 16 << 20;
/** Room for two of the largest framed datagrams, so any datagram fits in an empty ring. */
export const MIN_RING_BYTES = 256 << 10;
export const DEFAULT_DRAIN_INTERVAL_MS = 100;
const DEFAULT_MAX_RESTARTS = 10;
const DEFAULT_RESTART_WINDOW_MS = 10_000;
const DEFAULT_STALL_TIMEOUT_MS = 60_000;
/** Longest single sleep of a blocked push; short so a crashed worker is noticed quickly. */
const MAX_PUSH_WAIT_MS = 20;
/** How often reload records that met a full ring are tried again. */
const BACKLOG_RETRY_MS = 5;
/**
 * Live input wakes a sleeping worker at most this long after the first packet it is owed, or at once when an eighth
 * of its ring waits. A wake is a futex call and two context switches (measured at tens of microseconds on a 2-vCPU
 * VM, where the woken worker also takes the core from the thread reading the socket); waking once per event-loop
 * turn cost more than the packets. Batched, a worker wakes at most ~1000 times a second.
 */
const WAKE_DELAY_MS = 1;
const WORKER_YOUNG_GENERATION_MB = 96;
const WAKE_AT_RING_FRACTION_SHIFT = 3;

/**
 * The compiled worker entry. Beside this module when it runs from dist/; when it runs from source (vitest, tsx)
 * the dist/ copy, since worker threads cannot load TypeScript on Node 20.
 */
export function workerEntryUrl(): URL {
  const sibling = new URL('./worker-entry.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const here = fileURLToPath(import.meta.url);
  const marker = `${'/'}src${'/'}ingest${'/'}`;
  const at = here.lastIndexOf(marker);
  if (at >= 0) {
    const dist = `${here.slice(0, at)}/dist/src/ingest/worker-entry.js`;
    if (existsSync(dist)) return pathToFileURL(dist);
  }
  throw new MirrorscopeError('WORKER_ENTRY_MISSING', `compiled worker entry not found beside ${here}: run npm run build`);
}

interface Slot {
  readonly index: number;
  readonly ring: PacketRing;
  readonly controlBuffer: SharedArrayBuffer;
  readonly control: Int32Array;
  worker: Worker | null;
  generation: number;
  accepted: number;
  failed: boolean;
  finished: boolean;
  restartTimes: number[];
  lastError: string | null;
  resolveFinished: () => void;
  finishedPromise: Promise<void>;
  /** What a new worker of this slot builds its sink from: the start configuration, then the last reload it took. */
  config: unknown;
  /**
   * Reload records not yet in the ring (it was full). Nothing is pushed behind them until they are in, so a reload
   * stays between the packets before it and those after it.
   */
  backlog: Array<{ id: number; bytes: Uint8Array }>;
  /** Records this pool pushed into the slot's ring (packets, ticks, reloads): with the ring's queue, what was taken. */
  pushes: number;
  /** Unanswered reloads: id -> value of `pushes` once its record was in the ring (0 while in the backlog). */
  reloadsAt: Map<number, number>;
}

interface PendingReload {
  config: unknown;
  results: Array<WorkerReloadResult | undefined>;
  remaining: number;
  resolve: (results: WorkerReloadResult[]) => void;
}

/**
 * N long-lived worker threads, one SPSC ring each, packets routed by flow hash. The calling thread is the only
 * producer of every ring. Supervision: a worker that throws or exits early is replaced by a fresh one on the same
 * ring (queued packets are kept; the dead sink's state is counted as lost and reported through onEvent).
 */
export class WorkerPool implements PacketPool {
  readonly workerCount: number;
  readonly threaded = true;
  private readonly options: PacketPoolOptions;
  private readonly sinkUrl: string;
  private readonly entry: URL;
  private readonly slots: Slot[] = [];
  private readonly dispatcher: FlowDispatcher;
  private readonly collected: WorkerOutput[] = [];
  private readonly dropped: Record<DropReason, number> = { overload: 0, worker_failed: 0, oversize: 0 };
  private restarts = 0;
  private packetsLost = 0;
  private finishing: Promise<PoolFinishResult> | null = null;
  private aborted = false;
  private started = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  /** Live input: owed wakes, delivered together (set up once, so offer allocates no closure). */
  private readonly flushWakes = (): void => {
    this.wakeTimer = null;
    for (const slot of this.slots) slot.ring.flushWake();
  };
  private readonly drainIntervalMs: number;
  private readonly stallTimeoutMs: number;
  private nextReloadId = 1;
  private readonly reloads = new Map<number, PendingReload>();
  private backlogTimer: NodeJS.Timeout | null = null;

  /** Starts the workers and resolves once every sink is built; rejects (MirrorscopeError) when one cannot be. */
  static async start(options: PacketPoolOptions, workers: number): Promise<WorkerPool> {
    const pool = new WorkerPool(options, workers);
    try {
      await Promise.all(pool.slots.map((slot) => pool.awaitReady(slot)));
      pool.started = true;
    } catch (error) {
      await pool.abort();
      throw error;
    }
    return pool;
  }

  private constructor(options: PacketPoolOptions, workers: number) {
    this.options = options;
    this.workerCount = workers;
    this.sinkUrl = sinkModuleUrl(options.sinkModule);
    this.entry = workerEntryUrl();
    this.dispatcher = new FlowDispatcher(workers, options.vxlanPorts, options.genevePorts);
    this.drainIntervalMs = options.drainIntervalMs ?? DEFAULT_DRAIN_INTERVAL_MS;
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    const ringBytes = options.ringBytes ?? DEFAULT_RING_BYTES;
    if (!Number.isInteger(ringBytes) || ringBytes < MIN_RING_BYTES || ringBytes > 1 << 30) {
      throw new MirrorscopeError('POOL_BAD_RING_BYTES', `ring size must be an integer from ${MIN_RING_BYTES} to 2^30 bytes, got ${ringBytes}`);
    }
    for (let i = 0; i < workers; i++) {
      const controlBuffer = new SharedArrayBuffer(Control.WORDS * 4);
      let resolveFinished!: () => void;
      const finishedPromise = new Promise<void>((resolve) => (resolveFinished = resolve));
      const slot: Slot = {
        index: i,
        ring: PacketRing.create(ringBytes),
        controlBuffer,
        control: new Int32Array(controlBuffer),
        worker: null,
        generation: 0,
        accepted: 0,
        failed: false,
        finished: false,
        restartTimes: [],
        lastError: null,
        resolveFinished,
        finishedPromise,
        config: options.sinkConfig,
        backlog: [],
        pushes: 0,
        reloadsAt: new Map(),
      };
      this.slots.push(slot);
      this.spawn(slot);
    }
  }

  workerFor(bytes: Uint8Array, offset: number, captureLength: number, wireLength: number, linkType: number): number {
    return this.dispatcher.workerFor(bytes, offset, captureLength, wireLength, linkType);
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
    this.checkOpen();
    const slot = this.slots[this.dispatcher.workerFor(bytes, offset, captureLength, wireLength, linkType)]!;
    if (slot.failed) {
      this.dropped.worker_failed++;
      return false;
    }
    if (captureLength > slot.ring.maxRecordLength) {
      this.dropped.oversize++;
      return false;
    }
    slot.ring.deferWake = true;
    if ((slot.backlog.length > 0 && !this.flushBacklog(slot)) || !slot.ring.tryPush(bytes, offset, captureLength, wireLength, linkType, tsUs, recordNumber, fileIndex)) {
      this.dropped.overload++;
      return false;
    }
    const owed = slot.ring.pendingWakeBytes;
    if (owed >= slot.ring.capacity >>> WAKE_AT_RING_FRACTION_SHIFT) slot.ring.flushWake();
    else if (owed > 0 && this.wakeTimer === null) this.wakeTimer = setTimeout(this.flushWakes, WAKE_DELAY_MS);
    slot.pushes++;
    slot.accepted++;
    return true;
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
    this.checkOpen();
    const slot = this.slots[this.dispatcher.workerFor(bytes, offset, captureLength, wireLength, linkType)]!;
    if (captureLength > slot.ring.maxRecordLength) {
      this.dropped.oversize++;
      return;
    }
    slot.ring.deferWake = false;
    slot.ring.flushWake();
    let waitMs = 1;
    let beat = -1;
    let lastSign = 0;
    for (;;) {
      if (slot.failed) {
        this.dropped.worker_failed++;
        return;
      }
      if (
        (slot.backlog.length === 0 || this.flushBacklog(slot)) &&
        slot.ring.tryPush(bytes, offset, captureLength, wireLength, linkType, tsUs, recordNumber, fileIndex)
      ) {
        break;
      }
      // The caller holds the event loop, so worker exits are seen here through the control block, not events.
      const state = Atomics.load(slot.control, Control.STATE);
      if (state === WorkerState.Crashed || state === WorkerState.Exited) {
        this.restart(slot, state === WorkerState.Crashed ? 'exception' : 'exit', null);
        waitMs = 1;
        continue;
      }
      const now = Date.now();
      const heartbeat = Atomics.load(slot.control, Control.HEARTBEAT);
      if (heartbeat !== beat || lastSign === 0) {
        beat = heartbeat;
        lastSign = now;
      } else if (now - lastSign > this.stallTimeoutMs) {
        throw new MirrorscopeError(
          'WORKER_STALLED',
          `worker ${slot.index} has not taken a packet for ${Math.round((now - lastSign) / 1000)} s`,
        );
      }
      slot.ring.waitForSpace(waitMs);
      waitMs = Math.min(waitMs * 2, MAX_PUSH_WAIT_MS);
    }
    slot.pushes++;
    slot.accepted++;
  }

  tick(nowUs: number): void {
    this.checkOpen();
    // Through the rings, so a sink's clock never runs ahead of packets still queued for it. A full ring skips the
    // tick: the packets in it carry later times anyway.
    for (const slot of this.slots) {
      if (slot.failed) continue;
      if (slot.backlog.length > 0 && !this.flushBacklog(slot)) continue;
      if (slot.ring.tryPushTick(nowUs)) slot.pushes++;
      slot.ring.flushWake();
    }
  }

  async reload(config: unknown): Promise<WorkerReloadResult[]> {
    this.checkOpen();
    // Structured clone into bytes: the record rides the ring, so it keeps its place among the packets.
    const bytes = serialize(config);
    const id = this.nextReloadId;
    this.nextReloadId = (this.nextReloadId + 1) >>> 0 || 1;
    const done = new Promise<WorkerReloadResult[]>((resolve) => {
      this.reloads.set(id, { config, results: new Array(this.workerCount).fill(undefined), remaining: this.workerCount, resolve });
    });
    for (const slot of this.slots) {
      if (slot.failed) {
        this.settleReload(id, slot, { worker: slot.index, ok: false, error: 'worker failed' });
      } else if (bytes.length > slot.ring.maxRecordLength) {
        this.settleReload(id, slot, { worker: slot.index, ok: false, error: `reload configuration too large (${bytes.length} bytes)` });
      } else {
        slot.reloadsAt.set(id, 0);
        slot.backlog.push({ id, bytes });
        this.flushBacklog(slot);
      }
    }
    if (this.slots.some((s) => s.backlog.length > 0)) this.scheduleBacklogRetry();
    return done;
  }

  stats(): PoolStats {
    return {
      workers: this.workerCount,
      threaded: true,
      accepted: this.slots.map((s) => s.accepted),
      dropped: { ...this.dropped },
      restarts: this.restarts,
      packetsLost: this.packetsLost,
    };
  }

  finish(): Promise<PoolFinishResult> {
    this.finishing ??= this.finishAll();
    return this.finishing;
  }

  async abort(): Promise<void> {
    this.aborted = true;
    this.cancelWakeTimer();
    if (this.backlogTimer !== null) clearInterval(this.backlogTimer);
    this.backlogTimer = null;
    for (const slot of this.slots) this.failReloads(slot, 'pool aborted');
    const exits = this.slots.map((slot) => {
      const w = slot.worker;
      slot.worker = null;
      slot.resolveFinished();
      return w === null ? Promise.resolve() : w.terminate().then(() => undefined);
    });
    await Promise.all(exits);
  }

  private async finishAll(): Promise<PoolFinishResult> {
    // Reloads waiting for room go in before the finish command: a worker stops at the first empty ring after it.
    while (this.slots.some((s) => s.backlog.length > 0 && !this.flushBacklog(s))) {
      await new Promise((resolve) => setTimeout(resolve, BACKLOG_RETRY_MS));
    }
    this.cancelWakeTimer();
    for (const slot of this.slots) {
      slot.ring.flushWake();
      Atomics.store(slot.control, Control.COMMAND, Command.Finish);
      slot.ring.wakeConsumer();
    }
    await Promise.all(this.slots.map((s) => s.finishedPromise));
    return { outputs: this.collected.splice(0), stats: this.stats() };
  }

  private cancelWakeTimer(): void {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  private checkOpen(): void {
    if (this.finishing !== null || this.aborted) {
      throw new MirrorscopeError('POOL_CLOSED', 'packet pool is finishing or closed: no more packets');
    }
  }

  /** Pushes the slot's waiting reload records in order; true when none is left (or the slot was given up). */
  private flushBacklog(slot: Slot): boolean {
    if (slot.failed) {
      slot.backlog.length = 0;
      return true;
    }
    while (slot.backlog.length > 0) {
      const r = slot.backlog[0]!;
      if (!slot.ring.tryPush(r.bytes, 0, r.bytes.length, r.bytes.length, RELOAD_LINK_TYPE, 0, r.id, 0)) break;
      slot.backlog.shift();
      slot.pushes++;
      slot.reloadsAt.set(r.id, slot.pushes);
    }
    slot.ring.flushWake();
    return slot.backlog.length === 0;
  }

  private scheduleBacklogRetry(): void {
    if (this.backlogTimer !== null) return;
    // Not unref'd: a caller awaits the reload, and only a retry can move it on when no packets come.
    this.backlogTimer = setInterval(() => {
      let left = false;
      for (const slot of this.slots) if (!this.flushBacklog(slot)) left = true;
      if (!left && this.backlogTimer !== null) {
        clearInterval(this.backlogTimer);
        this.backlogTimer = null;
      }
    }, BACKLOG_RETRY_MS);
  }

  private settleReload(id: number, slot: Slot, result: WorkerReloadResult): void {
    slot.reloadsAt.delete(id);
    const pending = this.reloads.get(id);
    if (pending === undefined || pending.results[slot.index] !== undefined) return;
    pending.results[slot.index] = result;
    // Later reloads are answered after earlier ones (ring order), so the slot ends on the newest one it took.
    if (result.ok) slot.config = pending.config;
    if (--pending.remaining === 0) {
      this.reloads.delete(id);
      pending.resolve(pending.results as WorkerReloadResult[]);
    }
  }

  /** Answers ok:false for every reload this slot still owes. */
  private failReloads(slot: Slot, error: string, only?: (at: number) => boolean): void {
    for (const [id, at] of [...slot.reloadsAt]) {
      if (only === undefined || only(at)) this.settleReload(id, slot, { worker: slot.index, ok: false, error });
    }
    if (only === undefined) slot.backlog.length = 0;
  }

  private spawn(slot: Slot): void {
    Atomics.store(slot.control, Control.STATE, WorkerState.Starting);
    Atomics.store(slot.control, Control.SINK_PACKETS, 0);
    Atomics.store(slot.control, Control.PHASE, Phase.Idle);
    const init: WorkerInit = {
      ringBuffer: slot.ring.buffer,
      controlBuffer: slot.controlBuffer,
      sinkModule: this.sinkUrl,
      sinkConfig: slot.config,
      workerIndex: slot.index,
      workerCount: this.workerCount,
      generation: slot.generation,
      drainIntervalMs: this.drainIntervalMs,
    };
    // The same young-generation size the main thread gets from NODE_FLAGS (a 32 MiB semi-space is 96 MiB young).
    const worker = new Worker(this.entry, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    slot.worker = worker;
    slot.lastError = null;
    const generation = slot.generation;
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, generation, m));
    worker.on('error', (error: Error) => {
      if (slot.worker === worker) slot.lastError = error.message;
    });
    worker.on('exit', (code) => this.onExit(slot, worker, code));
  }

  /** Resolves at the first 'ready' of the slot's current worker; rejects on 'fatal' or an early exit. */
  private awaitReady(slot: Slot): Promise<void> {
    const worker = slot.worker!;
    return new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerMessage): void => {
        if (m.type === 'ready') {
          cleanup();
          resolve();
        } else if (m.type === 'fatal') {
          cleanup();
          reject(new MirrorscopeError('SINK_START_FAILED', `worker ${slot.index}: ${m.message}`));
        }
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new MirrorscopeError('SINK_START_FAILED', `worker ${slot.index} exited with code ${code} before its sink was ready${slot.lastError ? `: ${slot.lastError}` : ''}`));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
    });
  }

  private onMessage(slot: Slot, generation: number, m: WorkerMessage): void {
    switch (m.type) {
      case 'output': {
        const out: WorkerOutput = { worker: slot.index, generation, seq: m.seq, output: m.output };
        if (this.options.onOutput !== undefined) this.options.onOutput(out);
        else this.collected.push(out);
        break;
      }
      case 'done':
        slot.finished = true;
        break;
      case 'fatal':
        slot.lastError = m.message;
        break;
      case 'reloaded':
        // Any generation: a restarted worker meets the records its predecessor left in the ring.
        this.settleReload(m.id, slot, {
          worker: slot.index,
          ok: m.ok,
          ...(m.error !== undefined ? { error: m.error } : {}),
          ...(m.loaded !== undefined ? { loaded: m.loaded } : {}),
        });
        break;
      case 'ready':
        break;
    }
  }

  private onExit(slot: Slot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return; // already replaced (a blocked push noticed the crash first) or aborted
    slot.worker = null;
    if (this.aborted) return;
    const state = Atomics.load(slot.control, Control.STATE);
    if (slot.finished || (code === 0 && state === WorkerState.Done) || !this.started) {
      // A start failure is reported by start(), not by restarting.
      slot.resolveFinished();
      return;
    }
    const reason = state === WorkerState.Crashed ? 'exception' : 'exit';
    this.restart(slot, reason, code);
  }

  /** Replaces a dead worker with a fresh sink on the same ring; gives up after too many restarts too fast. */
  private restart(slot: Slot, reason: 'exception' | 'exit', exitCode: number | null): void {
    const control = slot.control;
    const state = Atomics.load(control, Control.STATE);
    let lost = Atomics.load(control, Control.SINK_PACKETS);
    const error = slot.lastError;
    const old = slot.worker;
    slot.worker = null;
    // The old thread set Crashed/Exited on its way out; terminate() only hurries it (its 'exit' is then ignored).
    if (old !== null) void old.terminate();
    if (state !== WorkerState.Crashed && Atomics.load(control, Control.PHASE) === Phase.Packets) {
      // Died inside sink.packet without unwinding: the record at the tail is the one that killed it. Skip it so the
      // next sink does not die the same way (it is part of what the dead sink took).
      const consumer = PacketRing.attach(slot.ring.buffer);
      if (consumer.next()) consumer.release();
    }
    if (state === WorkerState.Starting) lost = 0;
    // Reload records the dead worker took but did not answer: the new worker starts from slot.config, which they
    // did not reach, so for this worker they did not happen. Records still queued reach the new worker.
    const taken = slot.pushes - Math.max(0, slot.ring.queuedRecords);
    this.failReloads(slot, 'worker restarted during reload; it runs the previous configuration', (at) => at > 0 && at <= taken);
    const now = Date.now();
    const window = this.options.restartWindowMs ?? DEFAULT_RESTART_WINDOW_MS;
    slot.restartTimes = slot.restartTimes.filter((t) => now - t < window);
    slot.restartTimes.push(now);
    this.packetsLost += lost;
    if (slot.restartTimes.length > (this.options.maxRestarts ?? DEFAULT_MAX_RESTARTS) || state === WorkerState.Failed) {
      // A sink whose factory fails on restart will fail every time: retrying cannot help.
      slot.failed = true;
      this.failReloads(slot, 'worker failed');
      const queued = Math.max(0, slot.ring.queuedRecords);
      this.dropped.worker_failed += queued;
      this.packetsLost += queued;
      slot.resolveFinished();
      this.options.onEvent?.({ type: 'worker_failed', worker: slot.index, error, packetsLost: lost + queued } satisfies PoolEvent);
      return;
    }
    this.restarts++;
    slot.generation++;
    this.spawn(slot);
    this.options.onEvent?.({
      type: 'worker_restarted',
      worker: slot.index,
      generation: slot.generation,
      reason,
      exitCode,
      error,
      packetsLost: lost,
      packetsQueued: Math.max(0, slot.ring.queuedRecords),
    } satisfies PoolEvent);
  }
}
