// Events come in time order, so consecutive ones mostly share their second: its date-time text is reused.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** EVE's timestamp: UTC, microseconds, `+0000` (Suricata's spelling, not ISO's `Z`): 2026-11-27T10:38:02.123456+0000. */
export function formatEveTimestamp(microsSinceEpoch: number): string {
  const micros = Math.floor(microsSinceEpoch);
  const second = Math.floor(micros / 1_000_000);
  if (second !== cachedSecond) {
    // NaN never equals the cache, so an invalid time still throws from toISOString as it always did.
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19) + '.'; // 2026-11-27T10:38:02.
    cachedSecond = second;
  }
  // 1000000 plus the microseconds is always seven digits: dropping the 1 zero-pads them.
  return cachedPrefix + String(micros - second * 1_000_000 + 1_000_000).slice(1) + '+0000';
}

/** The wall clock in microseconds since the epoch (millisecond precision plus the monotonic clock's sub-ms part). */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}
