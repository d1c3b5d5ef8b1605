/**
 * The one numeric-comparison grammar shared by dsize, ttl, bsize, urilen, itype, icode, stream_size and friends
 * (Suricata's uint parser): `N`, `=N`, `!N`, `!=N`, `<N`, `<=N`, `>N`, `>=N`, `A<>B` and `A-B` (exclusive range).
 */
import { syntaxError } from '../rule/rule-error.js';
import { CmpOp, type NumericComparison } from '../rule/signature.js';

const RE = /^\s*(!=|!|<=|>=|<|>|=)?\s*(\d+)\s*(?:(<>|-)\s*(\d+)\s*)?$/;

export function parseNumericComparison(text: string, keyword: string, max: number): NumericComparison {
  const m = RE.exec(text);
  if (!m) throw syntaxError(`invalid ${keyword} value`, keyword, `"${text}"`);
  const prefix = m[1] ?? '';
  const a = Number(m[2]);
  if (a > max) throw syntaxError(`invalid ${keyword} value`, keyword, `${a} is above ${max}`);
  if (m[3] !== undefined) {
    const b = Number(m[4]);
    if (b > max) throw syntaxError(`invalid ${keyword} value`, keyword, `${b} is above ${max}`);
    if (prefix !== '' && prefix !== '!') throw syntaxError(`invalid ${keyword} value`, keyword, `"${text}"`);
    if (a >= b) throw syntaxError(`invalid ${keyword} value`, keyword, `range ${a}..${b} is empty`);
    return { op: prefix === '!' ? CmpOp.NotRange : CmpOp.Range, a, b };
  }
  switch (prefix) {
    case '':
    case '=':
      return { op: CmpOp.Eq, a, b: 0 };
    case '!':
    case '!=':
      return { op: CmpOp.Ne, a, b: 0 };
    case '<':
      if (a === 0) throw syntaxError(`invalid ${keyword} value`, keyword, '<0 matches nothing');
      return { op: CmpOp.Lt, a, b: 0 };
    case '<=':
      return { op: CmpOp.Le, a, b: 0 };
    case '>':
      if (a >= max) throw syntaxError(`invalid ${keyword} value`, keyword, `>${a} matches nothing`);
      return { op: CmpOp.Gt, a, b: 0 };
    default:
      return { op: CmpOp.Ge, a, b: 0 };
  }
}
