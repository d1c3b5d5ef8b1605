import type { FlowLogReadStats, FlowLogRecord } from '../flowlog/index.js';
import { amazonDnsReason } from './amazon-dns.js';
import { keyOf, keyString, type DirectionKey } from './contrast-key.js';
import { emptySide, mergeRecord, type MergedSide } from './contrast-side.js';

/** An alert as the contrast needs it: the direction it rode on and what fired. */
export interface ContrastAlert {
  src_ip: string;
  src_port: number;
  dest_ip: string;
  dest_port: number;
  /** IANA protocol number. */
  protocol: number;
  signature_id: number;
  signature: string;
  interface_id?: string | null;
}

export type ContrastStatus = 'both' | 'mirror_only' | 'flow_log_only';

/** Why a key is where it is, in stable machine words (the text summary explains each). */
export type ContrastReason =
  | 'rejected_before_mirroring'
  | 'accepted_not_mirrored'
  | 'amazon_dns_not_in_flow_logs'
  | 'not_in_flow_logs'
  | 'mirror_missed_packets'
  | 'mirror_saw_more_packets'
  | 'byte_count_differs'
  | 'accept_and_reject'
  | 'threat_on_accepted_flow';

export interface ContrastFlow {
  interface_id: string | null;
  srcaddr: string;
  dstaddr: string;
  srcport: number;
  dstport: number;
  protocol: number;
  status: ContrastStatus;
  flow_log: { action: 'ACCEPT' | 'REJECT'; actions: ('ACCEPT' | 'REJECT')[]; packets: number; bytes: number; start: number; end: number; log_status: 'OK'; records: number } | null;
  mirror: { packets: number; bytes: number; start: number; end: number; tcp_flags: number | null } | null;
  alerts: { signature_id: number; signature: string }[];
  reasons: ContrastReason[];
  note: string | null;
}

export interface ContrastSummary {
  keys: number;
  both: number;
  mirror_only: number;
  flow_log_only: number;
  rejected_flows: number;
  accepted_not_mirrored: number;
  amazon_dns_flows: number;
  counter_mismatches: number;
  alerts: number;
  alerts_on_accepted_flows: number;
  flows_with_alerts: number;
  flow_log_records_used: number;
  flow_log_records_outside_capture_time: number;
  flow_log_records_other_interfaces: number;
  /** Mirrored directions of source ENIs that no Flow Log record mentions: not compared, listed by ENI. */
  mirror_directions_without_flow_logs: number;
  mirror_sources_without_flow_logs: string[];
  flow_log: Record<string, unknown> | null;
  tolerance_seconds: number;
  capture_start: number | null;
  capture_end: number | null;
}

export interface ContrastReport {
  summary: ContrastSummary;
  flows: ContrastFlow[];
}

export interface ContrastOptions {
  /** Flow Log windows: start/end may lag the packets by up to this much (AWS: "up to 60 seconds"). */
  toleranceSeconds?: number;
  /** The aggregation interval of the real Flow Logs (60 or 600). */
  aggregationInterval?: number;
  vpcCidrs?: readonly string[];
}

interface Entry {
  key: DirectionKey;
  /** The mirror source ENI's side of this direction (its primary address, or its interface id). */
  eni: string | null;
  mirror: MergedSide | null;
  flowLog: MergedSide | null;
  alerts: { signature_id: number; signature: string }[];
}

/**
 * Joins what the mirror saw (derived Flow Log records, one per direction and window) with real VPC Flow Log
 * records, per direction key. Real records stream in and are merged per key, so memory grows with distinct
 * keys, not records. Real records far outside the capture's time span are counted, not joined: a day of Flow Logs
 * against a five-minute capture should not call every other flow "not mirrored".
 */
export class ContrastBuilder {
  private readonly entries = new Map<string, Entry>();
  private readonly mirrorInterfaces = new Set<string>();
  /** Addresses and interfaces the real Flow Logs mention: a source ENI absent from them had no Flow Log given. */
  private readonly flowLogEnis = new Set<string>();
  private useInterface = false;
  private captureStart = Number.POSITIVE_INFINITY;
  private captureEnd = 0;
  private outsideTime = 0;
  private otherInterfaces = 0;
  private used = 0;
  private alertCount = 0;
  private readonly tolerance: number;
  private readonly interval: number;

