import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpHostKeyword: KeywordDefinition = stickyBufferKeyword('http.host');
/** Legacy `http_host` content modifier. */
export const httpHostModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.host');
