// Per-thread CPU time of this process from /proc/self/task (Linux): which thread of a receiver spends the CPU, the
// socket thread, the worker threads or V8's and libuv's helpers (GC marking and sweeping run on the helpers).
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux port in use). */
const TICKS_PER_SECOND = 100;

/** CPU seconds per thread id. */
export type ThreadCpu = Map<number, number>;

export function threadCpuAvailable(): boolean {
  return existsSync('/proc/self/task');
}

export function readThreadCpu(): ThreadCpu {
  const out: ThreadCpu = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    // Fields after the parenthesised name: state is the first, utime the 12th and stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return out;
}

export interface ThreadCpuSplit {
  /** The main thread: the socket, framing, routing and ring copies. */
  main: number;
  /** Threads started after `before` was taken, i.e. the pool's worker threads. */
  workers: number;
  /** Every other thread: V8's platform helpers (concurrent GC) and libuv's pool. */
  helpers: number;
}

/**
 * CPU seconds spent between two readings, split by thread role. `existing` is a reading from before the receiver
 * started: threads absent from it are the receiver's workers.
 */
export function splitThreadCpu(existing: ThreadCpu, from: ThreadCpu, to: ThreadCpu): ThreadCpuSplit {
  const split: ThreadCpuSplit = { main: 0, workers: 0, helpers: 0 };
  for (const [tid, seconds] of to) {
    const spent = seconds - (from.get(tid) ?? 0);
    if (tid === process.pid) split.main += spent;
    else if (existing.has(tid)) split.helpers += spent;
    else split.workers += spent;
  }
  return split;
}
