import { MirrorscopeError } from '../errors.js';
import { FLOW_LOG_SETTERS } from './flow-log-record.js';
import type { FlowLogColumn, FlowLogSetter } from './flow-log-record.js';

export type FlowLogFieldKind = 'number' | 'string';
export type FlowLogParquetType = 'INT_32' | 'INT_64' | 'STRING';

export interface FlowLogFieldSpec {
  /** The name in a format string and a text header: `interface-id`. */
  readonly name: string;
  /** The Parquet column and record key: `interface_id`. */
  readonly column: FlowLogColumn;
  /** The flow-log version that introduced the field. */
  readonly version: number;
  readonly parquetType: FlowLogParquetType;
  readonly kind: FlowLogFieldKind;
  /** Largest valid value of a number field; a larger one makes the record malformed. */
  readonly max: number;
  /** Stores a value of this field into a record. */
  readonly set: FlowLogSetter;
}

const ANY = Number.MAX_SAFE_INTEGER;

function field(name: string, version: number, parquetType: FlowLogParquetType, max = ANY): FlowLogFieldSpec {
  const column = name.replaceAll('-', '_') as FlowLogColumn;
  return Object.freeze({
    name,
    column,
    version,
    parquetType,
    kind: parquetType === 'STRING' ? 'string' : 'number',
    max,
    set: FLOW_LOG_SETTERS[column],
  });
}

/**
 * Every VPC Flow Log field of versions 2-5 plus the version-7 ECS fields, in the order AWS lists them.
 * Version 6 is Transit Gateway flow logs, a different record, so it has no fields here.
 */
export const VPC_FLOW_LOG_FIELDS: readonly FlowLogFieldSpec[] = Object.freeze([
  field('version', 2, 'INT_32', 255),
  field('account-id', 2, 'STRING'),
  field('interface-id', 2, 'STRING'),
  field('srcaddr', 2, 'STRING'),
  field('dstaddr', 2, 'STRING'),
  field('srcport', 2, 'INT_32', 65535),
  field('dstport', 2, 'INT_32', 65535),
  field('protocol', 2, 'INT_32', 255),
  field('packets', 2, 'INT_64'),
  field('bytes', 2, 'INT_64'),
  field('start', 2, 'INT_64'),
  field('end', 2, 'INT_64'),
  field('action', 2, 'STRING'),
  field('log-status', 2, 'STRING'),
  field('vpc-id', 3, 'STRING'),
  field('subnet-id', 3, 'STRING'),
  field('instance-id', 3, 'STRING'),
  field('tcp-flags', 3, 'INT_32', 65535),
  field('type', 3, 'STRING'),
  field('pkt-srcaddr', 3, 'STRING'),
  field('pkt-dstaddr', 3, 'STRING'),
  field('region', 4, 'STRING'),
  field('az-id', 4, 'STRING'),
  field('sublocation-type', 4, 'STRING'),
  field('sublocation-id', 4, 'STRING'),
  field('pkt-src-aws-service', 5, 'STRING'),
  field('pkt-dst-aws-service', 5, 'STRING'),
  field('flow-direction', 5, 'STRING'),
  field('traffic-path', 5, 'INT_32', 255),
  field('ecs-cluster-arn', 7, 'STRING'),
  field('ecs-cluster-name', 7, 'STRING'),
  field('ecs-container-instance-arn', 7, 'STRING'),
  field('ecs-container-instance-id', 7, 'STRING'),
  field('ecs-container-id', 7, 'STRING'),
  field('ecs-second-container-id', 7, 'STRING'),
  field('ecs-service-name', 7, 'STRING'),
  field('ecs-task-definition-arn', 7, 'STRING'),
  field('ecs-task-arn', 7, 'STRING'),
  field('ecs-task-id', 7, 'STRING'),
]);

const BY_NAME = new Map<string, FlowLogFieldSpec>();
for (const spec of VPC_FLOW_LOG_FIELDS) {
  BY_NAME.set(spec.name, spec);
  BY_NAME.set(spec.column, spec);
}

/** The field called `name`, in hyphen (`log-status`) or underscore (`log_status`) spelling. */
export function flowLogField(name: string): FlowLogFieldSpec | undefined {
  return BY_NAME.get(name);
}

export interface FlowLogFormat {
  readonly fields: readonly FlowLogFieldSpec[];
  /** The record `version` value for this format: the highest version among its fields. */
  readonly version: number;
  /** The AWS format string, `${version} ${account-id} ...`. */
  readonly formatString: string;
  /** The text-file header line: hyphen names separated by single spaces. */
  readonly header: string;
}

/** The highest version among `fields` (2 when there are none): what AWS writes in `version`. */
export function flowLogFormatVersion(fields: readonly FlowLogFieldSpec[]): number {
  let version = 2;
  for (const spec of fields) if (spec.version > version) version = spec.version;
  return version;
}

/** A format from field specs in record order. */
export function flowLogFormatOf(fields: readonly FlowLogFieldSpec[]): FlowLogFormat {
  const frozen = Object.freeze([...fields]);
  return Object.freeze({
    fields: frozen,
    version: flowLogFormatVersion(frozen),
    formatString: frozen.map((spec) => '${' + spec.name + '}').join(' '),
    header: frozen.map((spec) => spec.name).join(' '),
  });
}

const TOKEN = /^\$\{([^}]*)\}$/;

/**
 * Parses an AWS custom format (`'${version} ${interface-id} ...'`). Bare names (`version interface-id`, as
 * in a header line) are accepted too. Throws MirrorscopeError for an unknown or repeated field.
 */
export function parseFlowLogFormat(format: string): FlowLogFormat {
  const tokens = format.trim().split(/\s+/).filter((token) => token.length > 0);
  if (tokens.length === 0) {
    throw new MirrorscopeError('FLOWLOG_BAD_FORMAT', 'flow log format is empty: give at least one ${field}');
  }
  const fields: FlowLogFieldSpec[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const match = TOKEN.exec(token);
    const name = match ? match[1]! : token;
    if (!match && token.includes('$')) {
      throw new MirrorscopeError(
        'FLOWLOG_BAD_FORMAT',
        `flow log format: cannot read "${token}": write each field as \${name}, separated by spaces`,
      );
    }
    const spec = flowLogField(name);
    if (spec === undefined) {
      throw new MirrorscopeError(
        'FLOWLOG_BAD_FORMAT',
        `flow log format: unknown field "${name}" (known: versions 2-5 and the ecs-* fields, e.g. interface-id, tcp-flags)`,
      );
    }
    if (seen.has(spec.name)) {
      throw new MirrorscopeError('FLOWLOG_BAD_FORMAT', `flow log format: field "${spec.name}" appears twice`);
    }
    seen.add(spec.name);
    fields.push(spec);
  }
  return flowLogFormatOf(fields);
}

/** The AWS default format: every version-2 field, in AWS's order. */
export const DEFAULT_FLOW_LOG_FORMAT: FlowLogFormat = flowLogFormatOf(
  VPC_FLOW_LOG_FIELDS.filter((spec) => spec.version === 2),
);

/** The default format as the format string AWS shows for it. */
export const DEFAULT_FLOW_LOG_FORMAT_STRING: string = DEFAULT_FLOW_LOG_FORMAT.formatString;
