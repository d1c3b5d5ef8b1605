import { MirrorscopeError } from '../errors.js';
import { escapeHelp, escapeLabelValue, formatSampleValue, isValidLabelName, isValidMetricName } from './prometheus-text.js';

/**
 * A small metrics registry. Hot paths hold a Counter or Gauge (or a label child fetched once) and bump a number
 * field: no allocation and no map lookup per increment. Rendering and snapshots walk the families at scrape time.
 *
 * Worker threads keep their own registry of the same shape and post `takeDelta()` objects; the main thread's
 * `merge()` adds counter deltas and remembers each source's gauge values, so a gauge reads as the sum over
 * sources (plus anything set locally) and a dead worker's gauges can be dropped with `forgetSource()`.
 */

export type MetricKind = 'counter' | 'gauge';

/** A family's value: a number, or label value -> number for a labelled family. */
export type MetricSample = number | Readonly<Record<string, number>>;

/** Plain data, safe for postMessage and JSON: exposed family name -> sample. */
export type MetricsSnapshot = Readonly<Record<string, MetricSample>>;

export class Counter {
  value = 0;
  /** The value at the last `takeDelta()`: only the difference travels. */
  reported = 0;

  /** Counters only go up; a negative `by` is the caller's bug and is not checked here (hot path). */
  inc(by = 1): void {
    this.value += by;
  }
}

export class Gauge {
  value = 0;
  /** Values merged from other threads, by source id. Null until the first merge: most gauges never see one. */
  private sources: Map<string, number> | null = null;

  set(value: number): void {
    this.value = value;
  }

  inc(by = 1): void {
    this.value += by;
  }

  dec(by = 1): void {
    this.value -= by;
  }

  setFromSource(source: string, value: number): void {
    (this.sources ??= new Map()).set(source, value);
  }

  forgetSource(source: string): void {
    this.sources?.delete(source);
  }

  /** The local value plus every source's latest value. */
  total(): number {
    let sum = this.value;
    if (this.sources !== null) for (const v of this.sources.values()) sum += v;
    return sum;
  }
}

interface FamilyBase {
  readonly name: string;
  readonly help: string;
  readonly kind: MetricKind;
  readonly labelName: string | null;
}

export class CounterMetric extends Counter implements FamilyBase {
  readonly kind = 'counter';
  readonly labelName = null;
  constructor(
    readonly name: string,
    readonly help: string,
  ) {
    super();
  }
}

export class GaugeMetric extends Gauge implements FamilyBase {
  readonly kind = 'gauge';
  readonly labelName = null;
  constructor(
    readonly name: string,
    readonly help: string,
    /** A per-process value (uptime, rules loaded): never sent by `takeDelta()` nor taken by `merge()`. */
    readonly local = false,
  ) {
    super();
  }
}

abstract class LabelledFamily<C> implements FamilyBase {
  abstract readonly kind: MetricKind;
  protected readonly children = new Map<string, C>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelName: string,
    preset: readonly string[],
  ) {
    for (const value of preset) this.child(value);
  }

  protected abstract create(): C;

  /** The child for one label value, created on first use. Fetch it once and keep it on hot paths. */
  child(labelValue: string): C {
    let c = this.children.get(labelValue);
    if (c === undefined) {
      c = this.create();
      this.children.set(labelValue, c);
    }
    return c;
  }

  entries(): IterableIterator<[string, C]> {
    return this.children.entries();
  }
}

export class LabelledCounter extends LabelledFamily<Counter> {
  readonly kind = 'counter';

  protected create(): Counter {
    return new Counter();
  }

  /** Convenience for cold paths: one map lookup, no allocation once the child exists. */
  inc(labelValue: string, by = 1): void {
    this.child(labelValue).value += by;
  }

  /** Sum over all children. */
  total(): number {
    let sum = 0;
    for (const c of this.children.values()) sum += c.value;
    return sum;
  }
}

export class LabelledGauge extends LabelledFamily<Gauge> {
  readonly kind = 'gauge';

  protected create(): Gauge {
    return new Gauge();
  }

  set(labelValue: string, value: number): void {
    this.child(labelValue).value = value;
  }

  total(): number {
    let sum = 0;
    for (const g of this.children.values()) sum += g.total();
    return sum;
  }
}

export type MetricFamily = CounterMetric | GaugeMetric | LabelledCounter | LabelledGauge;

export class MetricsRegistry {
  private readonly families = new Map<string, MetricFamily>();
  private readonly collectors: Array<() => void> = [];

  /** A counter; `_total` is appended to the name unless it is already there. */
  counter(name: string, help: string): CounterMetric {
    return this.add(new CounterMetric(counterName(name), help));
  }

  /** `local`: a value of this process alone, which worker deltas neither carry nor change. */
  gauge(name: string, help: string, options: { local?: boolean } = {}): GaugeMetric {
    return this.add(new GaugeMetric(name, help, options.local ?? false));
  }

  /** A counter with one label; `preset` values are exposed (as 0) before anything happens. */
  labelledCounter(name: string, help: string, labelName: string, preset: readonly string[] = []): LabelledCounter {
    checkLabelName(name, labelName);
    return this.add(new LabelledCounter(counterName(name), help, labelName, preset));
  }

  labelledGauge(name: string, help: string, labelName: string, preset: readonly string[] = []): LabelledGauge {
    checkLabelName(name, labelName);
    return this.add(new LabelledGauge(name, help, labelName, preset));
  }

