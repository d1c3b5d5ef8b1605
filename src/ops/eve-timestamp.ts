/** EVE's timestamp: UTC, microseconds, `+0000` (Suricata's spelling, not ISO's `Z`): 2026-11-27T10:38:02.123456+0000. */
export function formatEveTimestamp(microsSinceEpoch: number): string {
  const micros = Math.floor(microsSinceEpoch);
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2026-11-27T10:38:02.123Z
  const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${fraction}+0000`;
}

/** The wall clock in microseconds since the epoch (millisecond precision plus the monotonic clock's sub-ms part). */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}
