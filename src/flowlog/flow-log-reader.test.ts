import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MirrorscopeError } from '../errors.js';
import { flowLogRecord } from './flow-log-record.js';
import type { FlowLogRecord } from './flow-log-record.js';
import { FlowLogReadStats, formatFlowLogWarning } from './flow-log-read-stats.js';
import type { FlowLogReadOptions } from './flow-log-line-parser.js';
import { readFlowLogs } from './flow-log-reader.js';
import { FlowLogWriter } from './flow-log-writer.js';
import { s3ObjectName, s3Prefix } from './s3-flow-log-path.js';
import { MAX_LINE_BYTES, TextFlowLogReader } from './text-flow-log-reader.js';
import { VPC_FLOW_LOG_FIELDS, flowLogFormatOf, parseFlowLogFormat } from './vpc-flow-log-fields.js';
import type { FlowLogFormat } from './vpc-flow-log-fields.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlog-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${fileCounter++}-${name}`);
  writeFileSync(path, content);
  return path;
}

async function collect(paths: string[], options?: FlowLogReadOptions): Promise<{ records: FlowLogRecord[]; stats: FlowLogReadStats }> {
  const stats = new FlowLogReadStats();
  const records: FlowLogRecord[] = [];
  for await (const record of readFlowLogs(paths, stats, options)) records.push(record);
  return { records, stats };
}

async function writeFile(name: string, records: FlowLogRecord[], format?: FlowLogFormat): Promise<string> {
  const path = join(dir, `${fileCounter++}-${name}`);
  const writer = await FlowLogWriter.open(path, format === undefined ? {} : { format });
  await writer.writeAll(records);
  await writer.close();
  return path;
}

const HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const SSH_ACCEPT = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const RDP_REJECT = '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK';
const NODATA = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';
const SKIPDATA = '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA';
const PING_ACCEPT = '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK';
const PING_REJECT = '2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK';

const SSH_RECORD = flowLogRecord({
  version: 2, account_id: '123456789010', interface_id: 'eni-1235b8ca123456789', srcaddr: '172.31.16.139', dstaddr: '172.31.16.21',
  srcport: 20641, dstport: 22, protocol: 6, packets: 20, bytes: 4249, start: 1418530010, end: 1418530070, action: 'ACCEPT', log_status: 'OK',
});

/** Every v2-v5 field set, as in the AWS version-5 example. */
const V5_RECORD = flowLogRecord({
  version: 5, srcaddr: '52.95.128.179', dstaddr: '10.0.0.71', srcport: 80, dstport: 34210, protocol: 6, start: 1616729292, end: 1616729349,
  type: 'IPv4', packets: 14, bytes: 15044, account_id: '123456789012', vpc_id: 'vpc-abcdefab012345678', subnet_id: 'subnet-aaaaaaaa012345678',
  instance_id: 'i-0c50d5961bcb2d47b', interface_id: 'eni-1235b8ca123456789', region: 'ap-southeast-2', az_id: 'apse2-az3',
  sublocation_type: 'outpost', sublocation_id: 'op-0123456789abcdef0', action: 'ACCEPT', tcp_flags: 19, pkt_srcaddr: '52.95.128.179',
  pkt_dstaddr: '10.0.0.71', pkt_src_aws_service: 'S3', pkt_dst_aws_service: 'AMAZON', traffic_path: 8, flow_direction: 'ingress', log_status: 'OK',
});

const ECS_RECORD = flowLogRecord({
  ...V5_RECORD,
  version: 7,
  ecs_cluster_arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/web',
  ecs_cluster_name: 'web',
  ecs_container_instance_arn: 'arn:aws:ecs:us-east-1:123456789012:container-instance/web/0123abcd',
  ecs_container_instance_id: '0123abcd',
  ecs_container_id: '3c7d1f2b9e4a',
  ecs_second_container_id: null,
  ecs_service_name: 'frontend',
  ecs_task_definition_arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/frontend:7',
  ecs_task_arn: 'arn:aws:ecs:us-east-1:123456789012:task/web/9f8e7d6c',
  ecs_task_id: '9f8e7d6c',
});

