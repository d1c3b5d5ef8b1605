import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpResponseBodyKeyword: KeywordDefinition = stickyBufferKeyword('http.response_body');
/** Legacy `http_server_body` content modifier. */
export const httpResponseBodyModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.response_body');