  constructor(private readonly options: ContrastOptions = {}) {
    this.tolerance = options.toleranceSeconds ?? 60;
    this.interval = options.aggregationInterval ?? 600;
  }

  /** Add every mirror-derived record before the real ones: they decide the time span and the interfaces. */
  addMirrorRecord(r: FlowLogRecord): void {
    if (r.interface_id !== null) {
      this.mirrorInterfaces.add(r.interface_id);
      this.useInterface = true;
    }
    if (r.start !== null && r.start < this.captureStart) this.captureStart = r.start;
    if (r.end !== null && r.end > this.captureEnd) this.captureEnd = r.end;
    const e = this.entry(r);
    if (e) {
      e.eni ??= this.useInterface ? r.interface_id : r.flow_direction === 'ingress' ? r.dstaddr : r.flow_direction === 'egress' ? r.srcaddr : null;
      mergeRecord((e.mirror ??= emptySide()), r);
    }
  }

  addFlowLogRecord(r: FlowLogRecord): void {
    if (r.log_status !== null && r.log_status !== 'OK') return;
    if (this.useInterface && r.interface_id !== null && !this.mirrorInterfaces.has(r.interface_id)) {
      this.otherInterfaces++;
      return;
    }
    const slack = this.tolerance + this.interval;
    if (this.captureEnd > 0 && ((r.end ?? 0) < this.captureStart - slack || (r.start ?? 0) > this.captureEnd + slack)) {
      this.outsideTime++;
      return;
    }
    const e = this.entry(r);
    if (!e) return;
    if (r.interface_id !== null) this.flowLogEnis.add(r.interface_id);
    if (r.srcaddr !== null) this.flowLogEnis.add(r.srcaddr);
    if (r.dstaddr !== null) this.flowLogEnis.add(r.dstaddr);
    this.used++;
    mergeRecord((e.flowLog ??= emptySide()), r);
  }

  addAlert(a: ContrastAlert): void {
    this.alertCount++;
    const key: DirectionKey = {
      interface_id: this.useInterface ? (a.interface_id ?? null) : null,
      srcaddr: a.src_ip,
      dstaddr: a.dest_ip,
      srcport: a.protocol === 1 || a.protocol === 58 ? 0 : a.src_port,
      dstport: a.protocol === 1 || a.protocol === 58 ? 0 : a.dest_port,
      protocol: a.protocol,
    };
    const k = keyString(key);
    let e = this.entries.get(k);
    if (!e) {
      e = { key, eni: null, mirror: null, flowLog: null, alerts: [] };
      this.entries.set(k, e);
    }
    if (!e.alerts.some((x) => x.signature_id === a.signature_id)) e.alerts.push({ signature_id: a.signature_id, signature: a.signature });
  }

  private entry(r: FlowLogRecord): Entry | null {
    const key = keyOf(r, this.useInterface);
    if (!key) return null;
    const k = keyString(key);
    let e = this.entries.get(k);
    if (!e) {
      e = { key, eni: null, mirror: null, flowLog: null, alerts: [] };
      this.entries.set(k, e);
    }
    return e;
  }

  build(flowLogStats: FlowLogReadStats | null): ContrastReport {
    const flows: ContrastFlow[] = [];
    const s: ContrastSummary = {
      keys: 0, both: 0, mirror_only: 0, flow_log_only: 0, rejected_flows: 0, accepted_not_mirrored: 0, amazon_dns_flows: 0,
      counter_mismatches: 0, alerts: this.alertCount, alerts_on_accepted_flows: 0, flows_with_alerts: 0,
      flow_log_records_used: this.used, flow_log_records_outside_capture_time: this.outsideTime,
      flow_log_records_other_interfaces: this.otherInterfaces,
      mirror_directions_without_flow_logs: 0,
      mirror_sources_without_flow_logs: [],
      flow_log: flowLogStats ? (flowLogStats.toJSON() as unknown as Record<string, unknown>) : null,
      tolerance_seconds: this.tolerance,
      capture_start: Number.isFinite(this.captureStart) ? this.captureStart : null,
      capture_end: this.captureEnd > 0 ? this.captureEnd : null,
    };
    const uncovered = new Set<string>();
    for (const e of this.entries.values()) {
      if (!e.mirror && !e.flowLog) continue; // an alert on a key with no records cannot happen; skip defensively
      // A source ENI whose Flow Logs were not given at all: its traffic is not "missing from Flow Logs".
      if (!e.flowLog && e.eni !== null && !this.flowLogEnis.has(e.eni)) {
        s.mirror_directions_without_flow_logs++;
        uncovered.add(e.eni);
        continue;
      }
      flows.push(this.classify(e, s));
    }
    s.mirror_sources_without_flow_logs = [...uncovered].sort();
    flows.sort(compareFlows);
    s.keys = flows.length;
    return { summary: s, flows };
  }

