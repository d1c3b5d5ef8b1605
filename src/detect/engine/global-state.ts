import { ThresholdStore } from './thresholds.js';
import { XbitStore } from './xbits.js';

/** Detection state that is not per flow: one per worker, created once and kept across rule reloads. */
export class DetectGlobalState {
  readonly xbits = new XbitStore();
  readonly thresholds = new ThresholdStore();
}
