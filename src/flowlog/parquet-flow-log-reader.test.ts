import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { BasicType, ColumnSource } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { flowLogRecord } from './flow-log-record.js';
import type { FlowLogRecord } from './flow-log-record.js';
import { FlowLogReadStats } from './flow-log-read-stats.js';
import { readFlowLogs } from './flow-log-reader.js';
import { DEFAULT_FLOW_LOG_FORMAT, VPC_FLOW_LOG_FIELDS } from './vpc-flow-log-fields.js';
import type { FlowLogFieldSpec } from './vpc-flow-log-fields.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlog-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PARQUET_TYPE: Record<FlowLogFieldSpec['parquetType'], BasicType> = { INT_32: 'INT32', INT_64: 'INT64', STRING: 'STRING' };

/** Parquet as AWS lays it out: underscore column names, the field table's types, nulls for "-". */
function parquetOf(records: FlowLogRecord[], fields: readonly FlowLogFieldSpec[], options: { gzip?: boolean; rowGroupSize?: number } = {}): ArrayBuffer {
  const columnData: ColumnSource[] = fields.map((spec) => ({
    name: spec.column,
    type: PARQUET_TYPE[spec.parquetType],
    data: records.map((record) => {
      const value = record[spec.column];
      return spec.parquetType === 'INT_64' && value !== null ? BigInt(value) : value;
    }),
  }));
  return parquetWriteBuffer({
    columnData,
    rowGroupSize: options.rowGroupSize ?? 100_000,
    ...(options.gzip === true ? { codec: 'GZIP' as const, compressors: { GZIP: (input: Uint8Array) => gzipSync(input) } } : {}),
  });
}

async function collect(path: string): Promise<{ records: FlowLogRecord[]; stats: FlowLogReadStats }> {
  const stats = new FlowLogReadStats();
  const records: FlowLogRecord[] = [];
  for await (const record of readFlowLogs([path], stats)) records.push(record);
  return { records, stats };
}

function write(name: string, bytes: ArrayBuffer | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes);
  return path;
}

const base = flowLogRecord({
  version: 2, account_id: '123456789010', interface_id: 'eni-1235b8ca123456789', srcaddr: '172.31.16.139', dstaddr: '172.31.16.21',
  srcport: 20641, dstport: 22, protocol: 6, packets: 20, bytes: 4249, start: 1418530010, end: 1418530070, action: 'ACCEPT', log_status: 'OK',
});

describe('Parquet flow logs', () => {
  it('reads the default fields across several row groups, skipping NODATA', async () => {
    // 5000 rows in row groups of 4500: more rows per group than the reader's 4096-row slices.
    const records = Array.from({ length: 5000 }, (_, i) => ({ ...base, srcport: i, bytes: 2 ** 40 + i, action: i % 3 === 0 ? ('REJECT' as const) : ('ACCEPT' as const) }));
    const nodata = flowLogRecord({ version: 2, account_id: '123456789010', interface_id: 'eni-1', start: 1, end: 2, log_status: 'NODATA' });
    const path = write('default.parquet', parquetOf([...records, nodata], DEFAULT_FLOW_LOG_FORMAT.fields, { rowGroupSize: 4500 }));
    const { records: read, stats } = await collect(path);
    expect(read).toEqual(records);
    expect(stats.filesByKind.parquet).toBe(1);
    expect(stats.nodata).toBe(1);
    expect(stats.recordsByAction).toEqual({ ACCEPT: 3333, REJECT: 1667, unknown: 0 });
    expect(stats.bytesRead).toBeGreaterThan(0);
  });

  it('reads every field, ECS included, with Gzip pages as AWS writes them', async () => {
    const full = flowLogRecord({
      ...base, version: 7, vpc_id: 'vpc-1', subnet_id: 'subnet-1', instance_id: null, tcp_flags: 19, type: 'IPv6', pkt_srcaddr: '2001:db8::1',
      pkt_dstaddr: '2001:db8::2', region: 'us-east-1', az_id: 'use1-az1', sublocation_type: null, sublocation_id: null, pkt_src_aws_service: 'S3',
      pkt_dst_aws_service: null, flow_direction: 'egress', traffic_path: 8, ecs_cluster_arn: 'arn:aws:ecs:us-east-1:1:cluster/c', ecs_cluster_name: 'c',
      ecs_container_instance_arn: null, ecs_container_instance_id: null, ecs_container_id: 'abc', ecs_second_container_id: 'def', ecs_service_name: 's',
      ecs_task_definition_arn: 'arn:aws:ecs:us-east-1:1:task-definition/t:1', ecs_task_arn: 'arn:aws:ecs:us-east-1:1:task/c/x', ecs_task_id: 'x',
    });
    const path = write('full.parquet', parquetOf([full, { ...full, tcp_flags: null, srcport: 1 }], VPC_FLOW_LOG_FIELDS, { gzip: true }));
    expect((await collect(path)).records).toEqual([full, { ...full, tcp_flags: null, srcport: 1 }]);
  });

  it('reads a gzip-wrapped Parquet file and ignores unknown columns with a warning', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'srcaddr', data: ['10.0.0.1'], type: 'STRING' },
        { name: 'reject_reason', data: ['BPA'], type: 'STRING' },
        { name: 'action', data: ['REJECT'], type: 'STRING' },
      ],
    });
    const path = write('wrapped.parquet.gz', gzipSync(new Uint8Array(bytes)));
    const { records, stats } = await collect(path);
    expect(records).toEqual([flowLogRecord({ srcaddr: '10.0.0.1', action: 'REJECT' })]);
    expect(stats.gzipFiles).toBe(1);
    expect(stats.warnings).toEqual([{ file: path, line: 0, reason: 'Parquet column "reject_reason" is not a flow-log field; ignored' }]);
  });

  it('warns about an invalid row by its number and reads the others', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'srcport', data: [1, 70000, 3], type: 'INT32' },
        { name: 'action', data: ['ACCEPT', 'ACCEPT', 'DENY'], type: 'STRING' },
      ],
    });
    const path = write('invalid.parquet', bytes);
    const { records, stats } = await collect(path);
    expect(records).toEqual([flowLogRecord({ srcport: 1, action: 'ACCEPT' })]);
    expect(stats.warnings.map((w) => `${w.line}: ${w.reason}`)).toEqual(['2: srcport is not a valid number: 70000', '3: action must be ACCEPT or REJECT, found "DENY"']);
  });

  it('treats a Parquet file without flow-log columns as not a flow log', async () => {
    const path = write('other.parquet', parquetWriteBuffer({ columnData: [{ name: 'price', data: [1.5], type: 'DOUBLE' }] }));
    await expect(collect(path)).rejects.toThrowError(`${path}: not a VPC Flow Log file (a Parquet file without flow-log columns)`);
  });

  it('throws a one-line error naming a corrupt Parquet file', async () => {
    const bytes = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'srcport', data: [1], type: 'INT32' }] }));
    const path = write('corrupt.parquet', Buffer.concat([Buffer.from(bytes.subarray(0, 8)), Buffer.from('PAR1')]));
    await expect(collect(path)).rejects.toThrowError(new RegExp(`^${path.replaceAll('.', '\\.')}: cannot read Parquet flow log: `));
  });
});
