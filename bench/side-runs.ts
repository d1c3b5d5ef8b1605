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
  const cpu = runs.filter((r) => r.ok && r.cpuSeconds !== null).map((r) => r.cpuSeconds!);
  return cpu.length > 0 ? median(cpu) : null;
}

/** The middle value (the lower of the two middle ones for an even count); xs is not changed. */
function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;
}

/**
 * Suricata's time over mirrorscope's for each round the two ran back to back, and their median: on a VM whose speed
 * drifts from minute to minute, a ratio within one round is steadier than the ratio of the two medians.
 */
export function pairedRatios(ms: SideRun[], su: SideRun[]): string | null {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < Math.min(ms.length, su.length); i++) {
    const a = ms[i]!;
    const b = su[i]!;
    if (!a.ok || !b.ok) continue;
    wall.push(b.seconds / a.seconds);
    if (a.cpuSeconds !== null && b.cpuSeconds !== null) cpu.push(b.cpuSeconds / a.cpuSeconds);
  }
  if (wall.length === 0) return null;
  const list = (xs: number[]): string => xs.map((x) => `${x.toFixed(2)}x`).join(', ');
  let text = `per round, back to back, by wall time ${list(wall)} (median ${median(wall).toFixed(2)}x)`;
  if (cpu.length > 0) text += `, by CPU ${list(cpu)} (median ${median(cpu).toFixed(2)}x)`;
  return text;
}
