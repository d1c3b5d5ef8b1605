import { PerformanceObserver } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder, TCP_FLAG } from '../../native-free-decoders/index.js';
import { ethernet, ipv4, mirrored, tcp, udp } from '../../tests/helpers/packet-builder.js';
import { FlowDirection } from './flow-direction.js';
import { FlowEndReason } from './flow-end-reason.js';
import { FlowKey } from './flow-key.js';
import { FlowLogWindows } from './flow-log-window.js';
import { FlowState, TcpState } from './flow-state.js';
import { FLOW_TABLE_BYTES_PER_FLOW, FlowTable } from './flow-table.js';

const { SYN, ACK, FIN, RST, PSH } = TCP_FLAG;
const S = 1_000_000;
const A = 0x0a00000b; // 10.0.0.11
const B = 0xcb007132; // 203.0.113.50

function tcpKey(fromA: boolean, aPort = 41000, bPort = 80): FlowKey {
  return fromA ? new FlowKey().setIpv4(A, B, aPort, bPort, 6, 7001, A) : new FlowKey().setIpv4(B, A, bPort, aPort, 6, 7001, A);
}

// Tests think in microseconds; the table takes (sec, usec).
function trk(t: FlowTable, k: FlowKey, us: number, len: number, flags: number): number {
  return t.trackKey(k, Math.floor(us / S), us % S, len, flags);
}
function adv(t: FlowTable, us: number): void {
  t.advanceTime(Math.floor(us / S), us % S);
}

function ends(table: FlowTable): Array<[number, FlowEndReason]> {
  const log: Array<[number, FlowEndReason]> = [];
  table.addListener({ onFlowEnd: (f, r) => log.push([f, r]) });
  return log;
}

describe('FlowTable direction', () => {
  it('makes the first packet source the client and reports each packet direction', () => {
    const t = new FlowTable();
    const f = trk(t, tcpKey(true), 1 * S, 60, SYN);
    expect(t.lastCreated).toBe(true);
    expect(t.lastDirection).toBe(FlowDirection.ToServer);
    expect(trk(t, tcpKey(false), 1 * S + 10, 60, SYN | ACK)).toBe(f);
    expect(t.lastCreated).toBe(false);
    expect(t.lastDirection).toBe(FlowDirection.ToClient);
    trk(t, tcpKey(true), 1 * S + 20, 52, ACK);
    expect(t.lastDirection).toBe(FlowDirection.ToServer);
    expect(t.clientAddress(f)).toBe('10.0.0.11');
    expect(t.serverAddress(f)).toBe('203.0.113.50');
    expect([t.clientPort(f), t.serverPort(f)]).toEqual([41000, 80]);
    expect([t.packets(f, 0), t.packets(f, 1), t.bytes(f, 0), t.bytes(f, 1)]).toEqual([2, 1, 112, 60]);
    expect(t.tcpFlagsSeen(f, 0)).toBe(SYN | ACK);
    expect(t.tcpFlagsSeen(f, 1)).toBe(SYN | ACK);
    expect(t.tcpState(f)).toBe(TcpState.Established);
  });

  it('swaps when the first packet seen is a SYN-ACK', () => {
    const t = new FlowTable();
    const f = trk(t, tcpKey(false), S, 60, SYN | ACK);
    expect(t.lastDirection).toBe(FlowDirection.ToClient);
    expect(t.clientAddress(f)).toBe('10.0.0.11');
    trk(t, tcpKey(true), S + 1, 52, ACK);
    expect(t.lastDirection).toBe(FlowDirection.ToServer);
    expect(t.tcpState(f)).toBe(TcpState.Established);
  });

  it('takes a first packet from a low port to a high port as a reply (mid-stream pickup), unless disabled', () => {
    const reply = new FlowKey().setIpv4(B, A, 53, 40000, 17, 7001, A);
    const t = new FlowTable();
    const f = trk(t, reply, S, 80, 0);
    expect(t.lastDirection).toBe(FlowDirection.ToClient);
    expect([t.clientAddress(f), t.clientPort(f)]).toEqual(['10.0.0.11', 40000]);
    const midTcp = new FlowTable();
    trk(midTcp, tcpKey(false), S, 1500, PSH | ACK);
    expect(midTcp.lastDirection).toBe(FlowDirection.ToClient);
    const off = new FlowTable({ portHeuristic: false });
    trk(off, reply, S, 80, 0);
    expect(off.lastDirection).toBe(FlowDirection.ToServer);
  });

  it('tracks decoded packets, counting IP length even when the mirror truncated the copy', () => {
    const decoder = new PacketDecoder();
    const pkt = new DecodedPacket();
    const t = new FlowTable();
    const frame = mirrored(ethernet(ipv4(tcp(new Uint8Array(1400), { sport: 41000, dport: 443, flags: PSH | ACK }))));
    decoder.decode(pkt, frame, 0, 100, frame.length, 1);
    const f = t.track(pkt, 1, 0);
    expect(f).toBeGreaterThanOrEqual(0);
    expect(t.bytes(f, 0)).toBe(1440);
    decoder.decode(pkt, ethernet(new Uint8Array(28), 0x0806), 0, 42, 42, 1);
    expect(t.track(pkt, 1, 1)).toBe(-1);
    expect(t.stats.noFlow).toBe(1);
    const u = mirrored(ethernet(ipv4(udp(new Uint8Array(10), 5000, 6000), { proto: 17 })));
    decoder.decode(pkt, u, 0, u.length, u.length, 1);
    expect(t.track(pkt, 1, 2)).not.toBe(f);
    expect(t.activeFlows).toBe(2);
  });
});

