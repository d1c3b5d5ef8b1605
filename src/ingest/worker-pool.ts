import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MirrorscopeError } from '../errors.js';
import { FlowDispatcher } from './flow-dispatcher.js';
import { PacketRing } from './packet-ring.js';
import type {
  DropReason,
  PacketPool,
  PacketPoolOptions,
  PoolEvent,
  PoolFinishResult,
  PoolStats,
  WorkerOutput,
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
  private wakeScheduled = false;
  /** Live input: one wake per ring per event-loop turn (set up once, so offer allocates no closure). */
  private readonly flushWakes = (): void => {
    this.wakeScheduled = false;
    for (const slot of this.slots) slot.ring.flushWake();
  };
  private readonly drainIntervalMs: number;
  private readonly stallTimeoutMs: number;

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
    if (!slot.ring.tryPush(bytes, offset, captureLength, wireLength, linkType, tsUs, recordNumber, fileIndex)) {
      this.dropped.overload++;
      return false;
    }
    if (!this.wakeScheduled) {
      this.wakeScheduled = true;
      setImmediate(this.flushWakes);
    }
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
      if (slot.ring.tryPush(bytes, offset, captureLength, wireLength, linkType, tsUs, recordNumber, fileIndex)) break;
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
    slot.accepted++;
  }

  tick(nowUs: number): void {
    this.checkOpen();
    // Through the rings, so a sink's clock never runs ahead of packets still queued for it. A full ring skips the
    // tick: the packets in it carry later times anyway.
    for (const slot of this.slots) {
      if (slot.failed) continue;
      slot.ring.tryPushTick(nowUs);
      slot.ring.flushWake();
    }
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
    const exits = this.slots.map((slot) => {
      const w = slot.worker;
      slot.worker = null;
      slot.resolveFinished();
      return w === null ? Promise.resolve() : w.terminate().then(() => undefined);
    });
    await Promise.all(exits);
  }

  private async finishAll(): Promise<PoolFinishResult> {
    for (const slot of this.slots) {
      slot.ring.flushWake();
      Atomics.store(slot.control, Control.COMMAND, Command.Finish);
      slot.ring.wakeConsumer();
    }
    await Promise.all(this.slots.map((s) => s.finishedPromise));
    return { outputs: this.collected.splice(0), stats: this.stats() };
  }

  private checkOpen(): void {
    if (this.finishing !== null || this.aborted) {
      throw new MirrorscopeError('POOL_CLOSED', 'packet pool is finishing or closed: no more packets');
    }
  }

  private spawn(slot: Slot): void {
    Atomics.store(slot.control, Control.STATE, WorkerState.Starting);
    Atomics.store(slot.control, Control.SINK_PACKETS, 0);
    Atomics.store(slot.control, Control.PHASE, Phase.Idle);
    const init: WorkerInit = {
      ringBuffer: slot.ring.buffer,
      controlBuffer: slot.controlBuffer,
      sinkModule: this.sinkUrl,
      sinkConfig: this.options.sinkConfig,
      workerIndex: slot.index,
      workerCount: this.workerCount,
      generation: slot.generation,
      drainIntervalMs: this.drainIntervalMs,
    };
    const worker = new Worker(this.entry, { workerData: init });
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
    const now = Date.now();
    const window = this.options.restartWindowMs ?? DEFAULT_RESTART_WINDOW_MS;
    slot.restartTimes = slot.restartTimes.filter((t) => now - t < window);
    slot.restartTimes.push(now);
    this.packetsLost += lost;
    if (slot.restartTimes.length > (this.options.maxRestarts ?? DEFAULT_MAX_RESTARTS) || state === WorkerState.Failed) {
      // A sink whose factory fails on restart will fail every time: retrying cannot help.
      slot.failed = true;
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
