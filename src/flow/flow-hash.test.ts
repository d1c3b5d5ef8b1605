import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { ethernet, ipv4, ipv6, mirrored, tcp, udp } from '../../tests/helpers/packet-builder.js';
import { DEFAULT_FLOW_HASH_SEED, hashFlowKey, packetFlowHash, workerForHash } from './flow-hash.js';
import { FlowKey } from './flow-key.js';

const v4 = fc.integer({ min: 0, max: 0xffffffff });
const port = fc.integer({ min: 0, max: 0xffff });
const proto = fc.constantFrom(1, 6, 17, 47, 58, 132);
const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });

describe('flow hash', () => {
  it('is symmetric: A->B and B->A hash alike, for IPv4 and IPv6, with and without a mirror source', () => {
    fc.assert(
      fc.property(v4, v4, port, port, proto, fc.integer({ min: -1, max: 0xffffff }), v4, fc.integer(), (a, b, pa, pb, p, vni, m, seed) => {
        const k1 = new FlowKey().setIpv4(a, b, pa, pb, p, vni, m);
        const k2 = new FlowKey().setIpv4(b, a, pb, pa, p, vni, m);
        expect(hashFlowKey(k1.words, seed)).toBe(hashFlowKey(k2.words, seed));
        expect(Array.from(k1.words)).toEqual(Array.from(k2.words));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(bytes16, bytes16, port, port, proto, (a, b, pa, pb, p) => {
        const k1 = new FlowKey().setIpv6(a, b, pa, pb, p, 7001, 0x0a00000b);
        const k2 = new FlowKey().setIpv6(b, a, pb, pa, p, 7001, 0x0a00000b);
        expect(hashFlowKey(k1.words)).toBe(hashFlowKey(k2.words));
      }),
      { numRuns: 300 },
    );
  });

  it('depends on the seed, the mirror source and the protocol', () => {
    const k = new FlowKey().setIpv4(0x0a00000b, 0xcb007132, 41000, 80, 6, 7001, 0x0a00000b);
    const h = hashFlowKey(k.words, DEFAULT_FLOW_HASH_SEED);
    expect(hashFlowKey(k.words, DEFAULT_FLOW_HASH_SEED + 1)).not.toBe(h);
    expect(hashFlowKey(new FlowKey().setIpv4(0x0a00000b, 0xcb007132, 41000, 80, 6, 7002, 0x0a00000b).words)).not.toBe(h);
    expect(hashFlowKey(new FlowKey().setIpv4(0x0a00000b, 0xcb007132, 41000, 80, 6, 7001, 0x0a00000c).words)).not.toBe(h);
    expect(hashFlowKey(new FlowKey().setIpv4(0x0a00000b, 0xcb007132, 41000, 80, 17, 7001, 0x0a00000b).words)).not.toBe(h);
  });

  it('spreads flows evenly over workers', () => {
    const counts = [0, 0, 0, 0, 0, 0, 0];
    const k = new FlowKey();
    for (let i = 0; i < 70_000; i++) {
      k.setIpv4(0x0a000000 + (i & 0xff), 0xcb000000 + (i >>> 8), 30000 + i, 443, 6, 7001, 0x0a00000b);
      counts[workerForHash(hashFlowKey(k.words), 7)]!++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(600);
    expect(workerForHash(0xffffffff, 3)).toBe(2);
    expect(workerForHash(0, 3)).toBe(0);
  });

  it('packetFlowHash gives both directions of a decoded, mirrored packet the same worker', () => {
    const decoder = new PacketDecoder();
    const decode = (frame: Uint8Array): DecodedPacket => {
      const p = new DecodedPacket();
      decoder.decode(p, frame, 0, frame.length, frame.length, 1);
      return p;
    };
    const out = decode(mirrored(ethernet(ipv4(tcp(new Uint8Array(0), { sport: 41000, dport: 80 }), { src: '10.0.0.11', dst: '203.0.113.50' }))));
    const back = decode(mirrored(ethernet(ipv4(tcp(new Uint8Array(0), { sport: 80, dport: 41000 }), { src: '203.0.113.50', dst: '10.0.0.11' }))));
    expect(packetFlowHash(out)).toBe(packetFlowHash(back));
    const v6a = decode(ethernet(ipv6(udp(new Uint8Array(4), 5353, 53), { src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 17 }), 0x86dd));
    const v6b = decode(ethernet(ipv6(udp(new Uint8Array(4), 53, 5353), { src: '2001:db8::2', dst: '2001:db8::1', nextHeader: 17 }), 0x86dd));
    expect(packetFlowHash(v6a)).toBe(packetFlowHash(v6b));
    const other = decode(mirrored(ethernet(ipv4(tcp(new Uint8Array(0), { sport: 41000, dport: 80 }), { src: '10.0.0.11', dst: '203.0.113.50' })), { source: '10.0.0.99' }));
    expect(packetFlowHash(other)).not.toBe(packetFlowHash(out));
  });
});

describe('packetRouteHash', () => {
  it('sends both directions, other ports of the host pair, and port-less fragments to one worker', async () => {
    const { packetRouteHash } = await import('./flow-hash.js');
    const { DecodedPacket: Pkt, PacketDecoder: Dec } = await import('../../native-free-decoders/index.js');
    const B = await import('../../tests/helpers/packet-builder.js');
    const d = new Dec();
    const p = new Pkt();
    const route = (frame: Uint8Array) => {
      d.decode(p, frame, 0, frame.length, frame.length, 1);
      return packetRouteHash(p);
    };
    const ab = route(B.mirrored(B.ethernet(B.ipv4(B.udp(new Uint8Array(10), 1111, 9999), { proto: 17, src: '10.0.0.11', dst: '203.0.113.5' }))));
    const ba = route(B.mirrored(B.ethernet(B.ipv4(B.udp(new Uint8Array(10), 9999, 1111), { proto: 17, src: '203.0.113.5', dst: '10.0.0.11' }))));
    const frag = route(B.mirrored(B.ethernet(B.ipv4(new Uint8Array(64), { proto: 17, src: '10.0.0.11', dst: '203.0.113.5', fragOffset: 1480 }))));
    const otherSource = route(B.mirrored(B.ethernet(B.ipv4(B.udp(new Uint8Array(10), 1111, 9999), { proto: 17, src: '10.0.0.11', dst: '203.0.113.5' })), { source: '10.0.0.12' }));
    expect(ba).toBe(ab);
    expect(frag).toBe(ab);
    expect(otherSource).not.toBe(ab);
  });
});