describe('FlowTable TCP state and timeouts', () => {
  it('follows handshake, FIN/FIN and RST, and picks Suricata timeouts per state', () => {
    const t = new FlowTable();
    const f = trk(t, tcpKey(true), S, 60, SYN);
    expect(t.tcpState(f)).toBe(TcpState.SynSent);
    expect(t.flowState(f)).toBe(FlowState.New);
    expect(t.timeoutSeconds(f)).toBe(60);
    trk(t, tcpKey(false), S, 60, SYN | ACK);
    expect(t.tcpState(f)).toBe(TcpState.SynReceived);
    trk(t, tcpKey(true), S, 52, ACK);
    expect(t.flowState(f)).toBe(FlowState.Established);
    expect(t.timeoutSeconds(f)).toBe(600);
    trk(t, tcpKey(true), S, 52, FIN | ACK);
    expect(t.tcpState(f)).toBe(TcpState.FinWait);
    expect(t.timeoutSeconds(f)).toBe(600);
    trk(t, tcpKey(false), S, 52, FIN | ACK);
    expect(t.tcpState(f)).toBe(TcpState.Closed);
    expect(t.flowState(f)).toBe(FlowState.Closed);
    expect(t.timeoutSeconds(f)).toBe(60);
    const r = new FlowTable();
    const g = trk(r, tcpKey(true), S, 60, SYN);
    trk(r, tcpKey(false), S, 40, RST | ACK);
    expect(r.tcpState(g)).toBe(TcpState.Closed);
  });

  it('expires by packet time: strictly after the idle timeout, per state, without touching busy flows', () => {
    const t = new FlowTable();
    const log = ends(t);
    const newTcp = trk(t, tcpKey(true, 1000), 0, 60, SYN);
    const udpKey = new FlowKey().setIpv4(A, B, 5000, 6000, 17);
    const newUdp = trk(t, udpKey, 0, 60, 0);
    const est = trk(t, tcpKey(true, 2000), 0, 60, SYN);
    trk(t, tcpKey(false, 2000), 0, 60, SYN | ACK);
    trk(t, tcpKey(true, 2000), 0, 52, ACK);
    adv(t, 30 * S);
    expect(log).toEqual([]);
    adv(t, 30 * S + 1);
    expect(log).toEqual([[newUdp, FlowEndReason.Timeout]]);
    adv(t, 60 * S);
    expect(t.isActive(newTcp)).toBe(true);
    adv(t, 60 * S + 1);
    expect(log.at(-1)).toEqual([newTcp, FlowEndReason.Timeout]);
    trk(t, tcpKey(true, 2000), 500 * S, 52, ACK);
    adv(t, 1000 * S);
    expect(t.isActive(est)).toBe(true);
    adv(t, 1100 * S + 1);
    expect(t.isActive(est)).toBe(false);
    expect(t.stats.timedOut).toBe(3);
    expect(t.activeFlows).toBe(0);
  });

  it('ends a closed TCP flow when a new SYN reuses its key, and starts a fresh one', () => {
    const t = new FlowTable();
    const log = ends(t);
    const f = trk(t, tcpKey(true), S, 60, SYN);
    trk(t, tcpKey(false), S, 40, RST | ACK);
    const g = trk(t, tcpKey(true), 2 * S, 60, SYN);
    expect(log).toEqual([[f, FlowEndReason.Reused]]);
    expect(t.lastCreated).toBe(true);
    expect(t.packets(g, 0)).toBe(1);
    expect(t.stats.reused).toBe(1);
  });
});

