import { IPPROTO_TCP } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';
import { flowLogJsonText, type FlowLogValueOf } from '../flowlog/flow-log-json.js';
import { emptyFlowLogRecord } from '../flowlog/flow-log-record.js';
import type { FlowLogRecord } from '../flowlog/flow-log-record.js';
import { VPC_FLOW_LOG_FIELDS, type FlowLogFieldSpec } from '../flowlog/vpc-flow-log-fields.js';
import { awsTcpFlags } from './aws-tcp-flags.js';
import { FlowDirection } from './flow-direction.js';
import { KEY_SOURCE_ADDR, MirrorSourceKind } from './flow-key.js';
import { compareFlowLogRecords } from './flow-log-order.js';
import type { FlowTable, FlowTableListener } from './flow-table.js';
import { formatKeyAddress } from './key-address.js';
import { SourceMap, prefixContains, type MirrorSourceInfo } from './sources.js';

/** The two aggregation intervals AWS offers, in seconds. */
export const AGGREGATION_INTERVALS: readonly number[] = [60, 600];
export const DEFAULT_AGGREGATION_INTERVAL = 600;

export interface FlowLogWindowOptions {
  /** Aggregation interval in seconds: 60 or 600 (AWS's default maximum). */
  interval?: number;
  /** The `version` field: the output format's version (highest version among its fields). Default 2. */
  version?: number;
  sources?: SourceMap;
  /**
   * Build closed records (default true). When nothing writes or compares them, false keeps only the open window's
   * accumulators, which alerts' `flow_log` snapshots read, and skips a record object per flow direction.
   */
  records?: boolean;
}

export interface FlowLogWindowStats {
  /** Records handed out by takeRecords/flushAll. */
  records: number;
  windowsClosed: number;
  /** Packets older than the open window (out-of-order capture): counted in the open window at its start. */
  latePackets: number;
  /** Records folded into another with the same identity in the same window (flow reuse, secondary IPs). */
  merged: number;
}

// eniSide values: which endpoint of a flow is the mirror source ENI.
const SIDE_UNRESOLVED = -1;
const SIDE_UNKNOWN = 0;
const SIDE_CLIENT = 1;
const SIDE_SERVER = 2;
const SOURCE_UNRESOLVED = -2;

/**
 * Derived VPC Flow Log records: one per direction of each flow (mirror source, srcaddr, dstaddr, srcport,
 * dstport, protocol) per aggregation window, accumulated from the packets the flow table tracks.
 *
 * Windows are aligned to multiples of the interval in epoch seconds ([600k, 600k + 600)). AWS documents neither
 * where its windows start nor that they align (its own examples show records spanning 58 s and 180 s), so any
 * choice is a model; aligned windows make the output independent of where a capture starts and identical across
 * workers, and make one window close at the same instant for every flow.
 *
 * A window closes when packet time passes its end (the table's clock, so a replay closes windows exactly as live
 * traffic would). Records of flows that end inside a window wait for that window to close, so everything released
 * is final and sorted by compareFlowLogRecords; records with the same identity in one window (a TCP port reused
 * after a flow closed, two flows that map onto one primary address) are merged as AWS aggregates them.
 *
 * The per-packet path (onPacket) writes typed arrays only; records (objects and strings) are built once per flow
 * direction per window.
 */
export class FlowLogWindows implements FlowTableListener {
  readonly interval: number;
  readonly version: number;
  readonly sources: SourceMap;
  readonly stats: FlowLogWindowStats = { records: 0, windowsClosed: 0, latePackets: 0, merged: 0 };

  private readonly table: FlowTable;
  private window = Number.NEGATIVE_INFINITY;
  private accPackets = new Uint32Array(0);
  private accBytes = new Float64Array(0);
  // Whole seconds fit 32 bits unsigned until 2106.
  private accStart = new Uint32Array(0);
  private accEnd = new Uint32Array(0);
  private accFlags = new Uint8Array(0);
  private listedIn = new Float64Array(0);
  private eniSide = new Int8Array(0);
  private sourceIndex = new Int32Array(0);
  private listed = new Int32Array(1024);
  private listedCount = 0;
  private pending = new Map<string, FlowLogRecord>();
  private ready: FlowLogRecord[] = [];
  private readonly keepRecords: boolean;

  constructor(table: FlowTable, options: FlowLogWindowOptions = {}) {
    const interval = options.interval ?? DEFAULT_AGGREGATION_INTERVAL;
    if (!AGGREGATION_INTERVALS.includes(interval)) {
      throw new MirrorscopeError('FLOWLOG_BAD_INTERVAL', `aggregation interval must be 60 or 600 seconds (got ${interval})`);
    }
    this.interval = interval;
    this.version = options.version ?? 2;
    this.sources = options.sources ?? SourceMap.EMPTY;
    this.keepRecords = options.records ?? true;
    this.table = table;
    table.addListener(this);
  }

