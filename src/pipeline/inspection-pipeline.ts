import { DecodedPacket, PacketDecoder, PacketFlag } from '../../native-free-decoders/index.js';
import type { DetectEngine } from '../detect/engine/index.js';
import { FlowLogWindows, FlowTable, type SourceMap } from '../flow/index.js';
import { VPC_FLOW_LOG_FIELDS, type FlowLogFieldSpec, type FlowLogRecord } from '../flowlog/index.js';
import type { EveType } from '../output/eve/index.js';
import { DecodeSummary } from '../replay/decode-summary.js';
import { DefragStage } from './defrag-stage.js';
import { DetectionStage } from './detection-stage.js';
import type { EveRecord } from './eve-record.js';
import type { PacketSink } from './packet-sink.js';

/** The `flow_log` object on alerts by default: interface.md's example (the v2 fields, tcp-flags, flow-direction). */
export const ALERT_FLOW_LOG_FIELDS: readonly FlowLogFieldSpec[] = VPC_FLOW_LOG_FIELDS.filter(
  (f) => f.version === 2 || f.column === 'tcp_flags' || f.column === 'flow_direction',
);

export interface InspectionPipelineOptions {
  /** Extra VXLAN / GENEVE ports (4789 and 6081 are always decoded). */
  vxlanPorts?: readonly number[];
  genevePorts?: readonly number[];
  /** Track Flow Log windows at all (alerts' `flow_log` reads them). Default true. */
  flowLogs?: boolean;
  /** Build closed Flow Log records (off when no output or contrast reads them). Default true. */
  flowLogRecords?: boolean;
  aggregationInterval?: number;
  /** The output format's version (the `version` field of every record). */
  flowLogVersion?: number;
  /** Fields of the `flow_log` object on EVE alerts. */
  alertFlowLogFields?: readonly FlowLogFieldSpec[];
  sources?: SourceMap;
  maxFlows?: number;
  /** Rules: null inspects nothing (flows, Flow Logs and app-layer EVE still work). */
  engine?: DetectEngine | null;
  /** EVE event types to produce; empty produces none. */
  eveTypes?: ReadonlySet<EveType>;
  /** Replay writes pcap_cnt in EVE; listen does not. */
  pcapCounts?: boolean;
  /** See DetectionStageOptions.deferHostThresholds: the caller applies a ThresholdGate to the EVE records. */
  deferHostThresholds?: boolean;
  /** See DetectionStageOptions.onRecords: EVE records handed over in batches as they are made. */
  onEveRecords?: (records: EveRecord[]) => void;
}

/** What one pipeline produced since the last drain; crosses postMessage in worker mode. */
export interface PipelineOutput {
  flowLogRecords: FlowLogRecord[];
  eve: EveRecord[];
}

/**
 * The per-thread inspection path: decode, summarise, track flows, derive Flow Log records, reassemble, parse
 * app-layer protocols and run the rules. One instance owns the state of the flows routed to its thread; replay
 * and listen feed it the same way (PacketSink).
 */
export class InspectionPipeline implements PacketSink {
  readonly decoder: PacketDecoder;
  readonly pkt = new DecodedPacket();
  readonly summary = new DecodeSummary();
  readonly flows: FlowTable;
  readonly flowLog: FlowLogWindows | null;
  readonly detection: DetectionStage;
  /** IP reassembly: datagrams completed from fragments are inspected whole, as Suricata's defrag does. */
  readonly defrag: DefragStage;
  private pending: FlowLogRecord[] = [];

