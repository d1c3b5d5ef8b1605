import { describe, expect, it } from 'vitest';
import type { SideRun } from '../tests/differential/compare.js';
import { medianRun, pairedRatios } from './side-runs.js';

const run = (seconds: number, cpuSeconds: number | null = seconds): SideRun => ({ ok: true, seconds, cpuSeconds }) as SideRun;

describe('side runs', () => {
  it('pairs rounds run back to back: a slow minute slows both sides of its round, not the ratio', () => {
    // The VM slowed down in round 2 for both tools.
    const ms = [run(5), run(10), run(5.5)];
    const su = [run(6.5), run(13), run(7.15)];
    expect(pairedRatios(ms, su)).toBe('per round, back to back, by wall time 1.30x, 1.30x, 1.30x (median 1.30x), by CPU 1.30x, 1.30x, 1.30x (median 1.30x)');
    expect(medianRun(ms).seconds).toBe(5.5);
  });

  it('skips failed rounds and says nothing without a pair', () => {
    const failed = { ok: false, seconds: 0, cpuSeconds: null, error: 'x' } as unknown as SideRun;
    expect(pairedRatios([failed, run(4, null)], [run(5), run(6)])).toBe('per round, back to back, by wall time 1.50x (median 1.50x)');
    expect(pairedRatios([run(5)], [])).toBeNull();
  });
});