  /** Start (epoch seconds) of the window currently accumulating, or -Infinity before the first packet. */
  get openWindowStart(): number {
    return this.window * this.interval;
  }

  onCapacityChange(capacity: number): void {
    const old = this.listedIn.length;
    if (capacity <= old) return;
    const grow2 = <T extends Uint32Array | Float64Array | Uint8Array>(a: T, b: T): T => {
      b.set(a as never);
      return b;
    };
    this.accPackets = grow2(this.accPackets, new Uint32Array(2 * capacity));
    this.accBytes = grow2(this.accBytes, new Float64Array(2 * capacity));
    this.accStart = grow2(this.accStart, new Uint32Array(2 * capacity));
    this.accEnd = grow2(this.accEnd, new Uint32Array(2 * capacity));
    this.accFlags = grow2(this.accFlags, new Uint8Array(2 * capacity));
    const listedIn = new Float64Array(capacity).fill(-1);
    listedIn.set(this.listedIn);
    this.listedIn = listedIn;
    const side = new Int8Array(capacity);
    side.set(this.eniSide);
    this.eniSide = side;
    const source = new Int32Array(capacity);
    source.set(this.sourceIndex);
    this.sourceIndex = source;
  }

  onFlowStart(flow: number): void {
    for (let i = 2 * flow; i < 2 * flow + 2; i++) {
      this.accPackets[i] = 0;
      this.accBytes[i] = 0;
      this.accFlags[i] = 0;
    }
    this.eniSide[flow] = SIDE_UNRESOLVED;
    this.sourceIndex[flow] = SOURCE_UNRESOLVED;
  }

  onPacket(flow: number, direction: FlowDirection, sec: number, _usec: number, ipLength: number, tcpFlags: number): void {
    const windowStart = this.window * this.interval;
    if (sec < windowStart) {
      sec = windowStart;
      this.stats.latePackets++;
    }
    const i = 2 * flow + direction;
    if (this.accPackets[i] === 0) {
      this.accStart[i] = sec;
      this.accEnd[i] = sec;
      this.accFlags[i] = 0;
    } else {
      if (sec < this.accStart[i]!) this.accStart[i] = sec;
      if (sec > this.accEnd[i]!) this.accEnd[i] = sec;
    }
    this.accPackets[i]!++;
    this.accBytes[i]! += ipLength;
    if (tcpFlags !== 0) this.accFlags[i]! |= awsTcpFlags(tcpFlags);
    if (this.listedIn[flow] !== this.window) {
      this.listedIn[flow] = this.window;
      if (this.listedCount === this.listed.length) {
        const bigger = new Int32Array(this.listed.length * 2);
        bigger.set(this.listed);
        this.listed = bigger;
      }
      this.listed[this.listedCount++] = flow;
    }
  }

  onTimeAdvance(sec: number): void {
    const w = Math.floor(sec / this.interval);
    if (w <= this.window) return;
    if (this.window !== Number.NEGATIVE_INFINITY) this.closeWindow();
    this.window = w;
  }

  onFlowEnd(flow: number): void {
    this.closeFlow(flow);
  }

  /** Bytes held by the per-flow typed arrays. */
  memoryBytes(): number {
    const arrays = [
      this.accPackets, this.accBytes, this.accStart, this.accEnd, this.accFlags, this.listedIn, this.eniSide,
      this.sourceIndex, this.listed,
    ];
    return arrays.reduce((n, a) => n + a.byteLength, 0);
  }

  /** Records of windows that have closed, in output order; each record is handed out once. */
  takeRecords(): FlowLogRecord[] {
    const out = this.ready;
    this.ready = [];
    this.stats.records += out.length;
    return out;
  }

  /** End of input: closes the open window for every flow (flows stay in the table) and returns what is left. */
  flushAll(): FlowLogRecord[] {
    if (this.window !== Number.NEGATIVE_INFINITY) this.closeWindow();
    return this.takeRecords();
  }

  /**
   * The record AWS would write for this flow direction's open window so far, or null when that direction has no
   * packet in it. For EVE alerts (`flow_log`).
   */
  snapshot(flow: number, direction: FlowDirection): FlowLogRecord | null {
    if (!this.table.isActive(flow) || this.accPackets[2 * flow + direction] === 0) return null;
    return this.buildRecord(flow, direction);
  }

