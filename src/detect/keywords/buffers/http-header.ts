import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpHeaderKeyword: KeywordDefinition = stickyBufferKeyword('http.header');
/** Legacy `http_header` content modifier. */
export const httpHeaderModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.header');
