import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpContentLenKeyword: KeywordDefinition = stickyBufferKeyword('http.content_len');
/** Legacy `http_content_len` content modifier. */
export const httpContentLenModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.content_len');
