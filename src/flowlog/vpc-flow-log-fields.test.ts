import { describe, expect, it } from 'vitest';
import { MirrorscopeError } from '../errors.js';
import { emptyFlowLogRecord } from './flow-log-record.js';
import {
  DEFAULT_FLOW_LOG_FORMAT,
  DEFAULT_FLOW_LOG_FORMAT_STRING,
  VPC_FLOW_LOG_FIELDS,
  flowLogField,
  flowLogFormatVersion,
  parseFlowLogFormat,
} from './vpc-flow-log-fields.js';

describe('VPC_FLOW_LOG_FIELDS', () => {
  it('has every field of versions 2-5 and the ten v7 ECS fields', () => {
    const perVersion = new Map<number, number>();
    for (const spec of VPC_FLOW_LOG_FIELDS) perVersion.set(spec.version, (perVersion.get(spec.version) ?? 0) + 1);
    expect(Object.fromEntries(perVersion)).toEqual({ 2: 14, 3: 7, 4: 4, 5: 4, 7: 10 });
    expect(VPC_FLOW_LOG_FIELDS).toHaveLength(39);
  });

  it('maps hyphen names to underscore columns that are exactly the record keys', () => {
    const columns = VPC_FLOW_LOG_FIELDS.map((spec) => spec.column).sort();
    expect(columns).toEqual(Object.keys(emptyFlowLogRecord()).sort());
    expect(flowLogField('interface-id')?.column).toBe('interface_id');
    expect(flowLogField('pkt-src-aws-service')?.column).toBe('pkt_src_aws_service');
    expect(flowLogField('ecs-task-definition-arn')?.column).toBe('ecs_task_definition_arn');
    expect(flowLogField('log_status')?.name).toBe('log-status');
    expect(flowLogField('nope')).toBeUndefined();
  });

  it('carries the Parquet types of the AWS field table', () => {
    const types = Object.fromEntries(VPC_FLOW_LOG_FIELDS.map((spec) => [spec.name, spec.parquetType]));
    expect(types).toMatchObject({
      version: 'INT_32',
      'account-id': 'STRING',
      srcport: 'INT_32',
      dstport: 'INT_32',
      protocol: 'INT_32',
      packets: 'INT_64',
      bytes: 'INT_64',
      start: 'INT_64',
      end: 'INT_64',
      action: 'STRING',
      'tcp-flags': 'INT_32',
      'traffic-path': 'INT_32',
      'flow-direction': 'STRING',
      'ecs-cluster-arn': 'STRING',
    });
    for (const spec of VPC_FLOW_LOG_FIELDS) expect(spec.kind).toBe(spec.parquetType === 'STRING' ? 'string' : 'number');
  });
});

describe('default format', () => {
  it('is the 14 version-2 fields in AWS order, version 2', () => {
    expect(DEFAULT_FLOW_LOG_FORMAT.header).toBe(
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    );
    expect(DEFAULT_FLOW_LOG_FORMAT_STRING).toBe(
      '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
    );
    expect(DEFAULT_FLOW_LOG_FORMAT.version).toBe(2);
  });
});

describe('parseFlowLogFormat', () => {
  it('reads the custom format of the AWS create-flow-logs example and computes version 3', () => {
    const format = parseFlowLogFormat(
      '${version} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}',
    );
    expect(format.fields.map((spec) => spec.column)).toEqual([
      'version', 'vpc_id', 'subnet_id', 'instance_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
      'tcp_flags', 'type', 'pkt_srcaddr', 'pkt_dstaddr',
    ]);
    expect(format.version).toBe(3);
  });

  it('gives version 5 for the traffic-path example format and 7 with an ECS field', () => {
    const v5 = parseFlowLogFormat(
      '${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${start} ${end} ${type} ${packets} ${bytes} ${account-id} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${action} ${tcp-flags} ${pkt-srcaddr} ${pkt-dstaddr} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${traffic-path} ${flow-direction} ${log-status}',
    );
    expect(v5.version).toBe(5);
    expect(v5.fields).toHaveLength(29);
    expect(parseFlowLogFormat('${srcaddr} ${ecs-task-id}').version).toBe(7);
    expect(parseFlowLogFormat('${region}').version).toBe(4);
    expect(flowLogFormatVersion([])).toBe(2);
  });

  it('accepts bare names, extra spaces and round-trips its own format string', () => {
    const format = parseFlowLogFormat('  version   interface-id  ${tcp-flags} ');
    expect(format.header).toBe('version interface-id tcp-flags');
    expect(parseFlowLogFormat(format.formatString).header).toBe(format.header);
  });

  it('rejects an unknown field naming it', () => {
    expect(() => parseFlowLogFormat('${version} ${interface_idd}')).toThrowError(/unknown field "interface_idd"/);
    try {
      parseFlowLogFormat('${bogus}');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MirrorscopeError);
      expect((error as MirrorscopeError).code).toBe('FLOWLOG_BAD_FORMAT');
    }
  });

  it('rejects empty formats, repeated fields and unreadable tokens', () => {
    expect(() => parseFlowLogFormat('   ')).toThrowError(/empty/);
    expect(() => parseFlowLogFormat('${srcaddr} ${srcaddr}')).toThrowError(/"srcaddr" appears twice/);
    expect(() => parseFlowLogFormat('${srcaddr}${dstaddr}')).toThrowError(/cannot read "\$\{srcaddr\}\$\{dstaddr\}"/);
  });
});
