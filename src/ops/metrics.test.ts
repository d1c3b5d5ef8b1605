import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics.js';
import { createMirrorscopeMetrics, METRIC } from './mirrorscope-metrics.js';

describe('MetricsRegistry rendering', () => {
  it('writes HELP and TYPE lines, _total on counters, and escapes help and label values', () => {
    const r = new MetricsRegistry();
    const c = r.counter('demo_packets', 'Packets\nseen, with \\ backslash.');
    const g = r.gauge('demo_flows', 'Flows.');
    const l = r.labelledCounter('demo_dropped', 'Dropped.', 'reason', ['overload']);
    c.inc(3);
    g.set(7);
    l.inc('we"ird\\va\nlue', 2);
    expect(r.render()).toBe(
      [
        '# HELP demo_packets_total Packets\\nseen, with \\\\ backslash.',
        '# TYPE demo_packets_total counter',
        'demo_packets_total 3',
        '# HELP demo_flows Flows.',
        '# TYPE demo_flows gauge',
        'demo_flows 7',
        '# HELP demo_dropped_total Dropped.',
        '# TYPE demo_dropped_total counter',
        'demo_dropped_total{reason="overload"} 0',
        'demo_dropped_total{reason="we\\"ird\\\\va\\nlue"} 2',
        '',
      ].join('\n'),
    );
  });

  it('rejects duplicate and invalid names', () => {
    const r = new MetricsRegistry();
    r.counter('a', 'a');
    expect(() => r.counter('a_total', 'again')).toThrow(/registered twice/);
    expect(() => r.gauge('bad-name', 'x')).toThrow(/invalid metric name/);
    expect(() => r.labelledCounter('ok', 'x', '__reserved')).toThrow(/invalid label name/);
  });

  it('exposes every name interface.md requires', () => {
    const text = createMirrorscopeMetrics({ workers: 2 }).registry.render();
    for (const line of [
      '# TYPE mirrorscope_datagrams_received_total counter',
      'mirrorscope_datagrams_invalid_total{reason="too_short"} 0',
      '# TYPE mirrorscope_packets_decoded_total counter',
      'mirrorscope_packets_dropped_total{reason="overload"} 0',
      '# TYPE mirrorscope_alerts_total counter',
      '# TYPE mirrorscope_flows_active gauge',
      'mirrorscope_worker_queue_depth{worker="1"} 0',
    ]) {
      expect(text).toContain(line);
    }
  });
});

describe('merging worker snapshots', () => {
  it('adds counter deltas once, however often they are taken', () => {
    const worker = createMirrorscopeMetrics();
    const main = createMirrorscopeMetrics();
    worker.packetsDecoded.inc(5);
    worker.packetsDropped.child('overload').inc(2);
    main.registry.merge(worker.registry.takeDelta(), 'w0');
    main.registry.merge(worker.registry.takeDelta(), 'w0'); // nothing new
    worker.packetsDecoded.inc(1);
    main.registry.merge(structuredClone(worker.registry.takeDelta()), 'w0');
    const snap = main.registry.snapshot();
    expect(snap[METRIC.packetsDecoded]).toBe(6);
    expect(snap[METRIC.packetsDropped]).toEqual({ overload: 2, worker_unavailable: 0 });
  });

  it('sums gauges over sources and forgets a dead source, keeping its counts', () => {
    const main = createMirrorscopeMetrics();
    const w0 = createMirrorscopeMetrics();
    const w1 = createMirrorscopeMetrics();
    w0.flowsActive.set(10);
    w1.flowsActive.set(4);
    w1.alerts.inc(3);
    main.registry.merge(w0.registry.takeDelta(), 'w0');
    main.registry.merge(w1.registry.takeDelta(), 'w1');
    w0.flowsActive.set(8);
    main.registry.merge(w0.registry.takeDelta(), 'w0');
    expect(main.registry.snapshot()[METRIC.flowsActive]).toBe(12);
    main.registry.forgetSource('w1');
    const snap = main.registry.snapshot();
    expect(snap[METRIC.flowsActive]).toBe(8);
    expect(snap[METRIC.alerts]).toBe(3);
  });

  it('does not let workers add to process-local gauges, and skips unknown or non-finite input', () => {
    let clock = 1_000_000;
    const main = createMirrorscopeMetrics({ now: () => clock });
    main.rulesLoaded.set(40);
    const skipped = main.registry.merge(
      { [METRIC.rulesLoaded]: 40, [METRIC.uptime]: 99, nope_total: 1, [METRIC.alerts]: Number.NaN },
      'w0',
    );
    clock += 2500;
    const snap = main.registry.snapshot();
    expect(skipped).toEqual(['nope_total']);
    expect(snap[METRIC.rulesLoaded]).toBe(40);
    expect(snap[METRIC.uptime]).toBe(2.5);
    expect(snap[METRIC.alerts]).toBe(0);
  });
});
