import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpConnectionKeyword: KeywordDefinition = stickyBufferKeyword('http.connection');
/** Legacy `http_connection` content modifier. */
export const httpConnectionModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.connection');
