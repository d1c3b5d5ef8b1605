import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpAcceptLangKeyword: KeywordDefinition = stickyBufferKeyword('http.accept_lang');
/** Legacy `http_accept_lang` content modifier. */
export const httpAcceptLangModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.accept_lang');
