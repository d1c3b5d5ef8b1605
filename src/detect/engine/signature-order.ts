/**
 * Suricata's signature ordering (SCSigOrderSignatures): the order rules are evaluated on a packet and the order
 * their alerts are queued in. Keys, most significant first:
 *  1. action, in the default action-order: pass, drop, reject, alert;
 *  2. flowbits use: rules that only set come before rules that set and read, then readers, then rules without
 *     flowbits (so `set` in one rule is visible to `isset` in another on the same packet);
 *  3. flowint use, the same way;
 *  4. xbits use, the same way (Suricata's hostbits / ippair ordering);
 *  5. priority, lowest number first;
 *  6. load order, to make ties deterministic.
 * The internal id (Suricata's `num`) is the position in this order; a packet's alerts are sorted by it.
 */
import type { Signature } from '../rule/signature.js';
import { flowbitUsage } from './flowbits.js';
import { flowintUsage } from './flowints.js';

function actionRank(sig: Signature): number {
  switch (sig.action) {
    case 'pass':
      return 0;
    case 'drop':
      return 1;
    case 'alert':
      return 3;
    default:
      return 2;
  }
}

export function compareSignatures(a: Signature, b: Signature): number {
  return (
    actionRank(a) - actionRank(b) ||
    flowbitUsage(a.flowbits) - flowbitUsage(b.flowbits) ||
    flowintUsage(a.flowints) - flowintUsage(b.flowints) ||
    flowbitUsage(a.xbits) - flowbitUsage(b.xbits) ||
    a.priority - b.priority ||
    a.index - b.index
  );
}

export function orderSignatures(sigs: readonly Signature[]): Signature[] {
  return sigs.slice().sort(compareSignatures);
}
