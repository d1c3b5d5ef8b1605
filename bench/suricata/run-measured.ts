import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MeasuredRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the child, seconds. */
  seconds: number;
  /** User + system CPU seconds of the child and its threads (GNU time), or null. Less disturbed by CPU steal. */
  cpuSeconds: number | null;
  /** Peak resident set size of the child in KiB, or null when it could not be measured. */
  peakRssKiB: number | null;
  /** How the peak was measured: GNU time's maxrss, or polling /proc/PID/status VmHWM. */
  rssSource: 'gnu-time' | 'proc-poll' | 'none';
  /** The command could not be started at all (ENOENT and the like). */
  spawnError?: string;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command to completion, recording wall time and peak RSS. GNU time reports the child's own maxrss
 * exactly; without it the fallback polls VmHWM, which is a high-water mark, so a poll shortly before exit still
 * sees (nearly) the true peak.
 */
export function runMeasured(
  cmd: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: Readonly<Record<string, string>> } = {},
): Promise<MeasuredRun> {
  const useTime = existsSync(GNU_TIME);
  const tmp = useTime ? mkdtempSync(join(tmpdir(), 'ms-time-')) : null;
  const timeOut = tmp ? join(tmp, 'time.txt') : '';
  const argv = useTime ? ['-f', '%e %M %U %S', '-o', timeOut, cmd, ...args] : args;
  const exe = useTime ? GNU_TIME : cmd;
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const env = options.env ? { ...process.env, ...options.env } : process.env;
    const child = spawn(exe, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let hwm = 0;
    const poll = useTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {
            // the process has just exited
          }
        }, 20);
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : null;
    let spawnError: string | undefined;
    child.on('error', (e) => {
      spawnError = e.message;
    });
    child.on('close', (status, signal) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      let peak: number | null = hwm || null;
      let source: MeasuredRun['rssSource'] = hwm ? 'proc-poll' : 'none';
      let cpuSeconds: number | null = null;
      if (tmp) {
        try {
          const last = readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '';
          const m = /^[\d.]+ (\d+) ([\d.]+) ([\d.]+)$/.exec(last);
          if (m) {
            peak = Number(m[1]);
            source = 'gnu-time';
            cpuSeconds = Number(m[2]) + Number(m[3]);
          }
        } catch {
          // time did not write its report (the command was not found); keep the wall clock
        }
        rmSync(tmp, { recursive: true, force: true });
      }
      const stderr = Buffer.concat(err).toString('utf8');
      // GNU time reports a missing command as exit 127 with "No such file or directory" on stderr.
      if (useTime && status === 127 && /No such file or directory/.test(stderr)) spawnError = `${cmd}: not found`;
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        // Our own clock, not GNU time's %e (10 ms resolution); the extra fork of time itself is negligible.
        seconds,
        cpuSeconds,
        peakRssKiB: peak,
        rssSource: source,
        ...(spawnError ? { spawnError } : {}),
      });
    });
  });
}