  constructor(options: InspectionPipelineOptions = {}) {
    this.decoder = new PacketDecoder();
    for (const p of options.vxlanPorts ?? []) this.decoder.tunnelPorts.setVxlan(p);
    for (const p of options.genevePorts ?? []) this.decoder.tunnelPorts.setGeneve(p);
    this.defrag = new DefragStage(this.decoder);
    this.flows = new FlowTable(options.maxFlows !== undefined ? { maxFlows: options.maxFlows } : {});
    // The detection stage listens first: at flow end it flushes streams while the flow's Flow Log window is open.
    this.detection = new DetectionStage(this.flows, {
      engine: options.engine ?? null,
      eveTypes: options.eveTypes ?? new Set(),
      flowLogFields: options.alertFlowLogFields ?? ALERT_FLOW_LOG_FIELDS,
      pcapCounts: options.pcapCounts ?? true,
      deferHostThresholds: options.deferHostThresholds ?? false,
      ...(options.onEveRecords ? { onRecords: options.onEveRecords } : {}),
    });
    this.flows.addListener(this.detection);
    this.flowLog =
      options.flowLogs === false
        ? null
        : new FlowLogWindows(this.flows, {
            interval: options.aggregationInterval ?? 600,
            version: options.flowLogVersion ?? 2,
            records: options.flowLogRecords ?? true,
            ...(options.sources ? { sources: options.sources } : {}),
          });
    this.detection.attachFlowLog(this.flowLog);
  }

  packet(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    recordNumber: number,
    fileIndex: number,
  ): void {
    const sec = Math.floor(tsUs / 1e6);
    this.packetAt(bytes, offset, captureLength, wireLength, linkType, sec, tsUs - sec * 1e6, recordNumber, fileIndex);
  }

  /** The allocation-free entry: time as whole seconds and microseconds (see FlowTable.track). */
  packetAt(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    sec: number,
    usec: number,
    recordNumber = 0,
    fileIndex = 0,
  ): void {
    const pkt = this.pkt;
    this.decoder.decode(pkt, bytes, offset, captureLength, wireLength, linkType);
    this.summary.add(pkt, sec);
    // A delivery whose tunnel header is invalid is the mirror's own transport (source ENI to target), not mirrored
    // traffic: VPC Flow Logs never record mirrored traffic, so it gets no flow and no Flow Log record.
    let flow = -1;
    if ((pkt.flags & PacketFlag.InvalidTunnel) === 0) flow = this.flows.track(pkt, sec, usec);
    else this.flows.advanceTime(sec, usec);
    const fragment = (pkt.flags & PacketFlag.Fragment) !== 0;
    // Like Suricata, a fragment is not inspected on its own (only its decode anomalies are reported): the
    // reassembled datagram is, once complete.
    this.detection.packet(pkt, flow, this.flows.lastDirection, sec * 1e6 + usec, recordNumber, fileIndex, !fragment);
    if (fragment) this.reassembled(pkt, sec, usec, recordNumber, fileIndex);
  }

  /**
   * A fragment was counted above like any packet (AWS counts every fragment); when it completes its datagram, the
   * whole datagram is inspected too, in the flow its first fragment created, without being counted again.
   */
  private reassembled(pkt: DecodedPacket, sec: number, usec: number, recordNumber: number, fileIndex: number): void {
    const d = this.defrag;
    if (!d.add(pkt, sec, usec)) return;
    const flow = d.lookup(this.flows);
    this.detection.packet(d.pkt, flow, d.direction, sec * 1e6 + usec, recordNumber, fileIndex);
  }

  tick(nowUs: number): void {
    const sec = Math.floor(nowUs / 1e6);
    this.flows.advanceTime(sec, nowUs - sec * 1e6);
  }

  finish(): void {
    this.flows.flushAll();
    if (this.flowLog) this.pending.push(...this.flowLog.flushAll());
  }

  /** Flow Log records whose windows have closed (all of them after finish). */
  takeFlowLogRecords(): FlowLogRecord[] {
    if (this.flowLog) {
      const closed = this.flowLog.takeRecords();
      if (closed.length > 0) this.pending.push(...closed);
    }
    const out = this.pending;
    this.pending = [];
    return out;
  }

  takeEveRecords(): EveRecord[] {
    return this.detection.takeRecords();
  }

  drainOutput(): PipelineOutput {
    return { flowLogRecords: this.takeFlowLogRecords(), eve: this.takeEveRecords() };
  }
}
