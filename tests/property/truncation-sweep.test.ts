import { describe, expect, it } from 'vitest';
import { DecodedPacket, DecodeStatus, PacketDecoder, PacketFlag } from '../../native-free-decoders/index.js';
import { TEST_FRAMES } from '../helpers/test-frames.js';

// Every prefix of every layer's test packet, as a snaplen or a mirror session's PacketLength would cut it, must
// decode to a truncation status: never an exception, never "ok", and the whole frame must decode cleanly.
describe('truncation sweep', () => {
  const decoder = new PacketDecoder();
  const pkt = new DecodedPacket();
  for (const { name, linkType, frame } of TEST_FRAMES) {
    it(name, () => {
      const whole = decoder.decode(pkt, frame, 0, frame.length, frame.length, linkType);
      expect(whole === DecodeStatus.Ok || (name.includes('arp') && whole === DecodeStatus.Unsupported)).toBe(true);
      expect(pkt.eventCount).toBe(0);
      const fullLayers = pkt.layerCount;
      for (let cut = 0; cut < frame.length; cut++) {
        const status = decoder.decode(pkt, frame, 0, cut, frame.length, linkType);
        expect(status, `${name} cut at ${cut}`).toBe(DecodeStatus.Truncated);
        expect(pkt.flags & PacketFlag.Truncated, `${name} cut at ${cut}`).toBeTruthy();
        expect(pkt.layerCount).toBeLessThanOrEqual(fullLayers);
      }
    });
  }
});