  /**
   * The JSON text of snapshot(flow, direction) with these fields, without the record: every alert carries one, and
   * the record object (and the columns the fields leave out) cost more than the text.
   */
  snapshotJson(flow: number, direction: FlowDirection, fields: readonly FlowLogFieldSpec[]): string | null {
    if (!this.table.isActive(flow) || this.accPackets[2 * flow + direction] === 0) return null;
    this.describe(flow, direction);
    return flowLogJsonText(this.valueOf, fields);
  }

  private closeWindow(): void {
    const table = this.table;
    for (let k = 0; k < this.listedCount; k++) {
      const f = this.listed[k]!;
      if (table.isActive(f)) this.closeFlow(f);
    }
    this.listedCount = 0;
    this.stats.windowsClosed++;
    if (this.pending.size === 0) return;
    const records = [...this.pending.values()].sort(compareFlowLogRecords);
    this.pending.clear();
    for (const r of records) this.ready.push(r);
  }

  private closeFlow(flow: number): void {
    for (let d = 0; d < 2; d++) {
      const i = 2 * flow + d;
      if (this.accPackets[i] === 0) continue;
      if (!this.keepRecords) {
        this.accPackets[i] = 0;
        this.accBytes[i] = 0;
        this.accFlags[i] = 0;
        continue;
      }
      const record = this.buildRecord(flow, d as FlowDirection);
      const identity = `${this.sourceIdentity(flow)}|${record.srcaddr}|${record.dstaddr}|${record.srcport}|${record.dstport}|${record.protocol}|${record.pkt_srcaddr}|${record.pkt_dstaddr}`;
      const prior = this.pending.get(identity);
      if (prior === undefined) this.pending.set(identity, record);
      else {
        prior.packets! += record.packets!;
        prior.bytes! += record.bytes!;
        prior.start = Math.min(prior.start!, record.start!);
        prior.end = Math.max(prior.end!, record.end!);
        if (prior.tcp_flags !== null && record.tcp_flags !== null) prior.tcp_flags |= record.tcp_flags;
        this.stats.merged++;
      }
      this.accPackets[i] = 0;
      this.accBytes[i] = 0;
      this.accFlags[i] = 0;
    }
  }

  private sourceIdentity(flow: number): string {
    const t = this.table;
    return `${t.sourceKind(flow)}/${t.vni(flow)}/${t.mirrorSourceAddress(flow) ?? ''}`;
  }

  private buildRecord(flow: number, direction: FlowDirection): FlowLogRecord {
    this.describe(flow, direction);
    // valueOf answers null for the columns a derived record leaves unknown (sublocations, AWS services, ECS).
    const record = emptyFlowLogRecord();
    for (const spec of VPC_FLOW_LOG_FIELDS) spec.set(record, this.valueOf(spec.column));
    return record;
  }

  /** Resolves what the columns of one flow direction's open window are made of, for valueOf. */
  private describe(flow: number, direction: FlowDirection): void {
    const d = this.described;
    const toServer = direction === FlowDirection.ToServer;
    const side = this.resolveEniSide(flow);
    const sourceIdx = this.resolveSource(flow);
    d.flow = flow;
    d.index = 2 * flow + direction;
    d.toServer = toServer;
    d.srcIsEni = side === (toServer ? SIDE_CLIENT : SIDE_SERVER);
    d.dstIsEni = side === (toServer ? SIDE_SERVER : SIDE_CLIENT);
    d.source = sourceIdx >= 0 ? this.sources.sources[sourceIdx]! : null;
    d.pktSrc = null;
    d.pktDst = null;
  }

  private readonly described = {
    flow: 0,
    index: 0,
    toServer: true,
    srcIsEni: false,
    dstIsEni: false,
    source: null as MirrorSourceInfo | null,
    // The packets' addresses as text, formatted when a column first asks (srcaddr and pkt-srcaddr share them).
    pktSrc: null as string | null,
    pktDst: null as string | null,
  };

