/**
 * Splits one rule into header tokens and `name:value` options. Options end at `;` unless the `;` is escaped
 * (`\;`), exactly as Suricata splits them: quotes do not protect a `;`.
 */
import { syntaxError } from './rule-error.js';

export interface RuleOption {
  readonly name: string;
  /** Text after the first `:`, trimmed; '' for bare keywords. Quotes and escapes are left for the keyword. */
  readonly value: string;
  readonly hasValue: boolean;
}

export interface RuleParts {
  readonly action: string;
  readonly proto: string;
  readonly src: string;
  readonly srcPorts: string;
  readonly direction: string;
  readonly dst: string;
  readonly dstPorts: string;
  readonly options: RuleOption[];
}

/** Whitespace-separated header tokens; a bracketed list may contain spaces (`[1.2.3.4, 5.6.7.8]`). */
export function tokenizeHeader(header: string): string[] {
  const tokens: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of header) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    if ((c === ' ' || c === '\t') && depth <= 0) {
      if (cur !== '') tokens.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur !== '') tokens.push(cur);
  return tokens;
}

export function splitOptions(body: string): RuleOption[] {
  const options: RuleOption[] = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c !== ';' && i < body.length) continue;
    const raw = body.slice(start, i).trim();
    start = i + 1;
    if (raw === '') continue;
    const colon = raw.indexOf(':');
    if (colon < 0) options.push({ name: raw, value: '', hasValue: false });
    else options.push({ name: raw.slice(0, colon).trim(), value: raw.slice(colon + 1).trim(), hasValue: true });
  }
  return options;
}

export function splitRule(text: string): RuleParts {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw syntaxError('rule has no option list', undefined, 'expected (...)');
  if (text.slice(close + 1).trim() !== '') throw syntaxError('text after the option list');
  const tokens = tokenizeHeader(text.slice(0, open).trim());
  if (tokens.length !== 7) {
    throw syntaxError('invalid rule header', undefined, `expected 7 fields, found ${tokens.length}`);
  }
  const [action, proto, src, srcPorts, direction, dst, dstPorts] = tokens as [
    string, string, string, string, string, string, string,
  ];
  return { action, proto, src, srcPorts, direction, dst, dstPorts, options: splitOptions(text.slice(open + 1, close)) };
}
