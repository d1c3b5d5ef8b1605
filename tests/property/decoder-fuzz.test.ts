import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { TEST_FRAMES } from '../helpers/test-frames.js';

const LINK_TYPES = [0, 1, 12, 14, 101, 113, 228, 229, 276, 147];

/**
 * A Uint8Array stand-in that throws on any read outside [start, end): proves the decoders never look past the
 * captured bytes, which a plain typed array would hide by returning undefined.
 */
function guarded(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Proxy(bytes, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        const i = Number(key);
        if (Number.isInteger(i) && key !== '' && (i < start || i >= end)) {
          throw new RangeError(`read at ${i} outside [${start}, ${end})`);
        }
      }
      const v = Reflect.get(target, key, receiver === target ? target : target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The struct's meaningful contents: scalars, plus typed arrays cut to their counts (the tails are stale by design). */
function live(p: DecodedPacket): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === 'bytes') continue;
    out[k] = v instanceof Uint8Array || v instanceof Uint16Array || v instanceof Int32Array ? [...v] : v;
  }
  out.layerKinds = [...p.layerKinds.subarray(0, p.layerCount)];
  out.layerOffsets = [...p.layerOffsets.subarray(0, p.layerCount)];
  out.layerLengths = [...p.layerLengths.subarray(0, p.layerCount)];
  out.events = [...p.events.subarray(0, p.eventCount)];
  out.vlanIds = [...p.vlanIds.subarray(0, Math.min(p.vlanCount, 2))];
  return out;
}

describe('decoder properties', () => {
  const decoder = new PacketDecoder();
  const pkt = new DecodedPacket();

  it('random bytes under any link type never throw and never read out of bounds', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...LINK_TYPES), fc.nat(8), (body, linkType, pad) => {
        // Put the frame in the middle of a larger buffer, so an overrun would find real bytes, not undefined.
        const buf = new Uint8Array(body.length + 2 * pad + 16).fill(0xee);
        buf.set(body, pad + 8);
        const view = guarded(buf, pad + 8, pad + 8 + body.length);
        decoder.decode(pkt, view, pad + 8, body.length, body.length + pad, linkType);
        expect(pkt.layerCount).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated real frames never throw and never read out of bounds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TEST_FRAMES),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        ({ frame, linkType }, edits, cutSeed) => {
          const copy = frame.slice();
          for (const [pos, value] of edits) copy[pos % copy.length] = value;
          const cut = cutSeed % (copy.length + 1);
          decoder.decode(pkt, guarded(copy, 0, cut), 0, cut, copy.length, linkType);
          // Offsets the decoder reports must lie inside the captured bytes.
          for (let i = 0; i < pkt.layerCount; i++) {
            expect(pkt.layerOffsets[i]! + pkt.layerLengths[i]!).toBeLessThanOrEqual(cut);
          }
          expect(pkt.payloadOffset + pkt.payloadLength).toBeLessThanOrEqual(Math.max(cut, pkt.payloadOffset));
          expect(pkt.payloadLength).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('a struct reused across packets carries nothing over', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEST_FRAMES), fc.constantFrom(...TEST_FRAMES), (a, b) => {
        const fresh = new DecodedPacket();
        decoder.decode(fresh, b.frame, 0, b.frame.length, b.frame.length, b.linkType);
        decoder.decode(pkt, a.frame, 0, a.frame.length, a.frame.length, a.linkType);
        decoder.decode(pkt, b.frame, 0, b.frame.length, b.frame.length, b.linkType);
        expect(live(pkt)).toEqual(live(fresh));
      }),
      { numRuns: 300 },
    );
  });
});