  private classify(e: Entry, s: ContrastSummary): ContrastFlow {
    const { key, mirror: m, flowLog: f } = e;
    const reasons: ContrastReason[] = [];
    let note: string | null = null;
    const status: ContrastStatus = m && f ? 'both' : m ? 'mirror_only' : 'flow_log_only';
    s[status]++;
    if (f && f.reject > 0 && f.accept > 0) reasons.push('accept_and_reject');
    if (status === 'flow_log_only') {
      if (f!.reject > 0 && f!.accept === 0) {
        reasons.push('rejected_before_mirroring');
        s.rejected_flows++;
      } else {
        reasons.push('accepted_not_mirrored');
        s.accepted_not_mirrored++;
      }
    } else if (status === 'mirror_only') {
      const dns = amazonDnsReason(key.dstaddr, key.dstport, key.protocol, this.options.vpcCidrs ?? []);
      if (dns) {
        reasons.push('amazon_dns_not_in_flow_logs');
        s.amazon_dns_flows++;
        note = dns;
      } else reasons.push('not_in_flow_logs');
    } else {
      if (f!.packets > m!.packets) reasons.push('mirror_missed_packets');
      else if (f!.packets < m!.packets) reasons.push('mirror_saw_more_packets');
      else if (f!.bytes !== m!.bytes) reasons.push('byte_count_differs');
      if (reasons.some((r) => r === 'mirror_missed_packets' || r === 'mirror_saw_more_packets' || r === 'byte_count_differs')) {
        s.counter_mismatches++;
        note = `flow log ${f!.packets} packets / ${f!.bytes} bytes, mirror ${m!.packets} / ${m!.bytes}`;
      }
    }
    if (e.alerts.length > 0) {
      s.flows_with_alerts++;
      // The mirror only carries packets that passed security groups and NACLs: every mirrored alert rode on an
      // ACCEPTed flow, whether or not the Flow Log record for it has arrived.
      if (m) {
        reasons.push('threat_on_accepted_flow');
        s.alerts_on_accepted_flows += e.alerts.length;
      }
    }
    const actions: ('ACCEPT' | 'REJECT')[] = [];
    if (f && f.accept > 0) actions.push('ACCEPT');
    if (f && f.reject > 0) actions.push('REJECT');
    return {
      interface_id: key.interface_id,
      srcaddr: key.srcaddr,
      dstaddr: key.dstaddr,
      srcport: key.srcport,
      dstport: key.dstport,
      protocol: key.protocol,
      status,
      flow_log: f
        ? { action: f.accept > 0 ? 'ACCEPT' : 'REJECT', actions, packets: f.packets, bytes: f.bytes, start: f.start, end: f.end, log_status: 'OK', records: f.records }
        : null,
      mirror: m ? { packets: m.packets, bytes: m.bytes, start: m.start, end: m.end, tcp_flags: m.tcp_flags } : null,
      alerts: [...e.alerts].sort((a, b) => a.signature_id - b.signature_id),
      reasons,
      note,
    };
  }
}

const STATUS_ORDER: Record<ContrastStatus, number> = { both: 0, mirror_only: 1, flow_log_only: 2 };

function compareFlows(a: ContrastFlow, b: ContrastFlow): number {
  return (
    b.alerts.length - a.alerts.length ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (a.interface_id ?? '').localeCompare(b.interface_id ?? '') ||
    a.srcaddr.localeCompare(b.srcaddr) ||
    a.dstaddr.localeCompare(b.dstaddr) ||
    a.protocol - b.protocol ||
    a.srcport - b.srcport ||
    a.dstport - b.dstport
  );
}