  /** A column of the flow direction describe() resolved last; null where the record leaves it unknown. */
  private readonly valueOf: FlowLogValueOf = (column) => {
    const d = this.described;
    const t = this.table;
    const flow = d.flow;
    switch (column) {
      case 'version':
        return this.version;
      case 'account_id':
        return d.source?.account_id ?? null;
      case 'interface_id':
        return d.source?.interface_id ?? null;
      // AWS puts the ENI's primary private IPv4 on the ENI side of srcaddr/dstaddr and the real address in pkt-*.
      // For a mirror the primary IP is the delivery's outer source, so a packet to a secondary IP (or a pod IP
      // listed in --sources addresses) shows the primary here. IPv6 traffic keeps its own addresses, as AWS's IPv6
      // example does. Where neither side is known to be the ENI (a NAT'd or unlisted address), the packet's stay.
      case 'srcaddr':
        return (d.srcIsEni ? this.primaryAddress(flow) : null) ?? (d.pktSrc ??= this.packetAddress(flow, !d.toServer));
      case 'dstaddr':
        return (d.dstIsEni ? this.primaryAddress(flow) : null) ?? (d.pktDst ??= this.packetAddress(flow, d.toServer));
      case 'srcport':
        return d.toServer ? t.clientPort(flow) : t.serverPort(flow);
      case 'dstport':
        return d.toServer ? t.serverPort(flow) : t.clientPort(flow);
      case 'protocol':
        return t.proto(flow);
      case 'packets':
        return this.accPackets[d.index]!;
      case 'bytes':
        return this.accBytes[d.index]!;
      case 'start':
        return this.accStart[d.index]!;
      case 'end':
        return this.accEnd[d.index]!;
      case 'action':
        return 'ACCEPT';
      case 'log_status':
        return 'OK';
      case 'vpc_id':
        return d.source?.vpc_id ?? null;
      case 'subnet_id':
        return d.source?.subnet_id ?? null;
      case 'instance_id':
        return d.source?.instance_id ?? null;
      case 'tcp_flags':
        return t.proto(flow) === IPPROTO_TCP ? this.accFlags[d.index]! : 0;
      case 'type':
        return t.ipVersion(flow) === 6 ? 'IPv6' : 'IPv4';
      case 'pkt_srcaddr':
        return (d.pktSrc ??= this.packetAddress(flow, !d.toServer));
      case 'pkt_dstaddr':
        return (d.pktDst ??= this.packetAddress(flow, d.toServer));
      case 'region':
        return d.source?.region ?? null;
      case 'az_id':
        return d.source?.az_id ?? null;
      case 'flow_direction':
        return d.srcIsEni ? 'egress' : d.dstIsEni ? 'ingress' : null;
      default:
        return null;
    }
  };

  /** The client's (false) or the server's (true) address as the packets carry it. */
  private packetAddress(flow: number, server: boolean): string {
    const t = this.table;
    return formatKeyAddress(t.keyWords, t.endpointAddressAt(flow, server), t.ipVersion(flow));
  }

  /** The mirror source ENI's primary IPv4 (the VXLAN delivery's outer source), or null when it has none here. */
  private primaryAddress(flow: number): string | null {
    const t = this.table;
    return t.ipVersion(flow) === 4 && t.sourceKind(flow) === MirrorSourceKind.Vxlan && t.mirrorIpVersion(flow) === 4
      ? t.mirrorSourceAddress(flow)
      : null;
  }

  private resolveSource(flow: number): number {
    let idx = this.sourceIndex[flow]!;
    if (idx !== SOURCE_UNRESOLVED) return idx;
    const t = this.table;
    idx = t.sourceKind(flow) === MirrorSourceKind.Vxlan ? this.sources.find(t.vni(flow), t.mirrorSourceAddress(flow)) : -1;
    this.sourceIndex[flow] = idx;
    return idx;
  }

  /** Which endpoint is the mirror source ENI: its primary IP (the outer source), or an address listed for it. */
  private resolveEniSide(flow: number): number {
    let side = this.eniSide[flow]!;
    if (side !== SIDE_UNRESOLVED) return side;
    const t = this.table;
    side = SIDE_UNKNOWN;
    if (t.sourceKind(flow) === MirrorSourceKind.Vxlan) {
      const keys = t.keyWords;
      const version = t.ipVersion(flow);
      const sourceIdx = this.resolveSource(flow);
      const extra = sourceIdx >= 0 ? this.sources.sources[sourceIdx]!.addresses : [];
      const mirrorAt = t.keyOffset(flow) + KEY_SOURCE_ADDR;
      const sameVersion = t.mirrorIpVersion(flow) === version;
      const isEni = (at: number): boolean => {
        if (sameVersion) {
          let same = true;
          for (let k = 0; k < 4; k++) if (keys[at + k] !== keys[mirrorAt + k]) same = false;
          if (same) return true;
        }
        for (const p of extra) if (prefixContains(p, keys, at, version)) return true;
        return false;
      };
      // A flow between two addresses of the same ENI counts from the client's side.
      if (isEni(t.endpointAddressAt(flow, false))) side = SIDE_CLIENT;
      else if (isEni(t.endpointAddressAt(flow, true))) side = SIDE_SERVER;
    }
    this.eniSide[flow] = side;
    return side;
  }
}
