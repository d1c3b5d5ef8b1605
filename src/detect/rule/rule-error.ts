import { MirrorscopeError } from '../../errors.js';

/**
 * `syntax`: Suricata would reject the rule too. `unsupported`: the rule is valid Suricata but mirrorscope cannot
 * evaluate it faithfully, so it is skipped rather than matched wrongly.
 */
export type RuleErrorKind = 'syntax' | 'unsupported';

/**
 * Thrown by keyword setup functions and caught by the rule parser, which turns it into a skip record; it never
 * escapes `parseRule` or `loadRules`. `reason` is short and stable so `rules check` can group by it; `detail`
 * carries the specifics (the offending value).
 */
export class RuleParseError extends MirrorscopeError {
  readonly kind: RuleErrorKind;
  readonly reason: string;
  readonly keyword: string | undefined;
  readonly detail: string;

  constructor(reason: string, keyword?: string, detail?: string, kind: RuleErrorKind = 'syntax') {
    super(kind === 'syntax' ? 'RULE_SYNTAX' : 'RULE_UNSUPPORTED', detail === undefined ? reason : `${reason}: ${detail}`);
    this.name = 'RuleParseError';
    this.kind = kind;
    this.reason = reason;
    this.keyword = keyword;
    this.detail = detail ?? '';
  }
}

export function syntaxError(reason: string, keyword?: string, detail?: string): RuleParseError {
  return new RuleParseError(reason, keyword, detail, 'syntax');
}

export function unsupportedError(reason: string, keyword?: string, detail?: string): RuleParseError {
  return new RuleParseError(reason, keyword, detail, 'unsupported');
}
