import type { FlowLogRecord } from '../../flowlog/index.js';
import type { AlertInfo, AlertMessage, AlertMessageInput, AlertTunnel } from './protobuf-event.js';

/** Members of an EVE alert that the Alert message has fields for; the rest travel in `extra_json`. */
const FIELDS = new Set([
  'timestamp',
  'timestamp_us',
  'flow_id',
  'event_type',
  'src_ip',
  'src_port',
  'dest_ip',
  'dest_port',
  'proto',
  'tunnel',
  'alert',
  'app_proto',
  'flow_log',
  'pcap_cnt',
  'icmp_type',
  'icmp_code',
]);

/**
 * An EVE alert object (as written to `--eve`) as an Alert message. `timestampMicros` is the same instant as
 * `timestamp`; EVE's text has it, but parsing it back would be slower than passing the number along.
 */
export function alertMessageFromEve(eve: Readonly<Record<string, unknown>>, timestampMicros: number | bigint): AlertMessageInput {
  const out: Record<string, unknown> = {
    timestamp: eve.timestamp,
    timestamp_us: timestampMicros,
    flow_id: eve.flow_id ?? 0,
    src_ip: eve.src_ip,
    dest_ip: eve.dest_ip,
    proto: eve.proto,
    alert: eve.alert,
  };
  for (const key of ['src_port', 'dest_port', 'tunnel', 'app_proto', 'flow_log', 'pcap_cnt', 'icmp_type', 'icmp_code']) {
    if (eve[key] !== undefined && eve[key] !== null) out[key] = eve[key];
  }
  const extra: Record<string, unknown> = {};
  let hasExtra = false;
  for (const key of Object.keys(eve)) {
    if (FIELDS.has(key) || eve[key] === undefined) continue;
    extra[key] = eve[key];
    hasExtra = true;
  }
  if (hasExtra) out.extra_json = JSON.stringify(extra);
  return out as unknown as AlertMessageInput;
}

/** An Alert message back in EVE's member order, with `extra_json` spread in and unknown flow-log fields left out. */
export function eveFromAlertMessage(alert: AlertMessage): Record<string, unknown> {
  const eve: Record<string, unknown> = { timestamp: alert.timestamp, flow_id: alert.flow_id };
  if (alert.pcap_cnt !== undefined) eve.pcap_cnt = alert.pcap_cnt;
  eve.event_type = 'alert';
  eve.src_ip = alert.src_ip;
  if (alert.src_port !== undefined) eve.src_port = alert.src_port;
  eve.dest_ip = alert.dest_ip;
  if (alert.dest_port !== undefined) eve.dest_port = alert.dest_port;
  eve.proto = alert.proto;
  if (alert.icmp_type !== undefined) eve.icmp_type = alert.icmp_type;
  if (alert.icmp_code !== undefined) eve.icmp_code = alert.icmp_code;
  if (alert.tunnel !== undefined) eve.tunnel = { ...(alert.tunnel as AlertTunnel) };
  eve.alert = { ...(alert.alert as AlertInfo) };
  if (alert.app_proto !== undefined) eve.app_proto = alert.app_proto;
  if (alert.extra_json !== undefined) {
    try {
      const extra = JSON.parse(alert.extra_json) as unknown;
      if (extra !== null && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(eve, extra);
      else eve.extra = extra;
    } catch {
      eve.extra_json = alert.extra_json;
    }
  }
  if (alert.flow_log !== undefined) eve.flow_log = knownFlowLogFields(alert.flow_log);
  return eve;
}

/** A record without its null (`-`, unknown) fields. */
export function knownFlowLogFields(record: FlowLogRecord): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(record)) if (value !== null) out[key] = value as string | number;
  return out;
}
