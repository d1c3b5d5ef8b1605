import { decodeEventName } from '../../native-free-decoders/index.js';
import { readFileSync } from 'node:fs';
import { DetectEngine } from '../detect/engine/index.js';
import { loadRules } from '../detect/rule/index.js';
import { parseSources } from '../flow/index.js';
import { VPC_FLOW_LOG_FIELDS } from '../flowlog/index.js';
import { parseEveTypes } from '../output/eve/index.js';
import { decodeSummaryJson, type DecodeSummaryJson } from '../replay/decode-summary-report.js';
import { ALERT_FLOW_LOG_FIELDS, InspectionPipeline, type PipelineOutput } from './inspection-pipeline.js';
import type { PacketSink, PacketSinkFactory, SinkReloadResult } from './packet-sink.js';

/** Everything a worker needs to build its own pipeline: plain data, so it crosses to worker threads. */
export interface PipelineSinkConfig {
  rules: string[];
  vars?: string;
  /** Comma-separated EVE types, or undefined for the default set; '' for none. */
  eveTypes?: string;
  aggregationInterval: number;
  flowLogVersion: number;
  /** Underscore field names of the alert `flow_log` object; undefined for the default. */
  alertFlowLogColumns?: string[];
  sourcesPath?: string;
  vxlanPorts: number[];
  genevePorts: number[];
  pcapCounts: boolean;
  /** Build closed Flow Log records; default true (listen writes them, replay only when asked). */
  flowLogRecords?: boolean;
  /** Host-tracked thresholds are applied by the output merger (ThresholdGate); default false. */
  deferHostThresholds?: boolean;
}

/** The last output of a finished sink carries its totals. */
export interface PipelineFinalStats {
  decode: DecodeSummaryJson;
  flows: { created: number; peakActive: number; noFlow: number; timedOut: number; evicted: number };
  alerts: number;
}

/** Running totals of one sink (cumulative since it started), sent with every drain for live /metrics. */
export interface PipelineLiveStats {
  packets: number;
  bytes: number;
  decodeEvents: Record<string, number>;
  flowsActive: number;
  flowsCreated: number;
  reassemblyGaps: number;
  alerts: number;
}

export interface WorkerPipelineOutput extends PipelineOutput {
  final: PipelineFinalStats | null;
  live: PipelineLiveStats;
}

function liveStats(p: InspectionPipeline): PipelineLiveStats {
  const events: Record<string, number> = {};
  p.summary.eventCounts.forEach((n, id) => {
    if (n > 0) events[decodeEventName(id)] = n;
  });
  return {
    packets: p.summary.packets,
    bytes: p.summary.wireBytes,
    decodeEvents: events,
    flowsActive: p.flows.activeFlows,
    flowsCreated: p.flows.stats.created,
    reassemblyGaps: p.detection.streamGlobals.counters.gaps,
    alerts: p.detection.alerts,
  };
}

class PipelineSink implements PacketSink {
  private finished = false;

  /** engine: the one the pipeline runs (the detection stage does not expose it); kept as `previous` for reloads. */
  constructor(
    readonly pipeline: InspectionPipeline,
    private engine: DetectEngine | null,
  ) {}

  /**
   * Rule reload: the rule paths and vars of the new configuration are loaded and built with the running engine as
   * `previous`, so flowbit indexes of live flows keep their meaning; flows, streams and windows stay. Only rules and
   * vars are taken from the new configuration (ports, outputs and formats are fixed for the sink's life).
   */
  reload(config: unknown): SinkReloadResult {
    try {
      const c = config as PipelineSinkConfig;
      if (!Array.isArray(c?.rules)) throw new Error('reload configuration has no rules list');
      if (this.engine === null && c.rules.length > 0) {
        // Flows created without an engine carry no flowbit state for one to use.
        throw new Error('started without rules: restart to add rules');
      }
      const engine = c.rules.length > 0 ? buildEngine(c, this.engine ?? undefined) : null;
      this.pipeline.detection.setEngine(engine);
      this.engine = engine;
      return { ok: true, loaded: engine?.signatures.length ?? 0 };
    } catch (error) {
      return { ok: false, error: oneLine(error) };
    }
  }

  packet(bytes: Uint8Array, offset: number, captureLength: number, wireLength: number, linkType: number, tsUs: number, recordNumber: number, fileIndex: number): void {
    this.pipeline.packet(bytes, offset, captureLength, wireLength, linkType, tsUs, recordNumber, fileIndex);
  }

  tick(nowUs: number): void {
    this.pipeline.tick(nowUs);
  }

  finish(): void {
    this.pipeline.finish();
    this.finished = true;
  }

  drainOutput(): WorkerPipelineOutput {
    const out = this.pipeline.drainOutput();
    const live = liveStats(this.pipeline);
    if (!this.finished) return { ...out, final: null, live };
    const s = this.pipeline.flows.stats;
    return {
      ...out,
      live,
      final: {
        decode: decodeSummaryJson(this.pipeline.summary),
        flows: { created: s.created, peakActive: s.peakActive, noFlow: s.noFlow, timedOut: s.timedOut, evicted: s.evicted },
        alerts: this.pipeline.detection.alerts,
      },
    };
  }
}

/**
 * Builds one inspection pipeline per worker. Each worker loads the rules itself (the main thread has already
 * loaded them once, reported skipped rules and failed on unreadable files, so here they load silently).
 */
export const createPacketSink: PacketSinkFactory = (config) => {
  const c = config as PipelineSinkConfig;
  const engine = c.rules.length > 0 ? buildEngine(c) : null;
  const sources = c.sourcesPath ? parseSources(readFileSync(c.sourcesPath, 'utf8'), c.sourcesPath) : undefined;
  const fields = c.alertFlowLogColumns ? VPC_FLOW_LOG_FIELDS.filter((f) => c.alertFlowLogColumns!.includes(f.column)) : ALERT_FLOW_LOG_FIELDS;
  return new PipelineSink(
    new InspectionPipeline({
      vxlanPorts: c.vxlanPorts,
      genevePorts: c.genevePorts,
      aggregationInterval: c.aggregationInterval,
      flowLogVersion: c.flowLogVersion,
      flowLogRecords: c.flowLogRecords ?? true,
      alertFlowLogFields: fields,
      ...(sources ? { sources } : {}),
      engine,
      eveTypes: c.eveTypes === '' ? new Set() : parseEveTypes(c.eveTypes),
      pcapCounts: c.pcapCounts,
      deferHostThresholds: c.deferHostThresholds ?? false,
    }),
    engine,
  );
};

function buildEngine(c: PipelineSinkConfig, previous?: DetectEngine): DetectEngine {
  return DetectEngine.build(loadRules(c.rules, c.vars ? { vars: c.vars } : {}).signatures, previous ? { previous } : {});
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0]!.trim() || 'reload failed';
}
