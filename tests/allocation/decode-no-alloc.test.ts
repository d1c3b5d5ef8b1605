import { PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { TEST_FRAMES } from '../helpers/test-frames.js';

// The hot path must not allocate per packet. Node has no allocation counter, so count garbage collections: a
// million decodes that allocated even 16 bytes each would fill the young generation several times over.
describe('decode loop allocation', () => {
  it('a million decodes after warm-up trigger no garbage collection', async () => {
    const decoder = new PacketDecoder();
    const pkt = new DecodedPacket();
    const frames = TEST_FRAMES.map((f) => f.frame);
    const links = TEST_FRAMES.map((f) => f.linkType);
    const run = (n: number) => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const k = i % frames.length;
        const f = frames[k]!;
        sum += decoder.decode(pkt, f, 0, f.length - (i & 7), f.length, links[k]!) + pkt.dstPort;
      }
      return sum;
    };
    run(200_000);
    await new Promise((r) => setTimeout(r, 50));
    let gcs = 0;
    const obs = new PerformanceObserver((list) => {
      gcs += list.getEntries().length;
    });
    obs.observe({ entryTypes: ['gc'] });
    const sum = run(1_000_000);
    await new Promise((r) => setTimeout(r, 50));
    obs.disconnect();
    expect(sum).toBeGreaterThan(0);
    expect(gcs).toBe(0);
  });
});
