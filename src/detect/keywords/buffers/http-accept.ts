import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpAcceptKeyword: KeywordDefinition = stickyBufferKeyword('http.accept');
/** Legacy `http_accept` content modifier. */
export const httpAcceptModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.accept');
