import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowLogRecord } from './flow-log-record.js';
import { FlowLogReadStats } from './flow-log-read-stats.js';
import { readFlowLogs } from './flow-log-reader.js';
import { S3LayoutWriter, writeS3Layout } from './s3-layout-writer.js';
import { DEFAULT_FLOW_LOG_FORMAT } from './vpc-flow-log-fields.js';

describe('writeS3Layout', () => {
  it('writes one gzip file per account, region and 5-minute period, in the AWS layout, readable back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorscope-s3-'));
    const base = { version: 2, srcaddr: '10.0.0.11', dstaddr: '10.0.0.2', srcport: 1, dstport: 53, protocol: 17, packets: 1, bytes: 60, action: 'ACCEPT' as const, log_status: 'OK' as const };
    const records = [
      flowLogRecord({ ...base, account_id: '123456789012', region: 'eu-west-1', interface_id: 'eni-1', start: 1795773600, end: 1795773601 }),
      flowLogRecord({ ...base, account_id: '123456789012', region: 'eu-west-1', interface_id: 'eni-1', start: 1795773900, end: 1795773901 }),
      flowLogRecord({ ...base, start: 1795773610, end: 1795773611 }),
    ];
    const paths = await writeS3Layout(records, { dir, flowLogId: 'fl-0abc', format: DEFAULT_FLOW_LOG_FORMAT });
    expect(paths.map((p) => relative(dir, p)).sort()).toEqual([
      'AWSLogs/000000000000/vpcflowlogs/us-east-1/2026/11/27/' + readdirSync(join(dir, 'AWSLogs/000000000000/vpcflowlogs/us-east-1/2026/11/27'))[0],
      ...readdirSync(join(dir, 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/27')).map((f) => 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2026/11/27/' + f),
    ].sort());
    expect(paths.some((p) => /123456789012_vpcflowlogs_eu-west-1_fl-0abc_20261127T1000Z_[0-9a-f]{8}\.log\.gz$/.test(p))).toBe(true);
    expect(paths.some((p) => /_20261127T1005Z_/.test(p))).toBe(true);
    const stats = new FlowLogReadStats();
    const back = [];
    for await (const r of readFlowLogs([dir], stats)) back.push(r);
    expect(stats.gzipFiles).toBe(3);
    expect(back.map((r) => r.start).sort()).toEqual([1795773600, 1795773610, 1795773900]);
  });
});

describe('S3LayoutWriter', () => {
  it('streams records in start order into the same files writeS3Layout makes, and refuses an earlier period', async () => {
    const base = { version: 2, srcaddr: '10.0.0.11', dstaddr: '10.0.0.2', srcport: 1, dstport: 53, protocol: 17, packets: 1, bytes: 60, action: 'ACCEPT' as const, log_status: 'OK' as const };
    const records = [1795773600, 1795773610, 1795773899, 1795773900, 1795774300].map((start, i) =>
      flowLogRecord({ ...base, srcport: i, start, end: start + 1, account_id: i % 2 === 0 ? '123456789012' : null }),
    );
    const names = (paths: string[], dir: string) => paths.map((p) => relative(dir, p)).sort();
    const a = mkdtempSync(join(tmpdir(), 'mirrorscope-s3-'));
    const fromArray = await writeS3Layout([...records].reverse(), { dir: a, flowLogId: 'fl-1', format: DEFAULT_FLOW_LOG_FORMAT });
    const b = mkdtempSync(join(tmpdir(), 'mirrorscope-s3-'));
    const writer = new S3LayoutWriter({ dir: b, flowLogId: 'fl-1', format: DEFAULT_FLOW_LOG_FORMAT });
    for (const r of records) await writer.add(r);
    const streamed = await writer.close();
    expect(names(streamed, b)).toEqual(names(fromArray, a));
    // Two accounts in the first period (one with two records), then one file each in two later periods.
    expect(streamed).toHaveLength(4);
    const late = new S3LayoutWriter({ dir: b, flowLogId: 'fl-2', format: DEFAULT_FLOW_LOG_FORMAT });
    await late.add(records[3]!);
    await expect(late.add(records[0]!)).rejects.toThrow(/start order/);
    await late.close();
  });
});
