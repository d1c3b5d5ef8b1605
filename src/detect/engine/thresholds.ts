/**
 * threshold (limit / threshold / both) and detection_filter, keyed by track, in packet time. The counting follows
 * Suricata's ThresholdHandlePacket: a window opens at the first match of a key and the next match past
 * `seconds` opens a new one. Global per worker and kept across reloads (keys carry gid:sid).
 */
import type { RateSpec, Signature } from '../rule/signature.js';
import { addressKey, addressPairKey } from './address-key.js';
import type { PacketFields } from './inspection-context.js';

/**
 * A threshold or detection_filter whose state is shared by hosts rather than by one flow, left for the output
 * merger to decide (see DetectGlobalState.deferHostThresholds). Plain data: it crosses to the main thread.
 */
export interface AlertGate {
  readonly key: string;
  readonly spec: RateSpec;
}

interface Entry {
  windowStartUs: number;
  count: number;
}

const SWEEP_EVERY = 4096;

export class ThresholdStore {
  private readonly entries = new Map<string, Entry>();
  private updates = 0;

  get size(): number {
    return this.entries.size;
  }

  /** The state key of this match for `spec` (detection_filter and threshold keep separate counts). */
  keyOf(spec: RateSpec, sig: Signature, p: PacketFields, flowId: number): string {
    return this.key(spec, sig, p, flowId, spec.type === 'detection_filter' ? 'd' : 't');
  }

  private key(spec: RateSpec, sig: Signature, p: PacketFields, flowId: number, kind: string): string {
    const base = `${kind}${sig.gid}:${sig.sid}`;
    switch (spec.track) {
      case 'by_src':
        return `${base}|${addressKey(p, true)}`;
      case 'by_dst':
        return `${base}|${addressKey(p, false)}`;
      case 'by_both':
        return `${base}|${addressPairKey(p)}`;
      case 'by_flow':
        return `${base}|f${flowId}`;
      default:
        return base;
    }
  }

  /** Counts this match and says whether it may alert. */
  allow(spec: RateSpec, sig: Signature, p: PacketFields, flowId: number, nowUs: number): boolean {
    return this.allowKey(this.keyOf(spec, sig, p, flowId), spec, nowUs);
  }

  /** Counts a match under an already computed key (a deferred gate) and says whether it may alert. */
  allowKey(k: string, spec: RateSpec, nowUs: number): boolean {
    const windowUs = spec.seconds * 1e6;
    let e = this.entries.get(k);
    if (++this.updates % SWEEP_EVERY === 0) this.sweep(nowUs, 3600e6);
    if (e === undefined) {
      e = { windowStartUs: nowUs, count: 1 };
      this.entries.set(k, e);
      switch (spec.type) {
        case 'limit':
          return true;
        case 'threshold':
        case 'both':
          if (spec.count === 1) {
            if (spec.type === 'threshold') e.count = 0;
            return true;
          }
          return false;
        default:
          return spec.count === 0;
      }
    }
    if (nowUs - e.windowStartUs > windowUs) {
      e.windowStartUs = nowUs;
      e.count = 1;
      switch (spec.type) {
        case 'limit':
          return true;
        case 'threshold':
        case 'both':
          if (spec.count === 1) {
            if (spec.type === 'threshold') e.count = 0;
            return true;
          }
          return false;
        default:
          return spec.count === 0;
      }
    }
    e.count++;
    switch (spec.type) {
      case 'limit':
        return e.count <= spec.count;
      case 'threshold':
        if (e.count >= spec.count) {
          e.count = 0;
          return true;
        }
        return false;
      case 'both':
        return e.count === spec.count;
      default:
        return e.count > spec.count;
    }
  }

  /** Forgets keys idle for longer than `idleUs` (every window in ET is far shorter than an hour). */
  sweep(nowUs: number, idleUs: number): void {
    for (const [k, e] of this.entries) if (nowUs - e.windowStartUs > idleUs) this.entries.delete(k);
  }
}
