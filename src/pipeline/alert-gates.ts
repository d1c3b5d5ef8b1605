import { ThresholdGate, type AlertGate } from '../detect/engine/index.js';

/** What the output merger reads from an EVE record to apply deferred rate limits (see EveRecord). */
export interface GatedRecord {
  tsUs: number;
  gates?: readonly AlertGate[];
  flowKey?: string;
  alertedIfPassed?: string;
}

/**
 * Deferred host-tracked rate limits where every worker's output meets, and what they mean for flow events: a flow
 * whose every alert was gated has alerted only if one of them was written. `pass` is asked for every record in
 * output order; `flowAlerted` for a flow event says whether its `"alerted":true` stands.
 */
export interface AlertGates {
  pass(r: GatedRecord): boolean;
  flowAlerted(r: GatedRecord): boolean;
  readonly dropped: number;
}

/**
 * Replay: the gated records are decided first, in output order, because a flow event sorts by its flow's start,
 * before the alerts that decide it. The ThresholdGate looks at nothing but the gated records, so deciding them
 * apart gives the verdicts the output pass would have reached.
 */
export class DecidedGates implements AlertGates {
  private readonly verdicts: boolean[];
  private next = 0;
  private readonly keptFlows = new Set<string>();
  readonly dropped: number;

  constructor(gatedInOrder: readonly GatedRecord[]) {
    const gate = new ThresholdGate();
    this.verdicts = gatedInOrder.map((r) => {
      const ok = gate.pass(r.gates, r.tsUs);
      if (ok && r.flowKey !== undefined) this.keptFlows.add(r.flowKey);
      return ok;
    });
    this.dropped = gate.dropped;
  }

  pass(r: GatedRecord): boolean {
    return r.gates === undefined || this.verdicts[this.next++] === true;
  }

  flowAlerted(r: GatedRecord): boolean {
    return r.alertedIfPassed === undefined || this.keptFlows.has(r.alertedIfPassed);
  }
}

/** Listen: records arrive in each flow's own order (its alerts, then its flow event), so verdicts come as they do. */
export class StreamingGates implements AlertGates {
  private readonly gate = new ThresholdGate();
  private readonly keptFlows = new Set<string>();

  get dropped(): number {
    return this.gate.dropped;
  }

  pass(r: GatedRecord): boolean {
    if (!this.gate.pass(r.gates, r.tsUs)) return false;
    if (r.flowKey !== undefined) this.keptFlows.add(r.flowKey);
    return true;
  }

  flowAlerted(r: GatedRecord): boolean {
    if (r.alertedIfPassed === undefined) return true;
    // The flow has ended: its key is not asked about again.
    return this.keptFlows.delete(r.alertedIfPassed);
  }
}
