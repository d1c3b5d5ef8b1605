import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpRefererKeyword: KeywordDefinition = stickyBufferKeyword('http.referer');
/** Legacy `http_referer` content modifier. */
export const httpRefererModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.referer');
