/**
 * What parsing a rule needs from outside the rule: variables, the classification table, and caches that make
 * rules with the same header text share one compiled matcher.
 */
import { AddressMatcher, compileAddress } from './address-set.js';
import { PortMatcher, compilePorts } from './port-set.js';
import { DEFAULT_CLASSIFICATIONS, type ClassificationTable } from './classification.js';
import { defaultVars, type RuleVars } from './vars.js';

export interface ParseContext {
  readonly vars: RuleVars;
  readonly classifications: ClassificationTable;
  readonly addressCache: Map<string, AddressMatcher>;
  readonly portCache: Map<string, PortMatcher>;
}

export function createParseContext(
  options: { vars?: RuleVars; classifications?: ClassificationTable } = {},
): ParseContext {
  return {
    vars: options.vars ?? defaultVars(),
    classifications: options.classifications ?? DEFAULT_CLASSIFICATIONS,
    addressCache: new Map(),
    portCache: new Map(),
  };
}

export function addressMatcherFor(ctx: ParseContext, text: string): AddressMatcher {
  let m = ctx.addressCache.get(text);
  if (m === undefined) {
    m = compileAddress(text, (name) => ctx.vars.addressGroups.get(name));
    ctx.addressCache.set(text, m);
  }
  return m;
}

export function portMatcherFor(ctx: ParseContext, text: string): PortMatcher {
  let m = ctx.portCache.get(text);
  if (m === undefined) {
    m = compilePorts(text, (name) => ctx.vars.portGroups.get(name));
    ctx.portCache.set(text, m);
  }
  return m;
}
