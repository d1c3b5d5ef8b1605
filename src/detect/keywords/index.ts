export { KEYWORDS, lookupKeyword, isKnownUnsupportedKeyword } from './registry.js';
export { UNSUPPORTED_KEYWORDS } from './unsupported-keywords.js';
export { parseNumericComparison } from './numeric-comparison.js';
export { translatePcre } from './pcre-translate.js';
export type { PcreFlags, TranslatedPcre } from './pcre-translate.js';
export type { KeywordDefinition, KeywordValue } from './keyword.js';
