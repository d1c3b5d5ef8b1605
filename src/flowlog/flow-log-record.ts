/**
 * One VPC Flow Log record, keyed by the Parquet/Athena (underscore) field names.
 * `null` is AWS's `-`: not applicable, not computed, or not in the chosen format.
 * Numbers are JS numbers: bytes and packets of one record stay far below 2^53.
 */
export interface FlowLogRecord {
  version: number | null;
  account_id: string | null;
  interface_id: string | null;
  srcaddr: string | null;
  dstaddr: string | null;
  srcport: number | null;
  dstport: number | null;
  protocol: number | null;
  packets: number | null;
  bytes: number | null;
  start: number | null;
  end: number | null;
  action: FlowLogAction | null;
  log_status: FlowLogStatus | null;
  // version 3
  vpc_id: string | null;
  subnet_id: string | null;
  instance_id: string | null;
  tcp_flags: number | null;
  type: string | null;
  pkt_srcaddr: string | null;
  pkt_dstaddr: string | null;
  // version 4
  region: string | null;
  az_id: string | null;
  sublocation_type: string | null;
  sublocation_id: string | null;
  // version 5
  pkt_src_aws_service: string | null;
  pkt_dst_aws_service: string | null;
  flow_direction: string | null;
  traffic_path: number | null;
  // version 7 (ECS)
  ecs_cluster_arn: string | null;
  ecs_cluster_name: string | null;
  ecs_container_instance_arn: string | null;
  ecs_container_instance_id: string | null;
  ecs_container_id: string | null;
  ecs_second_container_id: string | null;
  ecs_service_name: string | null;
  ecs_task_definition_arn: string | null;
  ecs_task_arn: string | null;
  ecs_task_id: string | null;
}

export type FlowLogAction = 'ACCEPT' | 'REJECT';
export type FlowLogStatus = 'OK' | 'NODATA' | 'SKIPDATA';

/** Every key of a record; the field table maps each one to its hyphen name. */
export type FlowLogColumn = keyof FlowLogRecord;

/** A record with every field unknown, for producers to fill in. */
export function emptyFlowLogRecord(): FlowLogRecord {
  return {
    version: null,
    account_id: null,
    interface_id: null,
    srcaddr: null,
    dstaddr: null,
    srcport: null,
    dstport: null,
    protocol: null,
    packets: null,
    bytes: null,
    start: null,
    end: null,
    action: null,
    log_status: null,
    vpc_id: null,
    subnet_id: null,
    instance_id: null,
    tcp_flags: null,
    type: null,
    pkt_srcaddr: null,
    pkt_dstaddr: null,
    region: null,
    az_id: null,
    sublocation_type: null,
    sublocation_id: null,
    pkt_src_aws_service: null,
    pkt_dst_aws_service: null,
    flow_direction: null,
    traffic_path: null,
    ecs_cluster_arn: null,
    ecs_cluster_name: null,
    ecs_container_instance_arn: null,
    ecs_container_instance_id: null,
    ecs_container_id: null,
    ecs_second_container_id: null,
    ecs_service_name: null,
    ecs_task_definition_arn: null,
    ecs_task_arn: null,
    ecs_task_id: null,
  };
}

/** A record built from `fields`, the rest unknown. */
export function flowLogRecord(fields: Partial<FlowLogRecord>): FlowLogRecord {
  return Object.assign(emptyFlowLogRecord(), fields);
}

/** Stores a parsed value into one column; the caller has already checked the value's kind. */
export type FlowLogSetter = (record: FlowLogRecord, value: string | number | null) => void;

/**
 * One setter per column: a store through a fixed property name stays monomorphic, where
 * `record[column] = value` with 39 different keys would make every store megamorphic on the hot path.
 */
export const FLOW_LOG_SETTERS: Readonly<Record<FlowLogColumn, FlowLogSetter>> = Object.freeze({
  version: (r, v) => {
    r.version = v as number | null;
  },
  account_id: (r, v) => {
    r.account_id = v as string | null;
  },
  interface_id: (r, v) => {
    r.interface_id = v as string | null;
  },
  srcaddr: (r, v) => {
    r.srcaddr = v as string | null;
  },
  dstaddr: (r, v) => {
    r.dstaddr = v as string | null;
  },
  srcport: (r, v) => {
    r.srcport = v as number | null;
  },
  dstport: (r, v) => {
    r.dstport = v as number | null;
  },
  protocol: (r, v) => {
    r.protocol = v as number | null;
  },
  packets: (r, v) => {
    r.packets = v as number | null;
  },
  bytes: (r, v) => {
    r.bytes = v as number | null;
  },
  start: (r, v) => {
    r.start = v as number | null;
  },
  end: (r, v) => {
    r.end = v as number | null;
  },
  action: (r, v) => {
    r.action = v as FlowLogAction | null;
  },
  log_status: (r, v) => {
    r.log_status = v as FlowLogStatus | null;
  },
  vpc_id: (r, v) => {
    r.vpc_id = v as string | null;
  },
  subnet_id: (r, v) => {
    r.subnet_id = v as string | null;
  },
  instance_id: (r, v) => {
    r.instance_id = v as string | null;
  },
  tcp_flags: (r, v) => {
    r.tcp_flags = v as number | null;
  },
  type: (r, v) => {
    r.type = v as string | null;
  },
  pkt_srcaddr: (r, v) => {
    r.pkt_srcaddr = v as string | null;
  },
  pkt_dstaddr: (r, v) => {
    r.pkt_dstaddr = v as string | null;
  },
  region: (r, v) => {
    r.region = v as string | null;
  },
  az_id: (r, v) => {
    r.az_id = v as string | null;
  },
  sublocation_type: (r, v) => {
    r.sublocation_type = v as string | null;
  },
  sublocation_id: (r, v) => {
    r.sublocation_id = v as string | null;
  },
  pkt_src_aws_service: (r, v) => {
    r.pkt_src_aws_service = v as string | null;
  },
  pkt_dst_aws_service: (r, v) => {
    r.pkt_dst_aws_service = v as string | null;
  },
  flow_direction: (r, v) => {
    r.flow_direction = v as string | null;
  },
  traffic_path: (r, v) => {
    r.traffic_path = v as number | null;
  },
  ecs_cluster_arn: (r, v) => {
    r.ecs_cluster_arn = v as string | null;
  },
  ecs_cluster_name: (r, v) => {
    r.ecs_cluster_name = v as string | null;
  },
  ecs_container_instance_arn: (r, v) => {
    r.ecs_container_instance_arn = v as string | null;
  },
  ecs_container_instance_id: (r, v) => {
    r.ecs_container_instance_id = v as string | null;
  },
  ecs_container_id: (r, v) => {
    r.ecs_container_id = v as string | null;
  },
  ecs_second_container_id: (r, v) => {
    r.ecs_second_container_id = v as string | null;
  },
  ecs_service_name: (r, v) => {
    r.ecs_service_name = v as string | null;
  },
  ecs_task_definition_arn: (r, v) => {
    r.ecs_task_definition_arn = v as string | null;
  },
  ecs_task_arn: (r, v) => {
    r.ecs_task_arn = v as string | null;
  },
  ecs_task_id: (r, v) => {
    r.ecs_task_id = v as string | null;
  },
});
