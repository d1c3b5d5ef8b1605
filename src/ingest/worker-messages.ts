/** Words of a worker's control block (an Int32Array over its own SharedArrayBuffer, beside the ring). */
export const Control = {
  /** Set by the main thread: Command.*. */
  COMMAND: 0,
  /** Set by the worker: WorkerState.*. */
  STATE: 1,
  /** Bumped by the worker every loop turn: a sign of life the main thread can read while blocked. */
  HEARTBEAT: 2,
  /** Packets the current sink has taken (including one that made it throw). */
  SINK_PACKETS: 3,
  /** Phase.*: whether the worker is inside a run of sink.packet calls. */
  PHASE: 4,
  WORDS: 8,
} as const;

export const Command = { Run: 0, Finish: 1 } as const;

export const WorkerState = {
  Starting: 0,
  Running: 1,
  /** The sink threw; the worker released the record it was on and is exiting. */
  Crashed: 2,
  /** The thread is exiting without having finished (process.exit inside the sink). */
  Exited: 3,
  Done: 4,
  /** The sink could not be built (bad module or configuration): restarting cannot help. */
  Failed: 5,
} as const;

export const Phase = { Idle: 0, Packets: 1 } as const;

/** workerData of worker-entry.ts. */
export interface WorkerInit {
  ringBuffer: SharedArrayBuffer;
  controlBuffer: SharedArrayBuffer;
  sinkModule: string;
  sinkConfig: unknown;
  workerIndex: number;
  workerCount: number;
  generation: number;
  drainIntervalMs: number;
}

export type WorkerMessage =
  | { type: 'ready'; generation: number }
  | { type: 'output'; generation: number; seq: number; output: unknown }
  /** Answer to a reload control record (id: its recordNumber), sent when the sink has taken it or refused it. */
  | { type: 'reloaded'; generation: number; id: number; ok: boolean; error?: string; loaded?: number }
  /** Sent once, after the final output: the sink has finished. */
  | { type: 'done'; generation: number; packets: number }
  /** The sink module could not be loaded or its factory threw: a configuration error, not a crash. */
  | { type: 'fatal'; generation: number; message: string };
