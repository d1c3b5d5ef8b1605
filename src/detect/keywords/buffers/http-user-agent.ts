import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpUserAgentKeyword: KeywordDefinition = stickyBufferKeyword('http.user_agent');
/** Legacy `http_user_agent` content modifier. */
export const httpUserAgentModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.user_agent');
