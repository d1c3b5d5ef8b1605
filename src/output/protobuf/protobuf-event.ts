import type { FlowLogRecord } from '../../flowlog/index.js';

/** Plain-object forms of the messages in mirrorscope.proto, with its field names. */

export interface AlertTunnel {
  /** vxlan or geneve. */
  readonly type: string;
  readonly vni: number;
  readonly src_ip: string;
  readonly dest_ip: string;
}

export interface AlertInfo {
  readonly action: string;
  readonly gid: number;
  readonly signature_id: number;
  readonly rev: number;
  readonly signature: string;
  readonly category: string;
  readonly severity: number;
}

/**
 * 64-bit fields: numbers up to 2^53 - 1. A writer also takes a bigint or a decimal string for larger values (a
 * bigint given straight to protobufjs would be written as 0); a reader returns a decimal string for those.
 */
export type Int64Value = number | string;

export interface AlertMessage {
  readonly timestamp: string;
  readonly timestamp_us: Int64Value;
  readonly flow_id: Int64Value;
  readonly src_ip: string;
  readonly src_port?: number;
  readonly dest_ip: string;
  readonly dest_port?: number;
  readonly proto: string;
  readonly tunnel?: AlertTunnel;
  readonly alert: AlertInfo;
  readonly app_proto?: string;
  readonly flow_log?: FlowLogRecord;
  readonly pcap_cnt?: Int64Value;
  readonly icmp_type?: number;
  readonly icmp_code?: number;
  /** Other EVE members of the alert (http, tls, ...) as JSON object text. */
  readonly extra_json?: string;
}

export interface StatsMessage {
  readonly timestamp: string;
  readonly timestamp_us: Int64Value;
  /** Dotted EVE stats names -> value: `decoder.pkts`, `flow.active`. */
  readonly values: Readonly<Record<string, number>>;
}

/** One `mirrorscope.Event`: exactly one member set. */
export type MirrorscopeEvent =
  | { readonly alert: AlertMessage }
  | { readonly flow_log: FlowLogRecord }
  | { readonly stats: StatsMessage };

/** What a writer accepts: 64-bit fields may also be bigints. */
export type AlertMessageInput = Omit<AlertMessage, 'timestamp_us' | 'flow_id' | 'pcap_cnt'> & {
  readonly timestamp_us: Int64Value | bigint;
  readonly flow_id: Int64Value | bigint;
  readonly pcap_cnt?: Int64Value | bigint;
};

export type StatsMessageInput = Omit<StatsMessage, 'timestamp_us'> & { readonly timestamp_us: Int64Value | bigint };

export type MirrorscopeEventInput =
  | { readonly alert: AlertMessageInput }
  | { readonly flow_log: FlowLogRecord }
  | { readonly stats: StatsMessageInput };
