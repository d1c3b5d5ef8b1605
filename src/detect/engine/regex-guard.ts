/**
 * Rules bring their own regexes, and JS regexes have no match limit (PCRE's match_limit): `(a+)+b` against a few
 * thousand bytes would hang a worker. V8 can switch a regex that backtracks excessively to its linear-time engine;
 * that only changes how long a pathological match takes, not what it matches, and regexes the linear engine cannot
 * run (backreferences, lookaround) keep backtracking, which is why `backtrackRisk` inputs are also capped.
 */
import { setFlagsFromString } from 'node:v8';

let enabled = false;

export function enableRegexBacktrackGuard(): void {
  if (enabled) return;
  enabled = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}
