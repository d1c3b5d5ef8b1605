import type { FlowLogRecord } from '../flowlog/index.js';

/**
 * One direction of traffic as both VPC Flow Logs and the mirror name it: interface (when known on both sides),
 * srcaddr, dstaddr, srcport, dstport, protocol. Flow Logs write ICMP ports as 0, and so do our derived records.
 */
export interface DirectionKey {
  interface_id: string | null;
  srcaddr: string;
  dstaddr: string;
  srcport: number;
  dstport: number;
  protocol: number;
}

export function keyOf(r: FlowLogRecord, useInterface: boolean): DirectionKey | null {
  if (r.srcaddr === null || r.dstaddr === null || r.protocol === null) return null;
  return {
    interface_id: useInterface ? r.interface_id : null,
    srcaddr: r.srcaddr,
    dstaddr: r.dstaddr,
    srcport: r.srcport ?? 0,
    dstport: r.dstport ?? 0,
    protocol: r.protocol,
  };
}

export function keyString(k: DirectionKey): string {
  return `${k.interface_id ?? '*'}|${k.srcaddr}|${k.dstaddr}|${k.srcport}|${k.dstport}|${k.protocol}`;
}
