/**
 * The alert record the pipeline turns into an EVE `alert` event. Built only when a rule fires.
 *
 * EVE's `alert.action` is what happened to the packet: mirrorscope only watches a copy of the traffic, so it is
 * always "allowed" (Suricata in IDS mode writes the same for drop/reject rules). The rule's own action is kept in
 * `ruleAction` for outputs that want to show what the rule would have done inline.
 */
import type { RuleAction, Signature } from '../rule/signature.js';
import type { FlowDirection } from './inspection-context.js';
import type { AlertGate } from './thresholds.js';

/** Where the match was made: the packet payload, the reassembled stream, or an app-layer transaction. */
export type AlertSource = 'packet' | 'stream' | 'tx';

export interface Alert {
  readonly signature: Signature;
  readonly gid: number;
  readonly sid: number;
  readonly rev: number;
  readonly msg: string;
  /** classtype description, EVE `alert.category` ("" when the rule has no classtype). */
  readonly category: string;
  /** EVE `alert.severity`: the rule's priority. */
  readonly severity: number;
  readonly action: 'allowed';
  readonly ruleAction: RuleAction;
  readonly source: AlertSource;
  /** Buffer name of the rule's fast pattern or first inspected list ("pkt_data", "http.uri"...); "" if none. */
  readonly buffer: string;
  /** Direction of the data that matched; src/dest in EVE are that direction's (the inspected packet's). */
  readonly direction: FlowDirection;
  /** Transaction id for `source: 'tx'`, else -1. */
  readonly txId: number;
  /** Internal order (Suricata's signature num): alerts of one packet are sorted by it. */
  readonly order: number;
  /** Deferred host-tracked rate limits, in the order they apply (detection_filter first); absent when none. */
  readonly gates?: readonly AlertGate[];
}

/** Reusable per-call output: the engine clears it and appends in Suricata's alert order. */
export class AlertSink {
  readonly alerts: Alert[] = [];

  get count(): number {
    return this.alerts.length;
  }

  clear(): void {
    this.alerts.length = 0;
  }
}
