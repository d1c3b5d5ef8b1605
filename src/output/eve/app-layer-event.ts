import { formatEveTimestamp } from '../../ops/index.js';
import { eveProto } from './eve-proto.js';
import { jsonNumber, tunnelJson } from './eve-json-text.js';
import type { EveTunnel } from './eve-packet-info.js';

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
  tunnel: EveTunnel | null;
}

/**
 * An EVE http / tls / dns event for one transaction as its JSON line, client to server as Suricata writes them.
 * The protocol object is serialized as it is; the rest is written as text (eve-json-text.ts).
 */
export function appLayerEventLine(i: AppLayerEventInput): string {
  let s = `{"timestamp":"${formatEveTimestamp(i.tsUs)}","flow_id":${jsonNumber(i.flowId)}`;
  if (i.pcapCnt !== null) s += `,"pcap_cnt":${jsonNumber(i.pcapCnt)}`;
  s +=
    `,"event_type":"${i.eventType}","src_ip":"${i.client}","src_port":${jsonNumber(i.clientPort)}` +
    `,"dest_ip":"${i.server}","dest_port":${jsonNumber(i.serverPort)},"proto":"${eveProto(i.ipProto)}"`;
  if (i.tunnel) s += `,"tunnel":${tunnelJson(i.tunnel)}`;
  if (i.eventType !== 'dns') s += `,"tx_id":${jsonNumber(i.txId)}`;
  return s + `,"${i.eventType}":${JSON.stringify(i.body)}}`;
}
