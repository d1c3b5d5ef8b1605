import { describe, expect, it } from 'vitest';
import { DECODE_EVENT_COUNT, LAYER_KIND_COUNT, decodeEventName, layerName } from '../../native-free-decoders/index.js';
import { decodeSummaryJson } from './decode-summary-report.js';
import { DecodeSummary } from './decode-summary.js';
import { mergeDecodeSummaryJson } from './merge-decode-summary.js';

function summary(layerKinds: number[], eventIds: number[]) {
  const s = new DecodeSummary();
  for (const k of layerKinds) s.layerCounts[k]! += 3;
  for (const id of eventIds) s.eventCounts[id]! += 2;
  return decodeSummaryJson(s);
}

describe('mergeDecodeSummaryJson', () => {
  it('gives the same summary, keys in a single thread order, whichever worker finished first', () => {
    const last = LAYER_KIND_COUNT - 1;
    const lastEvent = DECODE_EVENT_COUNT - 1;
    const a = summary([last, 1], [lastEvent]);
    const b = summary([0, 1], [0, lastEvent]);
    const ab = mergeDecodeSummaryJson(a, b);
    expect(JSON.stringify(mergeDecodeSummaryJson(b, a))).toBe(JSON.stringify(ab));
    expect(Object.keys(ab.layers)).toEqual([layerName(0), layerName(1), layerName(last)]);
    expect(ab.layers[layerName(1)]).toBe(6);
    expect(Object.keys(ab.decode_events)).toEqual([decodeEventName(0), decodeEventName(lastEvent)]);
    // The merge of everything equals what one thread that saw all of it reports.
    expect(JSON.stringify(ab)).toBe(JSON.stringify(summary([last, 1, 0, 1], [lastEvent, 0, lastEvent])));
  });
});