const V5_FORMAT = flowLogFormatOf(VPC_FLOW_LOG_FIELDS.filter((spec) => spec.version <= 5).reverse());
const ALL_FORMAT = flowLogFormatOf(VPC_FLOW_LOG_FIELDS);

describe('text flow logs', () => {
  it('reads the AWS examples, counts NODATA/SKIPDATA without yielding them, and counts actions', async () => {
    const path = file('examples.log', [HEADER, SSH_ACCEPT, RDP_REJECT, NODATA, SKIPDATA, PING_ACCEPT, PING_REJECT, ''].join('\n'));
    const { records, stats } = await collect([path]);
    expect(records).toHaveLength(4);
    expect(records[0]).toEqual(SSH_RECORD);
    expect(records.map((r) => [r.dstport, r.action, r.bytes])).toEqual([[22, 'ACCEPT', 4249], [3389, 'REJECT', 4249], [0, 'ACCEPT', 336], [0, 'REJECT', 336]]);
    expect(stats.recordsRead).toBe(6);
    expect(stats.recordsByAction).toEqual({ ACCEPT: 2, REJECT: 2, unknown: 0 });
    expect(stats.nodata).toBe(1);
    expect(stats.skipdata).toBe(1);
    expect(stats.filesRead).toBe(1);
    expect(stats.filesByKind.text).toBe(1);
    expect(stats.skippedLines).toBe(0);
    expect(stats.bytesRead).toBe(Buffer.byteLength([HEADER, SSH_ACCEPT, RDP_REJECT, NODATA, SKIPDATA, PING_ACCEPT, PING_REJECT, ''].join('\n')));
  });

  it('round-trips the default format, a reversed v5 format with every field, and all fields with ECS', async () => {
    expect((await collect([await writeFile('default.log', [SSH_RECORD])])).records).toEqual([SSH_RECORD]);
    const v5 = await collect([await writeFile('v5.log', [V5_RECORD, { ...V5_RECORD, srcport: 81, flow_direction: 'egress' }], V5_FORMAT)]);
    expect(v5.records).toEqual([V5_RECORD, { ...V5_RECORD, srcport: 81, flow_direction: 'egress' }]);
    expect((await collect([await writeFile('ecs.log', [ECS_RECORD], ALL_FORMAT)])).records).toEqual([ECS_RECORD]);
    expect(ALL_FORMAT.version).toBe(7);
  });

  it('round-trips through gzip and reports compressed bytes', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ ...SSH_RECORD, srcport: i, bytes: i * 1000 }));
    const path = await writeFile('round.log.gz', records);
    const { records: read, stats } = await collect([path]);
    expect(read).toEqual(records);
    expect(stats.gzipFiles).toBe(1);
    expect(stats.bytesRead).toBeGreaterThan(0);
    expect(stats.bytesRead).toBeLessThan(5000 * 50); // compressed, far below the ~100 bytes of each text line
  });

  it('detects gzip by content, not by name', async () => {
    const path = file('no-suffix', gzipSync([HEADER, SSH_ACCEPT].join('\n')));
    expect((await collect([path])).records).toEqual([SSH_RECORD]);
  });

  it('takes the field order from the header, with CRLF line ends and a header repeated mid-file', async () => {
    const content = ['srcport dstport action', '22 1024 ACCEPT', 'action srcport', 'REJECT 443', ''].join('\r\n');
    const { records, stats } = await collect([file('custom.log', content)]);
    expect(records).toEqual([flowLogRecord({ srcport: 22, dstport: 1024, action: 'ACCEPT' }), flowLogRecord({ action: 'REJECT', srcport: 443 })]);
    expect(stats.skippedLines).toBe(0);
  });

  it('ignores columns of fields it does not know, with one warning', async () => {
    const content = ['version srcaddr reject-reason action log-status', '8 10.0.0.1 BPA REJECT OK'].join('\n');
    const path = file('newer.log', content);
    const { records, stats } = await collect([path]);
    expect(records).toEqual([flowLogRecord({ version: 8, srcaddr: '10.0.0.1', action: 'REJECT', log_status: 'OK' })]);
    expect(stats.warnings).toEqual([{ file: path, line: 1, reason: 'unknown field "reject-reason" in header; its values are ignored' }]);
  });

  it('turns malformed lines into warnings with file:line and reads the rest', async () => {
    const content = [HEADER, SSH_ACCEPT, SSH_ACCEPT.replace(' 20641 ', ' http '), '', SSH_ACCEPT.replace(' OK', ''), 'garbage', RDP_REJECT].join('\n');
    const path = file('bad-lines.log', content);
    const { records, stats } = await collect([path]);
    expect(records.map((r) => r.action)).toEqual(['ACCEPT', 'REJECT']);
    expect(stats.skippedLines).toBe(3);
    expect(stats.warnings.map(formatFlowLogWarning)).toEqual([
      `${path}:3: srcport is not a valid number: "http"`,
      `${path}:5: expected 14 fields, found 13`,
      `${path}:6: expected 14 fields, found 1`,
    ]);
  });

  it('keeps the first 100 warnings and counts the rest', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 150; i++) lines.push('bad line');
    lines.push(SSH_ACCEPT);
    const { records, stats } = await collect([file('many-bad.log', lines.join('\n'))]);
    expect(records).toEqual([SSH_RECORD]);
    expect(stats.warnings).toHaveLength(100);
    expect(stats.warningsDropped).toBe(50);
    expect(stats.skippedLines).toBe(150);
    expect(stats.warnings[99]!.line).toBe(101);
  });

  it('reads a cut-short gzip file up to the damage, with a warning', async () => {
    const whole = gzipSync([HEADER, ...Array.from({ length: 8000 }, () => SSH_ACCEPT)].join('\n'));
    const path = file('truncated.log.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const { records, stats } = await collect([path]);
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(8000);
    for (const record of records) expect(record).toEqual(SSH_RECORD);
    expect(stats.warnings.map((w) => w.reason).join()).toMatch(/gzip data is cut short or corrupt/);
    expect(stats.skippedLines).toBe(0);
  });
});

