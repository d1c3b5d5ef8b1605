import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { ethernet, ipv4, mirrored, udp } from '../../tests/helpers/packet-builder.js';
import { DecodeSummary } from './decode-summary.js';

describe('DecodeSummary mirror sources', () => {
  it('counts every (VNI, source) pair exactly, cached or not, however many sessions interleave', () => {
    // 300 sessions numbered as their ENIs are addressed (more than the cache holds), two sources per VNI and two
    // VNIs per source, then passes in other orders, as interleaved sessions arrive.
    const sessions = Array.from({ length: 300 }, (_, i) => ({ vni: 7001 + (i >> 1), source: `10.0.${1 + Math.floor(i / 250)}.${1 + ((i >> 1) % 125) + (i & 1) * 125}`, size: 10 + (i % 7) }));
    const order = [...sessions, ...[...sessions].reverse(), ...sessions.filter((_, i) => i % 3 === 0)];
    const decoder = new PacketDecoder();
    const pkt = new DecodedPacket();
    const summary = new DecodeSummary();
    const expected = new Map<string, { packets: number; bytes: number }>();
    for (const s of order) {
      const frame = mirrored(ethernet(ipv4(udp(new Uint8Array(s.size), 5000, 53), { src: '10.9.0.1', dst: '10.9.0.2', proto: 17 })), { vni: s.vni, source: s.source });
      decoder.decode(pkt, frame, 0, frame.length, frame.length, 1);
      summary.add(pkt, 1_800_000_000);
      const key = `${s.vni}/${s.source}`;
      const e = expected.get(key) ?? { packets: 0, bytes: 0 };
      e.packets++;
      e.bytes += frame.length;
      expected.set(key, e);
    }
    const got = new Map(summary.mirrorSources().map((c) => [`${c.vni}/${c.source}`, { packets: c.packets, bytes: c.bytes }]));
    expect(got).toEqual(expected);
    expect([...summary.vxlan.values()].reduce((n, c) => n + c.packets, 0)).toBe(order.length);
  });
});
