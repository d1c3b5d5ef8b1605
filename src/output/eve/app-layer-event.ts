import { formatEveTimestamp } from '../../ops/index.js';
import { eveProto } from './eve-proto.js';

export interface AppLayerEventInput {
  tsUs: number;
  flowId: number;
  pcapCnt: number | null;
  eventType: 'http' | 'tls' | 'dns';
  txId: number;
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  ipProto: number;
  body: Record<string, unknown>;
  tunnel: Record<string, unknown> | null;
}

/** An EVE http / tls / dns event for one transaction, client to server as Suricata writes them. */
export function appLayerEvent(i: AppLayerEventInput): Record<string, unknown> {
  const e: Record<string, unknown> = { timestamp: formatEveTimestamp(i.tsUs), flow_id: i.flowId };
  if (i.pcapCnt !== null) e.pcap_cnt = i.pcapCnt;
  e.event_type = i.eventType;
  e.src_ip = i.client;
  e.src_port = i.clientPort;
  e.dest_ip = i.server;
  e.dest_port = i.serverPort;
  e.proto = eveProto(i.ipProto);
  if (i.tunnel) e.tunnel = i.tunnel;
  if (i.eventType !== 'dns') e.tx_id = i.txId;
  e[i.eventType] = i.body;
  return e;
}
