import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ in the source tree, whether we run from dist/bench or bench/. */
export const BENCH_DIR = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${'/dist/'}`) ? join(here, '..', '..', 'bench') : here;
})();
export const DATA_DIR = join(BENCH_DIR, 'data');
export const PEERS_DIR = join(BENCH_DIR, '.peers');

export function ensureDir(path: string): string {
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  return path;
}

export interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** Median of `runs` timings of fn (wall and this process's CPU). */
export function timeRuns(runs: number, fn: () => void): Timing {
  const walls: number[] = [];
  const cpusUsed: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    const t1 = process.hrtime.bigint();
    const c1 = process.cpuUsage(c0);
    walls.push(Number(t1 - t0) / 1e9);
    cpusUsed.push((c1.user + c1.system) / 1e6);
  }
  return { seconds: median(walls), cpuSeconds: median(cpusUsed) };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall time of an external command, median of runs; null when the tool is missing or fails. */
export function timeCommand(runs: number, cmd: string, args: string[]): Timing | null {
  if (!which(cmd)) return null;
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) return null;
    walls.push(Number(t1 - t0) / 1e9);
  }
  const s = median(walls);
  return { seconds: s, cpuSeconds: s };
}

export function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function toolVersion(cmd: string, args: string[] = ['--version']): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  date: string;
  loadAverage: string;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  let load = '';
  try {
    load = execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
  } catch {
    load = 'unknown';
  }
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: load,
  };
}

export interface Row {
  name: string;
  what: string;
  packets: number;
  bytes: number;
  seconds: number;
  /**
   * Index (in the same table) of the mirrorscope row this one is compared with in the "mirrorscope is" column:
   * default the first row, null for no comparison.
   */
  versus?: number | null;
}

/** Rows as an aligned text table with packets/s, Gbit/s and the rate of each row's mirrorscope row over its own. */
export function formatRows(title: string, rows: Row[]): string {
  const lines = [title];
  const base = rows[0];
  const header = ['tool', 'packets', 'seconds', 'Mpackets/s', 'Gbit/s', 'mirrorscope is', 'what it does'];
  const body = rows.map((r) => {
    const pps = r.packets / r.seconds;
    const ref = r.versus === null ? r : r.versus === undefined ? base : rows[r.versus];
    const ratio = ref && r !== ref ? `${(ref.packets / ref.seconds / pps).toFixed(2)}x` : '-';
    return [r.name, String(r.packets), r.seconds.toFixed(3), (pps / 1e6).toFixed(2), ((r.bytes * 8) / r.seconds / 1e9).toFixed(2), ratio, r.what];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  lines.push(fmt(header));
  lines.push('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const b of body) lines.push(fmt(b));
  return lines.join('\n');
}