describe('FlowTable capacity', () => {
  it('enters emergency mode at the cap, uses emergency timeouts, then evicts the flow idle longest', () => {
    const t = new FlowTable({ maxFlows: 4 });
    const log = ends(t);
    const udp = (i: number) => new FlowKey().setIpv4(A, B + i, 5000, 6000, 17);
    for (let i = 0; i < 4; i++) trk(t, udp(i), (i === 0 ? 0 : 4 + i) * S, 100, 0);
    // Flow 0 was last active at 0 s: idle 11 s > the UDP emergency-new timeout of 10 s, so it times out.
    trk(t, udp(9), 11 * S, 100, 0);
    expect(t.stats.emergencyEntered).toBe(1);
    expect(t.stats.timedOut).toBe(1);
    expect(t.stats.evicted).toBe(0);
    expect(t.inEmergency).toBe(true);
    // Still full and nothing idle 10 s: the oldest (udp(1), active at 5 s) is evicted, never dropped silently.
    const victim = t.lookup(udp(1));
    trk(t, udp(10), 11 * S + 5, 100, 0);
    expect(t.stats.evicted).toBe(1);
    expect(log.at(-1)).toEqual([victim, FlowEndReason.Evicted]);
    expect(t.activeFlows).toBe(4);
    expect(t.lookup(udp(10))).toBeGreaterThanOrEqual(0);
    // Emergency ends once 30 % of the cap is free again.
    adv(t, 200 * S);
    expect(t.activeFlows).toBe(0);
    expect(t.inEmergency).toBe(false);
  });

  it('derives its cap from a memcap and grows its arrays up to it', () => {
    const t = new FlowTable({ memcap: 1000 * FLOW_TABLE_BYTES_PER_FLOW, initialFlows: 16 });
    expect(t.maxFlows).toBe(1000);
    const caps: number[] = [];
    t.addListener({ onCapacityChange: (c) => caps.push(c) });
    for (let i = 0; i < 1000; i++) trk(t, new FlowKey().setIpv4(A, i, 1, 2, 17), S, 28, 0);
    expect(t.capacity).toBe(1000);
    expect(caps).toEqual([16, 32, 64, 128, 256, 512, 1000]);
    for (let i = 0; i < 1000; i++) expect(t.lookup(new FlowKey().setIpv4(A, i, 1, 2, 17))).toBeGreaterThanOrEqual(0);
    expect(t.stats.evicted).toBe(0);
  });

  it('costs FLOW_TABLE_BYTES_PER_FLOW bytes of typed arrays per flow slot', () => {
    const t = new FlowTable({ initialFlows: 1 << 16 });
    // Plus less than a cache line for the whole table: the slack that aligns the flow records.
    const slack = t.memoryBytes() - t.capacity * FLOW_TABLE_BYTES_PER_FLOW;
    expect(slack).toBeGreaterThanOrEqual(0);
    expect(slack).toBeLessThan(64);
    expect(FLOW_TABLE_BYTES_PER_FLOW).toBeLessThan(200);
  });

  it('keeps every flow field, and the key at keyOffset, across growth and out-of-order packets', () => {
    const t = new FlowTable({ initialFlows: 16 });
    const big = 2 ** 40; // counters and times are doubles, not 32-bit
    const f = trk(t, tcpKey(true), big + 5 * S, 60, SYN);
    trk(t, tcpKey(false), big + 5 * S + 10, 60, SYN | ACK);
    trk(t, tcpKey(true), big + 3 * S, 52, ACK | PSH); // older than the first packet
    for (let i = 0; i < 100; i++) trk(t, new FlowKey().setIpv4(A, i, 1, 2, 17), big + 6 * S, 28, 0);
    expect(t.capacity).toBeGreaterThanOrEqual(128);
    expect(t.lookup(tcpKey(false))).toBe(f);
    expect([t.firstSeenUs(f), t.lastSeenUs(f)]).toEqual([big + 3 * S, big + 5 * S + 10]);
    expect([t.packets(f, 0), t.packets(f, 1), t.bytes(f, 0), t.bytes(f, 1)]).toEqual([2, 1, 112, 60]);
    expect([t.tcpFlagsSeen(f, 0), t.tcpFlagsSeen(f, 1)]).toEqual([SYN | ACK | PSH, SYN | ACK]);
    expect(t.tcpState(f)).toBe(TcpState.Established);
    expect(t.flowState(f)).toBe(FlowState.Established);
    const key = tcpKey(true).words;
    const at = t.keyOffset(f);
    expect(Array.from(t.keyWords.subarray(at, at + key.length))).toEqual(Array.from(key));
    expect(t.endpointAddressAt(f, false) - at).toBe(key[5] === A ? 5 : 9);
  });

  it('flushAll ends every flow, oldest first, as shutdown', () => {
    const t = new FlowTable();
    const log = ends(t);
    const a = trk(t, new FlowKey().setIpv4(A, 2, 1, 2, 17), 5 * S, 28, 0);
    const b = trk(t, new FlowKey().setIpv4(A, 1, 1, 2, 17), 3 * S, 28, 0);
    expect(t.flushAll()).toBe(2);
    expect(log).toEqual([[b, FlowEndReason.Shutdown], [a, FlowEndReason.Shutdown]]);
    expect(t.stats.shutdown).toBe(2);
  });
});

