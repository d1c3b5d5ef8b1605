import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpRequestBodyKeyword: KeywordDefinition = stickyBufferKeyword('http.request_body');
/** Legacy `http_client_body` content modifier. */
export const httpRequestBodyModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.request_body');
