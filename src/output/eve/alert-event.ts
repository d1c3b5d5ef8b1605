import type { Alert } from '../../detect/engine/index.js';
import { formatEveTimestamp } from '../../ops/index.js';
import type { EvePacketInfo } from './eve-packet-info.js';

export interface AlertEventInput {
  tsUs: number;
  flowId: number | null;
  /** 1-based packet number in its capture (replay), or null (listen). */
  pcapCnt: number | null;
  packet: EvePacketInfo;
  /** The matched data ran against the packet's direction (a response buffer on a request packet): swap src/dest. */
  reversed: boolean;
  alert: Alert;
  direction: 'to_server' | 'to_client' | null;
  appProto: string | null;
  /** The protocol object under its EVE key ("http", "tls", "dns"), when the alert rode on a transaction. */
  appLayer: { key: string; value: Record<string, unknown> } | null;
  flowLog: Record<string, string | number> | null;
}

/** An EVE alert event, keys in Suricata's order plus mirrorscope's tunnel and flow_log. */
export function alertEvent(i: AlertEventInput): Record<string, unknown> {
  const p = i.packet;
  const [srcIp, srcPort, destIp, destPort] = i.reversed ? [p.dest_ip, p.dest_port, p.src_ip, p.src_port] : [p.src_ip, p.src_port, p.dest_ip, p.dest_port];
  const e: Record<string, unknown> = { timestamp: formatEveTimestamp(i.tsUs) };
  if (i.flowId !== null) e.flow_id = i.flowId;
  if (i.pcapCnt !== null) e.pcap_cnt = i.pcapCnt;
  e.event_type = 'alert';
  e.src_ip = srcIp;
  if (p.ipProto === 6 || p.ipProto === 17) e.src_port = srcPort;
  e.dest_ip = destIp;
  if (p.ipProto === 6 || p.ipProto === 17) e.dest_port = destPort;
  e.proto = p.proto;
  if ((p.ipProto === 1 || p.ipProto === 58) && p.icmp_type >= 0) {
    e.icmp_type = p.icmp_type;
    e.icmp_code = p.icmp_code;
  }
  if (i.direction !== null) e.direction = i.direction;
  if (p.tunnel !== null) e.tunnel = p.tunnel;
  const a = i.alert;
  const alert: Record<string, unknown> = {
    action: a.action,
    gid: a.gid,
    signature_id: a.sid,
    rev: a.rev,
    signature: a.msg,
    category: a.category,
    severity: a.severity,
  };
  if (a.ruleAction !== 'alert') alert.rule_action = a.ruleAction;
  const meta = a.signature.metadata;
  if (meta && meta.length > 0) {
    const m: Record<string, string[]> = {};
    for (const [k, v] of meta) (m[k] ??= []).push(v);
    alert.metadata = m;
  }
  e.alert = alert;
  if (i.appProto !== null && i.appProto !== '' && i.appProto !== 'unknown') e.app_proto = i.appProto;
  if (i.appLayer !== null) e[i.appLayer.key] = i.appLayer.value;
  if (i.flowLog !== null) e.flow_log = i.flowLog;
  return e;
}
