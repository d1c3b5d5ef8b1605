import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpUriRawKeyword: KeywordDefinition = stickyBufferKeyword('http.uri.raw');
/** Legacy `http_raw_uri` content modifier. */
export const httpUriRawModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.uri.raw');
