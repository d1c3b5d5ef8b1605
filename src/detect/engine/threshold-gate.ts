import { ThresholdStore, type AlertGate } from './thresholds.js';

/**
 * Applies deferred host-tracked rate limits (AlertGate) where every worker's alerts meet, in output order: the
 * same counting as inline thresholds, so one worker or many give the same alerts.
 */
export class ThresholdGate {
  private readonly store = new ThresholdStore();
  /** Alerts the gates held back. */
  dropped = 0;

  /** Counts the match and says whether the alert may be written; alerts without gates always pass. */
  pass(gates: readonly AlertGate[] | undefined, tsUs: number): boolean {
    if (gates === undefined) return true;
    // In the engine's order: a detection_filter that holds the alert back leaves the threshold uncounted.
    for (const g of gates) {
      if (!this.store.allowKey(g.key, g.spec, tsUs)) {
        this.dropped++;
        return false;
      }
    }
    return true;
  }
}
