import { MirrorscopeError } from '../errors.js';
import type { MetricsSnapshot } from './metrics.js';

/**
 * CloudWatch embedded metric format (EMF) lines from metric snapshots: written to a log the CloudWatch agent
 * ships (or sent to its EMF endpoint), they become CloudWatch metrics one can graph and alarm on.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * One document per line: `{"_aws":{"Timestamp":ms,"CloudWatchMetrics":[{"Namespace":..,"Dimensions":[[..]],
 * "Metrics":[{"Name":..,"Unit":..}]}]}, <dimension>: "value", <metric>: number, ...}`.
 * Counters (`*_total`) are emitted as the increase since the previous call, which is what a CloudWatch Sum over
 * the period and an alarm on it expect; gauges as their current value. Names lose the `mirrorscope_` prefix and
 * `_total` suffix; a labelled family gives one metric per label (`packets_dropped.overload`) plus their sum
 * (`packets_dropped`).
 */

export type EmfUnit = 'Count' | 'Bytes' | 'Seconds' | 'None';

/** The spec's limit of metric definitions per directive; larger sets are split over several lines. */
export const EMF_MAX_METRICS_PER_DOCUMENT = 100;
/** The spec's limit of dimension keys in one dimension set. */
export const EMF_MAX_DIMENSIONS = 30;

export interface CloudWatchEmfOptions {
  /** CloudWatch namespace; default `Mirrorscope`. */
  readonly namespace?: string;
  /** Dimension name -> value for every metric, e.g. `{ InstanceId: 'i-0abc', Service: 'mirrorscope' }`. */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** 1 makes high-resolution metrics; default 60 (standard), left out of the document. */
  readonly storageResolution?: 1 | 60;
  /** Which snapshot families to emit (exposed names); default all but the start-time gauge. */
  readonly include?: (family: string) => boolean;
}

export interface EmfMetricDefinition {
  readonly Name: string;
  readonly Unit: EmfUnit;
  readonly StorageResolution?: 1;
}

export interface EmfDocument {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: ReadonlyArray<{
      readonly Namespace: string;
      readonly Dimensions: ReadonlyArray<readonly string[]>;
      readonly Metrics: readonly EmfMetricDefinition[];
    }>;
  };
  readonly [member: string]: unknown;
}

export class CloudWatchEmfEmitter {
  private readonly namespace: string;
  private readonly dimensions: Readonly<Record<string, string>>;
  private readonly highResolution: boolean;
  private readonly include: (family: string) => boolean;
  /** Counter totals at the previous emit, by EMF metric name. */
  private readonly previous = new Map<string, number>();

  constructor(options: CloudWatchEmfOptions = {}) {
    this.namespace = options.namespace ?? 'Mirrorscope';
    this.dimensions = { ...(options.dimensions ?? {}) };
    this.highResolution = options.storageResolution === 1;
    this.include = options.include ?? ((family) => family !== 'mirrorscope_start_time_seconds');
    if (this.namespace.length === 0 || this.namespace.length > 1024) {
      throw new MirrorscopeError('EMF_BAD_NAMESPACE', `EMF: namespace must be 1-1024 characters, got "${this.namespace}"`);
    }
    if (Object.keys(this.dimensions).length > EMF_MAX_DIMENSIONS) {
      throw new MirrorscopeError('EMF_TOO_MANY_DIMENSIONS', `EMF: at most ${EMF_MAX_DIMENSIONS} dimensions`);
    }
  }

  /** The documents for one interval, each at most 100 metrics. Updates the counter baselines. */
  documents(snapshot: MetricsSnapshot, timestampMs: number = Date.now()): EmfDocument[] {
    const values: Array<[EmfMetricDefinition, number]> = [];
    for (const family of Object.keys(snapshot)) {
      if (!this.include(family)) continue;
      const sample = snapshot[family]!;
      const counter = family.endsWith('_total');
      const unit = unitOf(family);
      const base = emfBaseName(family);
      if (typeof sample === 'number') {
        values.push([this.definition(base, unit), this.value(base, sample, counter)]);
        continue;
      }
      let sum = 0;
      for (const label of Object.keys(sample)) {
        const name = `${base}.${label}`;
        sum += sample[label]!;
        values.push([this.definition(name, unit), this.value(name, sample[label]!, counter)]);
      }
      values.push([this.definition(base, unit), this.value(base, sum, counter)]);
    }

    const documents: EmfDocument[] = [];
    for (let start = 0; start < values.length; start += EMF_MAX_METRICS_PER_DOCUMENT) {
      const chunk = values.slice(start, start + EMF_MAX_METRICS_PER_DOCUMENT);
      const doc: Record<string, unknown> = {
        _aws: {
          Timestamp: Math.floor(timestampMs),
          CloudWatchMetrics: [
            { Namespace: this.namespace, Dimensions: [Object.keys(this.dimensions)], Metrics: chunk.map(([d]) => d) },
          ],
        },
        ...this.dimensions,
      };
      for (const [definition, value] of chunk) doc[definition.Name] = value;
      documents.push(doc as EmfDocument);
    }
    return documents;
  }

  /** `documents()` as JSON lines, each ending in a newline. */
  lines(snapshot: MetricsSnapshot, timestampMs: number = Date.now()): string[] {
    return this.documents(snapshot, timestampMs).map((doc) => JSON.stringify(doc) + '\n');
  }

  private definition(name: string, unit: EmfUnit): EmfMetricDefinition {
    return this.highResolution ? { Name: name, Unit: unit, StorageResolution: 1 } : { Name: name, Unit: unit };
  }

  private value(name: string, current: number, counter: boolean): number {
    if (!counter) return current;
    const before = this.previous.get(name) ?? 0;
    this.previous.set(name, current);
    // A total below the baseline means the source restarted: everything counted is new.
    return current >= before ? current - before : current;
  }
}

/** `mirrorscope_packets_dropped_total` -> `packets_dropped`. */
export function emfBaseName(family: string): string {
  let name = family.startsWith('mirrorscope_') ? family.slice('mirrorscope_'.length) : family;
  if (name.endsWith('_total')) name = name.slice(0, -'_total'.length);
  return name;
}

function unitOf(family: string): EmfUnit {
  if (family.includes('bytes')) return 'Bytes';
  if (family.endsWith('_seconds')) return 'Seconds';
  return 'Count';
}
