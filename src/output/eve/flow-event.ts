import { formatEveTimestamp } from '../../ops/index.js';
import { eveProto } from './eve-proto.js';
import { jsonNumber, tunnelJson } from './eve-json-text.js';
import type { EveTunnel } from './eve-packet-info.js';

export interface FlowEventInput {
  flowId: number;
  startUs: number;
  endUs: number;
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  ipProto: number;
  appProto: string | null;
  pktsToServer: number;
  pktsToClient: number;
  bytesToServer: number;
  bytesToClient: number;
  /** Suricata's names: new, established, closed. */
  state: string;
  /** Suricata's names: timeout, forced, shutdown. */
  reason: string;
  alerted: boolean;
  tunnel: EveTunnel | null;
}

/** An EVE flow event (written when the flow ends) as its JSON line, Suricata's shape; bytes are IP bytes. */
export function flowEventLine(f: FlowEventInput): string {
  const ports = f.ipProto === 6 || f.ipProto === 17;
  const start = formatEveTimestamp(f.startUs);
  let s = `{"timestamp":"${start}","flow_id":${jsonNumber(f.flowId)},"event_type":"flow","src_ip":"${f.client}"`;
  if (ports) s += `,"src_port":${jsonNumber(f.clientPort)}`;
  s += `,"dest_ip":"${f.server}"`;
  if (ports) s += `,"dest_port":${jsonNumber(f.serverPort)}`;
  s += `,"proto":"${eveProto(f.ipProto)}"`;
  if (f.appProto && f.appProto !== 'unknown') s += `,"app_proto":${JSON.stringify(f.appProto)}`;
  if (f.tunnel) s += `,"tunnel":${tunnelJson(f.tunnel)}`;
  s +=
    `,"flow":{"pkts_toserver":${jsonNumber(f.pktsToServer)},"pkts_toclient":${jsonNumber(f.pktsToClient)}` +
    `,"bytes_toserver":${jsonNumber(f.bytesToServer)},"bytes_toclient":${jsonNumber(f.bytesToClient)}` +
    `,"start":"${start}","end":"${formatEveTimestamp(f.endUs)}"` +
    `,"age":${jsonNumber(Math.floor(f.endUs / 1e6) - Math.floor(f.startUs / 1e6))}` +
    `,"state":${JSON.stringify(f.state)},"reason":${JSON.stringify(f.reason)},"alerted":${f.alerted}}}`;
  return s;
}
