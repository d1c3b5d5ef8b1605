import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpStatMsgKeyword: KeywordDefinition = stickyBufferKeyword('http.stat_msg');
/** Legacy `http_stat_msg` content modifier. */
export const httpStatMsgModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.stat_msg');