describe('TextFlowLogReader', () => {
  it('gives the same records and line numbers however the bytes are chunked', () => {
    const content = Buffer.from([HEADER, SSH_ACCEPT, 'bad', RDP_REJECT, NODATA, PING_ACCEPT].join('\r\n'));
    const read = (chunkSize: number): { records: FlowLogRecord[]; warnings: string[] } => {
      const stats = new FlowLogReadStats();
      const reader = new TextFlowLogReader('t.log', stats);
      const records: FlowLogRecord[] = [];
      for (let i = 0; i < content.length; i += chunkSize) reader.push(content.subarray(i, i + chunkSize), records);
      reader.end(records);
      return { records, warnings: stats.warnings.map(formatFlowLogWarning) };
    };
    const whole = read(content.length);
    expect(whole.records.map((r) => r.dstport)).toEqual([22, 3389, 0]);
    expect(whole.warnings).toEqual(['t.log:3: expected 14 fields, found 1']);
    for (const size of [1, 2, 7, 64]) expect(read(size)).toEqual(whole);
  });

  it('skips a line over 1 MiB without holding it, and reads on', () => {
    const stats = new FlowLogReadStats();
    const reader = new TextFlowLogReader('long.log', stats);
    const records: FlowLogRecord[] = [];
    reader.push(Buffer.from(HEADER + '\n' + SSH_ACCEPT + '\n'), records);
    const junk = Buffer.alloc(256 * 1024, 0x41);
    for (let i = 0; i < 5; i++) reader.push(junk, records);
    reader.push(Buffer.from('\n' + RDP_REJECT), records);
    reader.end(records);
    expect(records.map((r) => r.action)).toEqual(['ACCEPT', 'REJECT']);
    expect(stats.warnings.map(formatFlowLogWarning)).toEqual([`long.log:3: line longer than ${MAX_LINE_BYTES} bytes`]);
  });
});

