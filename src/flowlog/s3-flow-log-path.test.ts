import { describe, expect, it } from 'vitest';
import { s3ObjectKey, s3ObjectName, s3Prefix } from './s3-flow-log-path.js';

// The AWS example: account 123456789012, us-east-1, flow log fl-1234abcd, June 20 2018 16:20 UTC.
const JUNE_20_1620 = new Date(Date.UTC(2018, 5, 20, 16, 20, 0));

describe('s3ObjectName', () => {
  it('reproduces the file name of the AWS documentation example', () => {
    expect(s3ObjectName({ account: '123456789012', region: 'us-east-1', flowLogId: 'fl-1234abcd', time: JUNE_20_1620, hash: 'fe123456' })).toBe(
      '123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz',
    );
  });

  it('takes unix seconds, pads to two digits, and accepts another suffix', () => {
    const time = Date.UTC(2026, 0, 2, 3, 4, 59) / 1000;
    expect(s3ObjectName({ account: '1', region: 'eu-west-1', flowLogId: 'fl-9', time, hash: 'ab', suffix: '.log.parquet' })).toBe(
      '1_vpcflowlogs_eu-west-1_fl-9_20260102T0304Z_ab.log.parquet',
    );
  });

  it('rejects parts that would break the key', () => {
    expect(() => s3ObjectName({ account: '1/2', region: 'r', flowLogId: 'f', time: 0, hash: 'h' })).toThrowError(/account/);
    expect(() => s3ObjectName({ account: '1', region: 'r', flowLogId: 'f', time: Number.NaN, hash: 'h' })).toThrowError(/invalid time/);
  });
});

describe('s3Prefix', () => {
  const parts = { account: '123456789012', region: 'us-east-1', time: JUNE_20_1620 };

  it('gives the default, hourly, Hive and Hive hourly layouts', () => {
    expect(s3Prefix(parts)).toBe('AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/');
    expect(s3Prefix({ ...parts, hourly: true })).toBe('AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/16/');
    expect(s3Prefix({ ...parts, hive: true })).toBe(
      'AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/',
    );
    expect(s3Prefix({ ...parts, hive: true, hourly: true, bucketPrefix: 'my-logs' })).toBe(
      'my-logs/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2018/month=06/day=20/hour=16/',
    );
  });

  it('joins prefix and name into a key', () => {
    expect(s3ObjectKey({ ...parts, flowLogId: 'fl-1234abcd', hash: 'fe123456' })).toBe(
      'AWSLogs/123456789012/vpcflowlogs/us-east-1/2018/06/20/123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz',
    );
  });
});
