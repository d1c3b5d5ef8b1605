import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketRing, RING_RECORD_HEADER_BYTES, TICK_LINK_TYPE } from './packet-ring.js';

interface Rec {
  bytes: Uint8Array;
  wire: number;
  linkType: number;
  tsUs: number;
  recordNumber: number;
  fileIndex: number;
}

const recArb = fc.record({
  bytes: fc.uint8Array({ minLength: 0, maxLength: 300 }),
  wire: fc.nat(0xffff),
  linkType: fc.constantFrom(1, 101, 113, 276),
  tsUs: fc.maxSafeNat().map((n) => n % 2 ** 52),
  recordNumber: fc.nat(0x7fffffff),
  fileIndex: fc.nat(1000),
});

type Op = { push: Rec } | { pop: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  recArb.map((push) => ({ push })),
  fc.integer({ min: 1, max: 8 }).map((pop) => ({ pop })),
);

function push(ring: PacketRing, r: Rec): boolean {
  return ring.tryPush(r.bytes, 0, r.bytes.length, r.wire, r.linkType, r.tsUs, r.recordNumber, r.fileIndex);
}

function expectRecord(ring: PacketRing, r: Rec): void {
  expect(ring.captureLength).toBe(r.bytes.length);
  expect(ring.wireLength).toBe(r.wire);
  expect(ring.linkType).toBe(r.linkType);
  expect(ring.tsUs).toBe(r.tsUs);
  expect(ring.recordNumber).toBe(r.recordNumber);
  expect(ring.fileIndex).toBe(r.fileIndex);
  expect(Buffer.from(ring.data.subarray(ring.offset, ring.offset + ring.captureLength)).equals(Buffer.from(r.bytes))).toBe(true);
}

describe('PacketRing', () => {
  it('preserves order, bytes and headers under any interleaving of pushes and pops (wraparound included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 2048 }), fc.array(opArb, { maxLength: 300 }), (capacity, ops) => {
        const producer = PacketRing.create(capacity);
        // A separate attachment, as the consumer thread would have.
        const consumer = PacketRing.attach(producer.buffer);
        const model: Rec[] = [];
        for (const op of ops) {
          if ('push' in op) {
            const ok = push(producer, op.push);
            if (ok) model.push(op.push);
            // An empty ring takes any record up to maxRecordLength, wherever its positions stand.
            else expect(model.length > 0 || op.push.bytes.length > producer.maxRecordLength).toBe(true);
          } else {
            for (let i = 0; i < op.pop; i++) {
              const got = consumer.next();
              expect(got).toBe(model.length > 0);
              if (!got) break;
              expectRecord(consumer, model.shift()!);
            }
            consumer.release();
          }
          expect(producer.queuedRecords).toBe(model.length);
        }
        while (consumer.next()) expectRecord(consumer, model.shift()!);
        consumer.release();
        expect(model).toHaveLength(0);
        expect(producer.usedBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps records handed out by next() intact until release()', () => {
    const ring = PacketRing.create(400);
    const a = new Uint8Array(160).fill(0xaa);
    const b = new Uint8Array(150).fill(0xbb);
    expect(ring.tryPush(a, 0, a.length, 160, 1, 1, 1, 0)).toBe(true);
    expect(ring.tryPush(b, 0, b.length, 150, 1, 2, 2, 0)).toBe(true);
    expect(ring.next()).toBe(true);
    const first = ring.offset;
    // Without a release the producer cannot reuse the first slot.
    expect(ring.tryPush(b, 0, b.length, 150, 1, 3, 3, 0)).toBe(false);
    expect(ring.data[first]).toBe(0xaa);
    ring.release();
    expect(ring.tryPush(b, 0, b.length, 150, 1, 3, 3, 0)).toBe(true);
  });

  it('refuses a record over maxRecordLength and takes one of exactly that length at any position', () => {
    const ring = PacketRing.create(256);
    const big = new Uint8Array(ring.maxRecordLength + 1);
    expect(ring.tryPush(big, 0, big.length, big.length, 1, 0, 1, 0)).toBe(false);
    const max = new Uint8Array(ring.maxRecordLength);
    for (let step = 0; step < 40; step++) {
      // Move the (empty) ring's positions around, then push the largest record.
      const small = new Uint8Array((step * 7) % 90);
      expect(ring.tryPush(small, 0, small.length, small.length, 1, 0, 1, 0)).toBe(true);
      expect(ring.next()).toBe(true);
      ring.release();
      expect(ring.tryPush(max, 0, max.length, max.length, 1, 0, 2, 0)).toBe(true);
      expect(ring.next()).toBe(true);
      expect(ring.captureLength).toBe(max.length);
      ring.release();
    }
    expect(RING_RECORD_HEADER_BYTES + max.length).toBe(ring.capacity / 2 - 4);
  });

  it('carries ticks as empty records', () => {
    const ring = PacketRing.create(128);
    expect(ring.tryPushTick(1_795_773_600_123_456)).toBe(true);
    expect(ring.next()).toBe(true);
    expect(ring.linkType).toBe(TICK_LINK_TYPE);
    expect(ring.tsUs).toBe(1_795_773_600_123_456);
    expect(ring.captureLength).toBe(0);
  });

  it('lets a new consumer take over from what the previous one released', () => {
    const ring = PacketRing.create(512);
    for (let i = 1; i <= 5; i++) expect(ring.tryPush(new Uint8Array([i]), 0, 1, 1, 1, i, i, 0)).toBe(true);
    const first = PacketRing.attach(ring.buffer);
    first.next();
    first.next();
    first.release();
    first.next(); // taken but never released: the successor sees it again
    const second = PacketRing.attach(ring.buffer);
    const seen: number[] = [];
    while (second.next()) seen.push(second.recordNumber);
    expect(seen).toEqual([3, 4, 5]);
  });

  it('rejects bad capacities with a MirrorscopeError', () => {
    expect(() => PacketRing.create(10)).toThrow(/ring capacity/);
    expect(() => PacketRing.create(1.5 as number)).toThrow(/ring capacity/);
  });
});
