import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpUriKeyword: KeywordDefinition = stickyBufferKeyword('http.uri');
/** Legacy `http_uri` content modifier. */
export const httpUriModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.uri');
