import type { SideRun } from '../tests/differential/compare.js';

/** The run with the median time among the successful ones (the last failure when none succeeded). */
export function medianRun(runs: SideRun[]): SideRun {
  const ok = runs.filter((r) => r.ok).sort((a, b) => a.seconds - b.seconds);
  return ok.length > 0 ? ok[(ok.length - 1) >> 1]! : runs[runs.length - 1]!;
}

export function spread(runs: SideRun[]): string {
  return runs.map((r) => (r.ok ? `${r.seconds.toFixed(2)} (cpu ${r.cpuSeconds?.toFixed(2) ?? '?'})` : 'failed')).join(', ');
}

export function medianCpu(runs: SideRun[]): number | null {
  const cpu = runs.filter((r) => r.ok && r.cpuSeconds !== null).map((r) => r.cpuSeconds!).sort((a, b) => a - b);
  return cpu.length > 0 ? cpu[(cpu.length - 1) >> 1]! : null;
}
