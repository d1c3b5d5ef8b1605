import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpAcceptEncKeyword: KeywordDefinition = stickyBufferKeyword('http.accept_enc');
/** Legacy `http_accept_enc` content modifier. */
export const httpAcceptEncModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.accept_enc');
