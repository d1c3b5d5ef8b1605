import { ThresholdStore } from './thresholds.js';
import { XbitStore } from './xbits.js';

/** Detection state that is not per flow: one per worker, created once and kept across rule reloads. */
export class DetectGlobalState {
  readonly xbits = new XbitStore();
  readonly thresholds = new ThresholdStore();
  /**
   * Leave thresholds and detection_filters tracked by host or by rule to whoever merges the workers' output: their
   * counts span flows that different workers inspect, so only one place that sees every alert in time order can
   * apply them, identically for any worker count. Alerts then carry `gates`; by_flow tracking stays here.
   */
  deferHostThresholds = false;
}
