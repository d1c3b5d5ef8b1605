// The date-time text of recent seconds, direct-mapped by second: alerts come in time order, but a flow event writes
// its flow's start and end, and flows end in a different order than they start, so one cached second thrashed.
const SECOND_SLOTS = 256;
const cachedSeconds = new Float64Array(SECOND_SLOTS).fill(Number.NaN);
const cachedPrefixes: string[] = new Array<string>(SECOND_SLOTS).fill('');

/** EVE's timestamp: UTC, microseconds, `+0000` (Suricata's spelling, not ISO's `Z`): 2026-11-27T10:38:02.123456+0000. */
export function formatEveTimestamp(microsSinceEpoch: number): string {
  const micros = Math.floor(microsSinceEpoch);
  const second = Math.floor(micros / 1_000_000);
  const slot = second & (SECOND_SLOTS - 1);
  let prefix = cachedPrefixes[slot]!;
  if (cachedSeconds[slot] !== second) {
    // NaN never equals the cache, so an invalid time still throws from toISOString as it always did.
    prefix = new Date(second * 1000).toISOString().slice(0, 19) + '.'; // 2026-11-27T10:38:02.
    cachedSeconds[slot] = second;
    cachedPrefixes[slot] = prefix;
  }
  // 1000000 plus the microseconds is always seven digits: dropping the 1 zero-pads them.
  return prefix + String(micros - second * 1_000_000 + 1_000_000).slice(1) + '+0000';
}

/** The wall clock in microseconds since the epoch (millisecond precision plus the monotonic clock's sub-ms part). */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}
