import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpStatCodeKeyword: KeywordDefinition = stickyBufferKeyword('http.stat_code');
/** Legacy `http_stat_code` content modifier. */
export const httpStatCodeModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.stat_code');
