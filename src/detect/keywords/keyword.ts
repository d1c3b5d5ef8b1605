/**
 * The contract every rule keyword module fulfils (Suricata's sigmatch_table entry, minus matching, which the
 * detection engine does from the compiled Signature).
 */
import type { SignatureBuilder } from '../rule/signature-builder.js';
import type { ParseContext } from '../rule/parse-context.js';

/** `none`: bare keyword (`nocase`); `required`: `name:value`; `optional`: either. */
export type KeywordValue = 'none' | 'required' | 'optional';

export interface KeywordDefinition {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly value: KeywordValue;
  /** Parses `value` into the signature or throws RuleParseError with a reason. Never sees quotes stripped. */
  setup(sig: SignatureBuilder, value: string, ctx: ParseContext): void;
}
