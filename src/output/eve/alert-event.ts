import type { Alert } from '../../detect/engine/index.js';
import { formatEveTimestamp } from '../../ops/index.js';
import type { EvePacketInfo } from './eve-packet-info.js';
import { jsonNumber, tunnelJson } from './eve-json-text.js';

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
  /** The flow_log object as JSON text (FlowLogWindows.snapshotJson), or null. */
  flowLogJson: string | null;
}

/**
 * An EVE alert event as its JSON line (eve-json-text.ts says why text), keys in Suricata's order plus
 * mirrorscope's tunnel and flow_log.
 *
 * The line is built with +=, a rope of its parts: keeping it so would cost more than a flat string, which is why
 * replay's spool encodes lines to bytes as they come (the write flattens the rope while it is still young).
 */
export function alertEventLine(i: AlertEventInput): string {
  const p = i.packet;
  const r = i.reversed;
  const hasPorts = p.ipProto === 6 || p.ipProto === 17;
  let s = `{"timestamp":"${formatEveTimestamp(i.tsUs)}"`;
  if (i.flowId !== null) s += `,"flow_id":${jsonNumber(i.flowId)}`;
  if (i.pcapCnt !== null) s += `,"pcap_cnt":${jsonNumber(i.pcapCnt)}`;
  s += `,"event_type":"alert","src_ip":"${r ? p.dest_ip : p.src_ip}"`;
  if (hasPorts) s += `,"src_port":${jsonNumber(r ? p.dest_port : p.src_port)}`;
  s += `,"dest_ip":"${r ? p.src_ip : p.dest_ip}"`;
  if (hasPorts) s += `,"dest_port":${jsonNumber(r ? p.src_port : p.dest_port)}`;
  s += `,"proto":"${p.proto}"`;
  if ((p.ipProto === 1 || p.ipProto === 58) && p.icmp_type >= 0) s += `,"icmp_type":${jsonNumber(p.icmp_type)},"icmp_code":${jsonNumber(p.icmp_code)}`;
  if (i.direction !== null) s += `,"direction":"${i.direction}"`;
  if (p.tunnel !== null) s += `,"tunnel":${tunnelJson(p.tunnel)}`;
  s += `,"alert":${alertBodyJson(i.alert)}`;
  if (i.appProto !== null && i.appProto !== '' && i.appProto !== 'unknown') s += `,"app_proto":${JSON.stringify(i.appProto)}`;
  if (i.appLayer !== null) s += `,${JSON.stringify(i.appLayer.key)}:${JSON.stringify(i.appLayer.value)}`;
  if (i.flowLogJson !== null) s += `,"flow_log":${i.flowLogJson}`;
  return s + '}';
}

// The alert object depends only on the signature: serialized once per signature that fires.
const alertBodies = new WeakMap<Alert['signature'], string>();

function alertBodyJson(a: Alert): string {
  let body = alertBodies.get(a.signature);
  if (body === undefined) {
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
    body = JSON.stringify(alert);
    alertBodies.set(a.signature, body);
  }
  return body;
}
