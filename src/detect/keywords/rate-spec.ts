/** The `key value, key value` list shared by threshold and detection_filter. */
import { syntaxError } from '../rule/rule-error.js';
import type { RateSpec } from '../rule/signature.js';
import { parseUint } from './value-text.js';

const TRACKS = new Set(['by_src', 'by_dst', 'by_rule', 'by_both', 'by_flow']);
const TYPES = new Set(['limit', 'threshold', 'both']);

export function parseRateSpec(value: string, keyword: 'threshold' | 'detection_filter'): RateSpec {
  const seen = new Map<string, string>();
  for (const part of value.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const [key, arg = ''] = p.split(/\s+/, 2);
    if (key === undefined || !['type', 'track', 'count', 'seconds'].includes(key)) {
      throw syntaxError(`invalid ${keyword} option`, keyword, p);
    }
    if (seen.has(key)) throw syntaxError(`${keyword}: ${key} given twice`, keyword, p);
    seen.set(key, arg.trim());
  }
  const track = seen.get('track');
  if (track === undefined || !TRACKS.has(track)) throw syntaxError(`invalid ${keyword} track`, keyword, track ?? '(missing)');
  const countText = seen.get('count');
  const secondsText = seen.get('seconds');
  if (countText === undefined || secondsText === undefined) {
    throw syntaxError(`${keyword} needs count and seconds`, keyword, value.trim());
  }
  let type: RateSpec['type'] = 'detection_filter';
  if (keyword === 'threshold') {
    const t = seen.get('type');
    if (t === undefined || !TYPES.has(t)) throw syntaxError('invalid threshold type', keyword, t ?? '(missing)');
    type = t as RateSpec['type'];
  } else if (seen.has('type')) {
    throw syntaxError('detection_filter takes no type', keyword, value.trim());
  }
  const count = parseUint(countText, keyword);
  const seconds = parseUint(secondsText, keyword);
  if (count === 0 && type !== 'detection_filter') throw syntaxError(`${keyword}: count must be positive`, keyword);
  return { type, track: track as RateSpec['track'], count, seconds };
}
