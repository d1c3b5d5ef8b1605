import { DecodedPacket, PacketDecoder } from '../../native-free-decoders/index.js';
import { FlowLogWindows, FlowTable, type SourceMap } from '../flow/index.js';
import type { FlowLogRecord } from '../flowlog/index.js';
import { DecodeSummary } from '../replay/decode-summary.js';
import type { PacketSink } from './packet-sink.js';

export interface InspectionPipelineOptions {
  /** Extra VXLAN / GENEVE ports (4789 and 6081 are always decoded). */
  vxlanPorts?: readonly number[];
  genevePorts?: readonly number[];
  /** Derive VPC Flow Log records (off when no output or contrast needs them). */
  flowLogs?: boolean;
  aggregationInterval?: number;
  /** The output format's version (the `version` field of every record). */
  flowLogVersion?: number;
  sources?: SourceMap;
  maxFlows?: number;
}

/** What one pipeline produced since the last drain; crosses postMessage in worker mode. */
export interface PipelineOutput {
  flowLogRecords: FlowLogRecord[];
}

/**
 * The per-thread inspection path: decode, summarise, track flows and derive Flow Log records. One instance owns
 * the state for the flows routed to its thread; replay and listen feed it the same way (PacketSink).
 */
export class InspectionPipeline implements PacketSink {
  readonly decoder: PacketDecoder;
  readonly pkt = new DecodedPacket();
  readonly summary = new DecodeSummary();
  readonly flows: FlowTable;
  readonly flowLog: FlowLogWindows | null;
  private pending: FlowLogRecord[] = [];

  constructor(options: InspectionPipelineOptions = {}) {
    this.decoder = new PacketDecoder();
    for (const p of options.vxlanPorts ?? []) this.decoder.tunnelPorts.setVxlan(p);
    for (const p of options.genevePorts ?? []) this.decoder.tunnelPorts.setGeneve(p);
    this.flows = new FlowTable(options.maxFlows !== undefined ? { maxFlows: options.maxFlows } : {});
    this.flowLog =
      options.flowLogs === false
        ? null
        : new FlowLogWindows(this.flows, {
            interval: options.aggregationInterval ?? 600,
            version: options.flowLogVersion ?? 2,
            ...(options.sources ? { sources: options.sources } : {}),
          });
  }

  packet(
    bytes: Uint8Array,
    offset: number,
    captureLength: number,
    wireLength: number,
    linkType: number,
    tsUs: number,
    _recordNumber: number,
    _fileIndex: number,
  ): void {
    const sec = Math.floor(tsUs / 1e6);
    this.packetAt(bytes, offset, captureLength, wireLength, linkType, sec, tsUs - sec * 1e6);
  }

  /** The allocation-free entry: time as whole seconds and microseconds (see FlowTable.track). */
  packetAt(bytes: Uint8Array, offset: number, captureLength: number, wireLength: number, linkType: number, sec: number, usec: number): void {
    const pkt = this.pkt;
    this.decoder.decode(pkt, bytes, offset, captureLength, wireLength, linkType);
    this.summary.add(pkt, sec);
    this.flows.track(pkt, sec, usec);
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

  drainOutput(): PipelineOutput {
    return { flowLogRecords: this.takeFlowLogRecords() };
  }
}