describe('header-less input', () => {
  it('assumes the default order for 14 fields', async () => {
    const { records } = await collect([file('headerless.log', [SSH_ACCEPT, NODATA].join('\n'))]);
    expect(records).toEqual([SSH_RECORD]);
  });

  it('is an error naming the file for any other field count', async () => {
    const path = file('headerless-custom.log', '3 vpc-1 10.0.0.1 19\n');
    await expect(collect([path])).rejects.toThrowError(`${path}:1: no header line, and records have 4 fields`);
  });

  it('uses the caller-supplied format when its field count matches', async () => {
    const format = parseFlowLogFormat('${version} ${vpc-id} ${srcaddr} ${tcp-flags}');
    const { records } = await collect([file('headerless-custom2.log', '3 vpc-1 10.0.0.1 19\n')], { headerlessFormat: format });
    expect(records).toEqual([flowLogRecord({ version: 3, vpc_id: 'vpc-1', srcaddr: '10.0.0.1', tcp_flags: 19 })]);
  });
});

describe('CloudWatch Logs exports', () => {
  const events = [SSH_ACCEPT, NODATA, RDP_REJECT].map((message, i) => ({
    logStreamName: 'eni-1235b8ca123456789-all',
    timestamp: 1418530010000 + i,
    message,
    ingestionTime: 1418530100000,
    eventId: String(i),
  }));

  it('reads `aws logs filter-log-events` output (pretty-printed {"events":[...]})', async () => {
    const path = file('filter.json', JSON.stringify({ events, searchedLogStreams: [{ logStreamName: 'x', searchedCompletely: true }] }, null, 4));
    const { records, stats } = await collect([path]);
    expect(records.map((r) => r.action)).toEqual(['ACCEPT', 'REJECT']);
    expect(records[0]).toEqual(SSH_RECORD);
    expect(stats.nodata).toBe(1);
    expect(stats.filesByKind['cloudwatch-json']).toBe(1);
  });

  it('reads a bare array of events and one event object per line', async () => {
    expect((await collect([file('array.json', JSON.stringify(events, null, 2))])).records).toHaveLength(2);
    const ndjson = events.map((event) => JSON.stringify(event)).join('\n') + '\n';
    expect((await collect([file('events.ndjson', ndjson)])).records).toHaveLength(2);
    const gz = file('events.ndjson.gz', gzipSync(ndjson));
    expect((await collect([gz])).records.map((r) => r.dstport)).toEqual([22, 3389]);
  });

  it('warns about a bad line or event by its number', async () => {
    const ndjson = [JSON.stringify(events[0]), '{not json', JSON.stringify({ timestamp: 1 }), JSON.stringify(events[2])].join('\n');
    const path = file('bad.ndjson', ndjson);
    const { records, stats } = await collect([path]);
    expect(records).toHaveLength(2);
    expect(stats.warnings.map(formatFlowLogWarning)).toEqual([`${path}:2: not a JSON object`, `${path}:3: CloudWatch event without a string "message"`]);
  });

  it('reads the S3 export text form: a timestamp before each record, no header', async () => {
    const content = ['2014-12-14T04:06:50.000Z ' + SSH_ACCEPT, '2014-12-14T04:06:51.000Z ' + RDP_REJECT, 'no timestamp here'].join('\n');
    const path = file('000000', gzipSync(content));
    const { records, stats } = await collect([path]);
    expect(records.map((r) => r.action)).toEqual(['ACCEPT', 'REJECT']);
    expect(stats.filesByKind['cloudwatch-text']).toBe(1);
    expect(stats.warnings.map(formatFlowLogWarning)).toEqual([`${path}:3: expected a CloudWatch timestamp before the record`]);
  });

  it('rejects JSON that is not an export', async () => {
    const path = file('manifest.json', '{"files": ["a", "b"]}');
    await expect(collect([path])).rejects.toThrowError(`${path}: JSON but not a CloudWatch Logs export`);
  });
});

