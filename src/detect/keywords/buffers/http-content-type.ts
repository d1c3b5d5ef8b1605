import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpContentTypeKeyword: KeywordDefinition = stickyBufferKeyword('http.content_type');
/** Legacy `http_content_type` content modifier. */
export const httpContentTypeModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.content_type');