// A Map-based model of the table for non-TCP flows: same timeouts, emergency mode and eviction, done the slow way.
interface RefFlow {
  proto: number;
  clientIsSrcOfFirst: boolean;
  firstSrc: string;
  seen: [boolean, boolean];
  pkts: [number, number];
  bytes: [number, number];
  active: number;
}
class ReferenceTable {
  flows = new Map<string, RefFlow>();
  now = -Infinity;
  emergency = false;
  timedOut = 0;
  evicted = 0;
  constructor(readonly max: number) {}
  private timeout(f: RefFlow): number {
    const est = f.seen[0] && f.seen[1];
    const udpIcmp = f.proto === 17 || f.proto === 1;
    if (this.emergency) return (est ? 100 : 10) * S;
    return (est ? 300 : 30) * S * (udpIcmp ? 1 : 1);
  }
  private recovery(): void {
    if (this.emergency && this.flows.size <= Math.floor((this.max * 70) / 100)) this.emergency = false;
  }
  advance(now: number): void {
    if (!(now > this.now)) return;
    this.now = now;
    this.expire();
  }
  private expire(): void {
    const limits = new Map<string, number>();
    for (const [k, f] of this.flows) limits.set(k, this.timeout(f));
    for (const [k, f] of [...this.flows]) {
      if (f.active + limits.get(k)! < this.now) {
        this.flows.delete(k);
        this.timedOut++;
        this.recovery();
      }
    }
  }
  packet(canon: string, src: string, sport: number, dport: number, proto: number, ts: number, len: number): number {
    this.advance(ts);
    let f = this.flows.get(canon);
    if (!f) {
      if (this.flows.size >= this.max) {
        if (!this.emergency) {
          this.emergency = true;
          this.expire();
        }
        if (this.flows.size >= this.max) {
          let oldest: string | null = null;
          for (const [k, g] of this.flows) if (oldest === null || g.active < this.flows.get(oldest)!.active) oldest = k;
          this.flows.delete(oldest!);
          this.evicted++;
          this.recovery();
        }
      }
      const reply = proto === 17 && sport < 1024 && dport >= 1024;
      f = { proto, clientIsSrcOfFirst: !reply, firstSrc: src, seen: [false, false], pkts: [0, 0], bytes: [0, 0], active: 0 };
      this.flows.set(canon, f);
    }
    const fromFirstSrc = src === f.firstSrc;
    const dir = fromFirstSrc === f.clientIsSrcOfFirst ? 0 : 1;
    f.seen[dir] = true;
    f.pkts[dir]++;
    f.bytes[dir] += len;
    f.active = this.now;
    return dir;
  }
}