describe('paths and directories', () => {
  it('walks an S3 layout, a Hive layout and plain folders in name order, skipping non-flow-log files', async () => {
    const root = join(dir, 'bucket');
    const time = Date.UTC(2018, 5, 20, 16, 20) / 1000;
    const s3Dir = join(root, s3Prefix({ account: '123456789012', region: 'us-east-1', time }));
    const hiveDir = join(root, s3Prefix({ account: '123456789012', region: 'us-east-1', time, hive: true, hourly: true }));
    mkdirSync(s3Dir, { recursive: true });
    mkdirSync(hiveDir, { recursive: true });
    mkdirSync(join(root, 'plain'), { recursive: true });
    const name = (hash: string): string => s3ObjectName({ account: '123456789012', region: 'us-east-1', flowLogId: 'fl-1234abcd', time, hash });
    writeFileSync(join(s3Dir, name('aaaa0001')), gzipSync([HEADER, SSH_ACCEPT].join('\n')));
    writeFileSync(join(s3Dir, name('aaaa0002')), gzipSync([HEADER, RDP_REJECT, NODATA].join('\n')));
    writeFileSync(join(hiveDir, name('bbbb0001')), gzipSync([HEADER, PING_ACCEPT].join('\n')));
    writeFileSync(join(root, 'plain', 'README.md'), '# Flow logs for the demo VPC\n');
    writeFileSync(join(root, 'plain', 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    writeFileSync(join(root, 'plain', '.DS_Store'), 'hidden');
    writeFileSync(join(root, 'plain', 'z.log'), [HEADER, PING_REJECT].join('\n'));

    const { records, stats } = await collect([root]);
    // "AWSLogs/123456789012" sorts before "AWSLogs/aws-account-id=...", then "plain".
    expect(records.map((r) => `${r.srcaddr}>${r.dstaddr} ${r.action}`)).toEqual([
      '172.31.16.139>172.31.16.21 ACCEPT',
      '172.31.9.69>172.31.9.12 REJECT',
      '203.0.113.12>172.31.16.139 ACCEPT',
      '172.31.16.139>203.0.113.12 REJECT',
    ]);
    expect(stats.filesRead).toBe(4);
    expect(stats.gzipFiles).toBe(3);
    expect(stats.filesSkipped).toBe(2);
    expect(stats.nodata).toBe(1);
    expect(stats.warnings.map((w) => [w.file.slice(root.length), w.reason])).toEqual([
      ['/plain/README.md', 'not a VPC Flow Log file; skipped'],
      ['/plain/image.png', 'not a VPC Flow Log file; skipped'],
    ]);
  });

  it('throws one line naming a path that does not exist', async () => {
    const missing = join(dir, 'nope', 'flow.log');
    const error = await collect([missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MirrorscopeError);
    expect((error as MirrorscopeError).code).toBe('FLOWLOG_NOT_FOUND');
    expect((error as Error).message).toBe(`flow log path does not exist: ${missing}`);
  });

  it('throws for a named file that is not a flow log', async () => {
    const readme = file('README.md', '# Flow logs\n\nSee the bucket.\n');
    await expect(collect([readme])).rejects.toThrowError(`${readme}: not a VPC Flow Log file (line 1 is neither a header nor a record)`);
    const binary = file('data.bin', Buffer.from([1, 2, 3, 0, 5, 6]));
    await expect(collect([binary])).rejects.toThrowError(`${binary}: not a VPC Flow Log file (binary data)`);
  });

  it('reads an empty file as an empty flow log', async () => {
    const { records, stats } = await collect([file('empty.log', '')]);
    expect(records).toEqual([]);
    expect(stats.filesRead).toBe(1);
  });
});
