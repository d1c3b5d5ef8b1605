import { ThresholdGate, type AlertGate } from '../detect/engine/index.js';

/** What the output merger reads from an EVE record to apply deferred rate limits (see EveRecord). */
export interface GatedRecord {
  tsUs: number;
  gates?: readonly AlertGate[];
  flowKey?: string;
  gatedOnly?: true;
}

/**
 * Deferred host-tracked rate limits where every worker's output meets, and what they mean for flow events: a flow
 * whose every alert was gated has alerted only if one of them was written. `pass` is asked for every record in
 * output order; `flowAlerted` for every record written, and says whether a flow event's `"alerted":true` stands.
 */
export interface AlertGates {
  pass(r: GatedRecord): boolean;
  flowAlerted(r: GatedRecord): boolean;
  readonly dropped: number;
}

/** A flow event (no gates of its own) of a flow that had gated alerts carries the flow's key. */
function isFlowEnd(r: GatedRecord): boolean {
  return r.gates === undefined && r.flowKey !== undefined;
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
    return r.gatedOnly !== true || !isFlowEnd(r) || this.keptFlows.has(r.flowKey!);
  }
}

/**
 * Listen: records arrive in each flow's own order (its alerts, then its flow event), so verdicts come as they do,
 * and a flow's key is let go with its flow event: a long-running target keeps only the flows still open.
 */
export class StreamingGates implements AlertGates {
  private readonly gate = new ThresholdGate();
  private readonly keptFlows = new Set<string>();

  get dropped(): number {
    return this.gate.dropped;
  }

  pass(r: GatedRecord): boolean {
    if (!this.gate.pass(r.gates, r.tsUs)) return false;
    if (r.gates !== undefined && r.flowKey !== undefined) this.keptFlows.add(r.flowKey);
    return true;
  }

  flowAlerted(r: GatedRecord): boolean {
    if (!isFlowEnd(r)) return true;
    const kept = this.keptFlows.delete(r.flowKey!);
    return r.gatedOnly !== true || kept;
  }

  /** Flows whose key is held (tests: none once every flow has ended). */
  get heldFlows(): number {
    return this.keptFlows.size;
  }
}
