import { formatEveTimestamp } from '../../ops/index.js';
import { eveProto } from './eve-proto.js';

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
  tunnel: Record<string, unknown> | null;
}

/** An EVE flow event (written when the flow ends), Suricata's shape; bytes are IP bytes. */
export function flowEvent(f: FlowEventInput): Record<string, unknown> {
  const ports = f.ipProto === 6 || f.ipProto === 17;
  const e: Record<string, unknown> = {
    timestamp: formatEveTimestamp(f.startUs),
    flow_id: f.flowId,
    event_type: 'flow',
    src_ip: f.client,
  };
  if (ports) e.src_port = f.clientPort;
  e.dest_ip = f.server;
  if (ports) e.dest_port = f.serverPort;
  e.proto = eveProto(f.ipProto);
  if (f.appProto && f.appProto !== 'unknown') e.app_proto = f.appProto;
  if (f.tunnel) e.tunnel = f.tunnel;
  e.flow = {
    pkts_toserver: f.pktsToServer,
    pkts_toclient: f.pktsToClient,
    bytes_toserver: f.bytesToServer,
    bytes_toclient: f.bytesToClient,
    start: formatEveTimestamp(f.startUs),
    end: formatEveTimestamp(f.endUs),
    age: Math.floor(f.endUs / 1e6) - Math.floor(f.startUs / 1e6),
    state: f.state,
    reason: f.reason,
    alerted: f.alerted,
  };
  return e;
}
