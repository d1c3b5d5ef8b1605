import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpCookieKeyword: KeywordDefinition = stickyBufferKeyword('http.cookie');
/** Legacy `http_cookie` content modifier. */
export const httpCookieModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.cookie');