  /** Runs before every render and snapshot: for values computed on demand (uptime, memory). */
  onCollect(collect: () => void): void {
    this.collectors.push(collect);
  }

  get(name: string): MetricFamily | undefined {
    return this.families.get(name);
  }

  names(): string[] {
    return [...this.families.keys()];
  }

  /** The Prometheus text exposition (0.0.4) of every family, in registration order. */
  render(): string {
    this.collect();
    const lines: string[] = [];
    for (const f of this.families.values()) {
      lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.kind}`);
      if (f instanceof CounterMetric) lines.push(`${f.name} ${formatSampleValue(f.value)}`);
      else if (f instanceof GaugeMetric) lines.push(`${f.name} ${formatSampleValue(f.total())}`);
      else {
        for (const [labelValue, child] of f.entries()) {
          const value = child instanceof Gauge ? child.total() : child.value;
          lines.push(`${f.name}{${f.labelName}="${escapeLabelValue(labelValue)}"} ${formatSampleValue(value)}`);
        }
      }
    }
    return lines.length === 0 ? '' : lines.join('\n') + '\n';
  }

  /** Every family's current value (gauges include merged sources). */
  snapshot(): MetricsSnapshot {
    this.collect();
    const out: Record<string, MetricSample> = {};
    for (const f of this.families.values()) {
      if (f instanceof CounterMetric) out[f.name] = f.value;
      else if (f instanceof GaugeMetric) out[f.name] = f.total();
      else {
        const byLabel: Record<string, number> = {};
        for (const [labelValue, child] of f.entries()) byLabel[labelValue] = child instanceof Gauge ? child.total() : child.value;
        out[f.name] = byLabel;
      }
    }
    return out;
  }

  /**
   * For a worker thread: counter increments since the previous call (zero ones left out) and every gauge's local
   * value. Posting this and `merge()`-ing it on the other side never double-counts, however often it is sent.
   */
  takeDelta(): MetricsSnapshot {
    this.collect();
    const out: Record<string, MetricSample> = {};
    for (const f of this.families.values()) {
      if (f instanceof CounterMetric) {
        const d = f.value - f.reported;
        f.reported = f.value;
        if (d !== 0) out[f.name] = d;
      } else if (f instanceof GaugeMetric) {
        if (!f.local) out[f.name] = f.value;
      } else if (f instanceof LabelledCounter) {
        let byLabel: Record<string, number> | null = null;
        for (const [labelValue, child] of f.entries()) {
          const d = child.value - child.reported;
          child.reported = child.value;
          if (d !== 0) (byLabel ??= {})[labelValue] = d;
        }
        if (byLabel !== null) out[f.name] = byLabel;
      } else {
        const byLabel: Record<string, number> = {};
        for (const [labelValue, child] of f.entries()) byLabel[labelValue] = child.value;
        out[f.name] = byLabel;
      }
    }
    return out;
  }

  /**
   * Adds a `takeDelta()` from `source` (e.g. `worker-2`): counters are added, gauges are remembered per source.
   * Names this registry does not know and samples of the wrong shape are skipped; their names are returned.
   */
  merge(delta: MetricsSnapshot, source: string): string[] {
    const skipped: string[] = [];
    for (const name of Object.keys(delta)) {
      const sample = delta[name]!;
      const f = this.families.get(name);
      if (f === undefined) {
        skipped.push(name);
        continue;
      }
      if (typeof sample === 'number') {
        if (f instanceof CounterMetric) f.value += finite(sample);
        else if (f instanceof GaugeMetric) {
          if (!f.local) f.setFromSource(source, finite(sample));
        } else skipped.push(name);
        continue;
      }
      if (f instanceof LabelledCounter) {
        for (const labelValue of Object.keys(sample)) f.child(labelValue).value += finite(sample[labelValue]!);
      } else if (f instanceof LabelledGauge) {
        for (const labelValue of Object.keys(sample)) f.child(labelValue).setFromSource(source, finite(sample[labelValue]!));
      } else skipped.push(name);
    }
    return skipped;
  }

  /** Drops the gauge values merged from `source` (a worker that exited); its counted increments stay. */
  forgetSource(source: string): void {
    for (const f of this.families.values()) {
      if (f instanceof GaugeMetric) f.forgetSource(source);
      else if (f instanceof LabelledGauge) for (const [, g] of f.entries()) g.forgetSource(source);
    }
  }

  private collect(): void {
    for (const c of this.collectors) c();
  }

  private add<F extends MetricFamily>(family: F): F {
    if (!isValidMetricName(family.name)) {
      throw new MirrorscopeError('METRICS_BAD_NAME', `metrics: invalid metric name "${family.name}"`);
    }
    if (this.families.has(family.name)) {
      throw new MirrorscopeError('METRICS_DUPLICATE', `metrics: "${family.name}" is registered twice`);
    }
    this.families.set(family.name, family);
    return family;
  }
}

function counterName(name: string): string {
  return name.endsWith('_total') ? name : `${name}_total`;
}

function checkLabelName(metric: string, label: string): void {
  if (!isValidLabelName(label)) {
    throw new MirrorscopeError('METRICS_BAD_NAME', `metrics: invalid label name "${label}" on ${metric}`);
  }
}

/** A message from another thread is data, not trusted code: a NaN would poison a counter forever. */
function finite(value: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
