import { describe, expect, it } from 'vitest';
import { buildEveStats, flattenEveStats, nestEveStats } from './eve-stats.js';
import { formatEveTimestamp } from './eve-timestamp.js';
import { createMirrorscopeMetrics } from './mirrorscope-metrics.js';

describe('formatEveTimestamp', () => {
  it('writes microseconds and +0000 as Suricata does', () => {
    expect(formatEveTimestamp(Date.UTC(2026, 10, 27, 10, 38, 2) * 1000 + 123456)).toBe('2026-11-27T10:38:02.123456+0000');
    expect(formatEveTimestamp(7)).toBe('1970-01-01T00:00:00.000007+0000');
  });
});

describe('buildEveStats', () => {
  it("fills Suricata's stats shape from the metrics", () => {
    let clock = 1_000_000;
    const m = createMirrorscopeMetrics({ now: () => clock });
    m.datagramsReceived.inc(12);
    m.packetsDecoded.inc(10);
    m.bytesDecoded.inc(1000);
    m.decoderLayers.inc('ipv4', 9);
    m.decoderLayers.inc('qinq', 1);
    m.decoderLayers.inc('vxlan', 10);
    m.decodeEvents.inc('ipv4.trunc_pkt', 2);
    m.decodeEvents.inc('decoder.vxlan.invalid_flags');
    m.datagramsInvalid.inc('too_short', 2);
    m.packetsDropped.inc('overload', 1);
    m.flowsCreated.inc('tcp', 3);
    m.flowsCreated.inc('other', 1);
    m.flowsActive.set(2);
    m.tcpFlags.inc('syn', 3);
    m.reassemblyGaps.inc();
    m.alerts.inc(4);
    m.rulesLoaded.set(40);
    clock += 61_500;
    const event = buildEveStats(m.registry.snapshot(), { timestampMicros: 5, lastReload: 'x' });
    expect(event.event_type).toBe('stats');
    expect(event.timestamp).toBe('1970-01-01T00:00:00.000005+0000');
    const s = event.stats;
    expect(s.uptime).toBe(61);
    expect(s.capture).toEqual({ kernel_packets: 12, kernel_drops: 1 });
    expect(s.decoder).toMatchObject({ pkts: 10, bytes: 1000, invalid: 2, ipv4: 9, vlan_qinq: 1, vxlan: 10, geneve: 0, avg_pkt_size: 100 });
    expect(s.decoder.event).toEqual({ ipv4: { trunc_pkt: 2 }, vxlan: { invalid_flags: 1 } });
    expect(s.flow).toEqual({ tcp: 3, udp: 0, icmpv4: 0, icmpv6: 0, total: 4, active: 2 });
    expect(s.tcp).toEqual({ sessions: 0, syn: 3, synack: 0, rst: 0, reassembly_gap: 1 });
    expect(s.detect).toEqual({ engines: [{ id: 0, last_reload: 'x', rules_loaded: 40, rules_failed: 0 }], alert: 4 });
  });

  it('flattens to dotted names and nests back (numeric leaves; empty objects and strings do not survive)', () => {
    const m = createMirrorscopeMetrics();
    m.decodeEvents.inc('ipv6.trunc_pkt');
    const stats = buildEveStats(m.registry.snapshot(), { timestampMicros: 0 }).stats;
    const flat = flattenEveStats(stats);
    expect(flat['decoder.pkts']).toBe(0);
    expect(flat['detect.engines.0.rules_loaded']).toBe(0);
    expect(nestEveStats(flat)).toEqual(stats);
  });
});