describe('FlowTable against a Map-based reference', () => {
  const hosts = [0x0a000001, 0x0a000002, 0x0a000003, 0xc0a80001, 0xc0a80002];
  const op = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('packet' as const),
        a: fc.integer({ min: 0, max: hosts.length - 1 }),
        b: fc.integer({ min: 0, max: hosts.length - 1 }),
        ports: fc.constantFrom([40000, 53], [53, 40000], [5000, 6000], [6000, 5000], [0, 0]),
        proto: fc.constantFrom(17, 1, 47),
        dt: fc.oneof(fc.integer({ min: 1, max: 5 * S }), fc.integer({ min: 5 * S, max: 40 * S })),
        len: fc.integer({ min: 20, max: 1500 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), dt: fc.integer({ min: 1, max: 400 * S }) }) },
  );

  it('agrees on live flows, directions, counters, timeouts and evictions', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 250 }), fc.constantFrom(6, 40), (ops, max) => {
        const table = new FlowTable({ maxFlows: max, initialFlows: 1 });
        const ref = new ReferenceTable(max);
        let now = 0;
        const key = new FlowKey();
        for (const o of ops) {
          now += o.dt;
          if (o.kind === 'advance') {
            adv(table, now);
            ref.advance(now);
          } else {
            const proto = o.proto;
            const [sp, dp] = proto === 17 ? o.ports : [0, 0];
            key.setIpv4(hosts[o.a]!, hosts[o.b]!, sp!, dp!, proto);
            const lo = Math.min(hosts[o.a]! * 65536 + sp!, hosts[o.b]! * 65536 + dp!);
            const hi = Math.max(hosts[o.a]! * 65536 + sp!, hosts[o.b]! * 65536 + dp!);
            const canon = `${proto}/${lo}/${hi}`;
            const src = `${hosts[o.a]}:${sp}`;
            trk(table, key, now, o.len, 0);
            const dir = ref.packet(canon, src, sp!, dp!, proto, now, o.len);
            expect(table.lastDirection).toBe(dir);
          }
          expect(table.activeFlows).toBe(ref.flows.size);
          expect(table.stats.timedOut).toBe(ref.timedOut);
          expect(table.stats.evicted).toBe(ref.evicted);
          expect(table.inEmergency).toBe(ref.emergency);
        }
        for (const [canon, f] of ref.flows) {
          const [proto, lo, hi] = canon.split('/').map(Number) as [number, number, number];
          key.setIpv4(Math.floor(lo / 65536), Math.floor(hi / 65536), lo % 65536, hi % 65536, proto);
          const idx = table.lookup(key);
          expect(idx).toBeGreaterThanOrEqual(0);
          expect([table.packets(idx, 0), table.packets(idx, 1)]).toEqual(f.pkts);
          expect([table.bytes(idx, 0), table.bytes(idx, 1)]).toEqual(f.bytes);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('FlowTable hot path', () => {
  it('tracks three million packets over 10k live flows (with flow-log accounting) without per-packet garbage', async () => {
    const table = new FlowTable({ initialFlows: 16384 });
    new FlowLogWindows(table, { interval: 600 });
    const keys: FlowKey[] = [];
    for (let i = 0; i < 10_000; i++) keys.push(new FlowKey().setIpv4(A, 0xc6336400 + i, 30000 + (i % 30000), 443, 6, 7001, A));
    // Real timestamps (2027): seconds and microseconds stay small integers, so nothing is boxed.
    const run = (n: number, sec: number): number => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum = (sum + table.trackKey(keys[i % 10_000]!, sec + ((i / 1_000_000) | 0), i % 1_000_000, 1500, i & 1 ? ACK : PSH | ACK) + 1) | 0;
      return sum;
    };
    run(200_000, 1_800_000_000);
    await new Promise((r) => setTimeout(r, 50));
    let gcs = 0;
    const obs = new PerformanceObserver((list) => {
      gcs += list.getEntries().length;
    });
    obs.observe({ entryTypes: ['gc'] });
    const sum = run(3_000_000, 1_800_000_001);
    await new Promise((r) => setTimeout(r, 50));
    obs.disconnect();
    expect(sum).not.toBeNaN();
    expect(table.stats.packets).toBe(3_200_000);
    expect(table.activeFlows).toBe(10_000);
    // 16 bytes per packet would be 48 MB of garbage: several scavenges. One stray collection is the harness's.
    expect(gcs).toBeLessThanOrEqual(1);
  });
});
