import { formatEveTimestamp } from '../../ops/index.js';
import type { EvePacketInfo } from './eve-packet-info.js';

/** An EVE anomaly event for a decode event (Suricata: `"anomaly": {"type": "decode", "event": ...}`). */
export function decodeAnomalyEvent(tsUs: number, pcapCnt: number | null, p: EvePacketInfo | null, event: string): Record<string, unknown> {
  const e: Record<string, unknown> = { timestamp: formatEveTimestamp(tsUs) };
  if (pcapCnt !== null) e.pcap_cnt = pcapCnt;
  e.event_type = 'anomaly';
  if (p !== null && p.src_ip !== '') {
    e.src_ip = p.src_ip;
    if (p.ipProto === 6 || p.ipProto === 17) e.src_port = p.src_port;
    e.dest_ip = p.dest_ip;
    if (p.ipProto === 6 || p.ipProto === 17) e.dest_port = p.dest_port;
    e.proto = p.proto;
    if (p.tunnel !== null) e.tunnel = p.tunnel;
  }
  e.anomaly = { type: 'decode', event };
  return e;
}
