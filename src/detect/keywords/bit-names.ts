/** Name lists for flowbits/xbits: `a`, `a|b` (any of them) or `a&b` (all of them). */
import { syntaxError } from '../rule/rule-error.js';
import type { FlowbitCmd } from '../rule/signature.js';

export const BIT_COMMANDS: ReadonlySet<string> = new Set(['set', 'unset', 'toggle', 'isset', 'isnotset']);

export function parseBitNames(
  text: string,
  cmd: FlowbitCmd,
  keyword: string,
): { names: string[]; combine: 'any' | 'all' } {
  const t = text.trim();
  const hasOr = t.includes('|');
  const hasAnd = t.includes('&');
  if (hasOr && hasAnd) throw syntaxError(`${keyword}: cannot mix | and &`, keyword, t);
  if (hasOr && cmd !== 'isset' && cmd !== 'isnotset') {
    throw syntaxError(`${keyword}: | groups only work with isset/isnotset`, keyword, t);
  }
  const names = t.split(hasOr ? '|' : '&').map((s) => s.trim());
  for (const n of names) {
    if (n === '' || /[\s,;]/.test(n)) throw syntaxError(`invalid ${keyword} name`, keyword, t);
  }
  return { names, combine: hasOr ? 'any' : 'all' };
}
