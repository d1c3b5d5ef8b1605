import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpMethodKeyword: KeywordDefinition = stickyBufferKeyword('http.method');
/** Legacy `http_method` content modifier. */
export const httpMethodModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.method');
