import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpHeaderRawKeyword: KeywordDefinition = stickyBufferKeyword('http.header.raw');
/** Legacy `http_raw_header` content modifier. */
export const httpHeaderRawModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.header.raw');
