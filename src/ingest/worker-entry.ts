// A pipeline worker: one ring in, one sink, outputs back to the main thread. Runs compiled from dist/ (tsx does not
// reach worker threads on Node 20). The loop is synchronous: commands arrive through the shared control block, not
// messages, so the worker never has to return to its event loop to notice them.
import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { PacketSink } from '../pipeline/packet-sink.js';
import { PacketRing, RELOAD_LINK_TYPE, TICK_LINK_TYPE } from './packet-ring.js';
import { describeError, loadSinkFactory } from './sink-loader.js';
import { Command, Control, Phase, WorkerState } from './worker-messages.js';
import type { WorkerInit, WorkerMessage } from './worker-messages.js';

/** Records handled between checks of the clock and the command word. */
const BATCH = 512;
/** How long an idle worker sleeps before looking at the command word again (a finish also wakes it). */
const IDLE_WAIT_MS = 200;
/**
 * While packets came in the last NAP_WHILE_BUSY_MS, an empty ring means a lull between bursts: the worker naps
 * NAP_MS and looks again instead of asking the producer for a wake-up (see PacketRing.napForData). Past that it
 * sleeps until woken, so an idle worker costs nothing.
 */
const NAP_MS = 1;
const NAP_WHILE_BUSY_MS = 50;

const init = workerData as WorkerInit;
const port = parentPort!;
const control = new Int32Array(init.controlBuffer);
const ring = PacketRing.attach(init.ringBuffer);
// A previous generation may have died mid-batch: continue from what it released.
ring.resyncConsumer();

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

process.on('exit', () => {
  // process.exit() inside a sink skips the catch below; tell a producer blocked on this ring.
  const state = Atomics.load(control, Control.STATE);
  if (state === WorkerState.Starting || state === WorkerState.Running) {
    Atomics.store(control, Control.STATE, WorkerState.Exited);
    ring.wakeProducer();
  }
});

let sink: PacketSink | null = null;
try {
  const factory = await loadSinkFactory(init.sinkModule);
  sink = factory(init.sinkConfig, init.workerIndex, init.workerCount);
} catch (error) {
  // No process.exit here: a message posted just before it can be lost. The thread ends when this module does.
  Atomics.store(control, Control.STATE, WorkerState.Failed);
  post({ type: 'fatal', generation: init.generation, message: describeError(error) });
}
if (sink !== null) run(sink);

/** A reload never crashes the worker: any failure is an ok:false answer and the sink keeps its rules. */
function reload(sink: PacketSink, id: number, bytes: Uint8Array): void {
  let answer: { ok: boolean; error?: string; loaded?: number };
  try {
    if (sink.reload === undefined) answer = { ok: false, error: 'this sink does not support reload' };
    else answer = sink.reload(deserialize(bytes));
  } catch (error) {
    answer = { ok: false, error: describeError(error).split('\n', 1)[0]! };
  }
  post({ type: 'reloaded', generation: init.generation, id, ...answer });
}

function run(sink: PacketSink): void {
  Atomics.store(control, Control.STATE, WorkerState.Running);
  post({ type: 'ready', generation: init.generation });

  let seq = 0;
  let packets = 0;
  let heartbeat = 0;

  function drain(): void {
    const output = sink.drainOutput();
    if (output !== undefined && output !== null) post({ type: 'output', generation: init.generation, seq: seq++, output });
  }

  try {
    let lastDrain = Date.now();
    let lastPacketAt = 0;
    for (;;) {
      // Plain stores: the main thread reads these after the fact; no ordering with the ring is needed.
      control[Control.HEARTBEAT] = ++heartbeat;
      Atomics.store(control, Control.PHASE, Phase.Packets);
      let n = 0;
      while (n < BATCH && ring.next()) {
        n++;
        if (ring.linkType === TICK_LINK_TYPE) {
          sink.tick(ring.tsUs);
          ring.release();
          drain();
          lastDrain = Date.now();
          continue;
        }
        if (ring.linkType === RELOAD_LINK_TYPE) {
          // Output so far was produced under the old rules: send it before switching.
          drain();
          lastDrain = Date.now();
          reload(sink, ring.recordNumber, ring.data.slice(ring.offset, ring.offset + ring.captureLength));
          ring.release();
          continue;
        }
        control[Control.SINK_PACKETS] = ++packets;
        sink.packet(ring.data, ring.offset, ring.captureLength, ring.wireLength, ring.linkType, ring.tsUs, ring.recordNumber, ring.fileIndex);
        // Released one by one: if this thread dies, the record at the tail is exactly the one in hand.
        ring.release();
      }
      Atomics.store(control, Control.PHASE, Phase.Idle);
      if (n === 0) {
        // The main thread stores the command after its last push, so an empty ring seen after it is final.
        if (Atomics.load(control, Control.COMMAND) === Command.Finish && !ring.hasData()) break;
        if (Date.now() - lastPacketAt < NAP_WHILE_BUSY_MS) ring.napForData(NAP_MS);
        else ring.waitForData(IDLE_WAIT_MS);
      }
      const now = Date.now();
      if (n > 0) lastPacketAt = now;
      if (now - lastDrain >= init.drainIntervalMs) {
        drain();
        lastDrain = now;
      }
    }
    sink.finish();
    drain();
    Atomics.store(control, Control.STATE, WorkerState.Done);
    post({ type: 'done', generation: init.generation, packets });
  } catch (error) {
    // Skip the record that was in hand (ring.next() already moved past it), so the next sink does not meet it again.
    ring.release();
    Atomics.store(control, Control.STATE, WorkerState.Crashed);
    ring.wakeProducer();
    throw error;
  }
}
