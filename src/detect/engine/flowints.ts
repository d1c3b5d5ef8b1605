/**
 * flowint: unsigned 32-bit variables per flow, by name (Suricata's detect-flowint.c). Conditions are part of the
 * match; =, + and - run after the rule matched (post-match), whether or not it alerts.
 */
import type { FlowintOperation } from '../rule/signature.js';
import { usageClass } from './flowbits.js';
import type { FlowDetectState } from './inspection-context.js';

function operand(op: FlowintOperation, vars: Map<string, number> | undefined): number {
  if (op.targetVar === null) return op.value;
  return vars?.get(op.targetVar) ?? 0;
}

/** The read half. Without a flow nothing matches, not even notset; a compared variable that is unset never matches. */
export function flowintConditionsHold(ops: readonly FlowintOperation[], flow: FlowDetectState | null): boolean {
  if (flow === null) return false;
  const vars = flow.flowints;
  for (const op of ops) {
    const v = vars?.get(op.name);
    let ok: boolean;
    switch (op.op) {
      case 'isset':
        ok = v !== undefined;
        break;
      case 'notset':
        ok = v === undefined;
        break;
      default: {
        if (v === undefined) return false;
        const t = operand(op, vars);
        ok =
          op.op === '==' ? v === t
          : op.op === '!=' ? v !== t
          : op.op === '<' ? v < t
          : op.op === '<=' ? v <= t
          : op.op === '>' ? v > t
          : v >= t;
      }
    }
    if (!ok) return false;
  }
  return true;
}

/** The write half: `+` on an unset variable sets it to the operand; `-` leaves an unset variable unset. */
export function applyFlowintActions(ops: readonly FlowintOperation[], flow: FlowDetectState | null): void {
  if (flow === null) return;
  const vars = (flow.flowints ??= new Map());
  for (const op of ops) {
    const t = operand(op, vars);
    const v = vars.get(op.name);
    if (op.op === '=') vars.set(op.name, t);
    else if (op.op === '+') vars.set(op.name, ((v ?? 0) + t) >>> 0);
    else if (v !== undefined) vars.set(op.name, (v - t) >>> 0);
  }
}

export function isFlowintWrite(op: FlowintOperation): boolean {
  return op.op === '=' || op.op === '+' || op.op === '-';
}

/** Suricata's flowint usage class for ordering, as for flowbits. */
export function flowintUsage(ops: readonly FlowintOperation[]): 0 | 1 | 2 | 3 {
  return usageClass(ops.some(isFlowintWrite), ops.some((o) => !isFlowintWrite(o)));
}
