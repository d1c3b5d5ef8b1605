import { describe, expect, it } from 'vitest';
import { CloudWatchEmfEmitter, EMF_MAX_METRICS_PER_DOCUMENT } from './cloudwatch-emf.js';

describe('CloudWatchEmfEmitter', () => {
  it('builds an EMF document: _aws metadata, dimension members and metric members', () => {
    const emf = new CloudWatchEmfEmitter({ namespace: 'Test', dimensions: { InstanceId: 'i-1' } });
    const [line, ...rest] = emf.lines(
      {
        mirrorscope_packets_decoded_total: 10,
        mirrorscope_bytes_received_total: 2000,
        mirrorscope_flows_active: 3,
        mirrorscope_packets_dropped_total: { overload: 2, worker_unavailable: 1 },
        mirrorscope_start_time_seconds: 1,
      },
      1_700_000_000_123,
    );
    expect(rest).toEqual([]);
    expect(line!.endsWith('\n')).toBe(true);
    expect(JSON.parse(line!)).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_123,
        CloudWatchMetrics: [
          {
            Namespace: 'Test',
            Dimensions: [['InstanceId']],
            Metrics: [
              { Name: 'packets_decoded', Unit: 'Count' },
              { Name: 'bytes_received', Unit: 'Bytes' },
              { Name: 'flows_active', Unit: 'Count' },
              { Name: 'packets_dropped.overload', Unit: 'Count' },
              { Name: 'packets_dropped.worker_unavailable', Unit: 'Count' },
              { Name: 'packets_dropped', Unit: 'Count' },
            ],
          },
        ],
      },
      InstanceId: 'i-1',
      packets_decoded: 10,
      bytes_received: 2000,
      flows_active: 3,
      'packets_dropped.overload': 2,
      'packets_dropped.worker_unavailable': 1,
      packets_dropped: 3,
    });
  });

  it('emits counters as increases since the previous call and gauges as they are', () => {
    const emf = new CloudWatchEmfEmitter();
    emf.documents({ mirrorscope_alerts_total: 5, mirrorscope_flows_active: 9 }, 0);
    const [doc] = emf.documents({ mirrorscope_alerts_total: 8, mirrorscope_flows_active: 4 }, 60_000);
    expect(doc).toMatchObject({ alerts: 3, flows_active: 4 });
    const [afterReset] = emf.documents({ mirrorscope_alerts_total: 2, mirrorscope_flows_active: 4 }, 120_000);
    expect(afterReset).toMatchObject({ alerts: 2 });
  });

  it('splits more than 100 metrics over several documents and marks high resolution', () => {
    const events: Record<string, number> = {};
    for (let i = 0; i < 150; i++) events[`e${i}`] = i;
    const docs = new CloudWatchEmfEmitter({ storageResolution: 1 }).documents({ mirrorscope_decode_events_total: events }, 0);
    expect(docs).toHaveLength(2);
    const counts = docs.map((d) => d._aws.CloudWatchMetrics[0]!.Metrics.length);
    expect(counts).toEqual([EMF_MAX_METRICS_PER_DOCUMENT, 51]);
    expect(docs[0]!._aws.CloudWatchMetrics[0]!.Metrics[0]).toEqual({ Name: 'decode_events.e0', Unit: 'Count', StorageResolution: 1 });
    expect(docs[1]!['decode_events']).toBe((149 * 150) / 2);
  });
});
