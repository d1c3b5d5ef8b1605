import { stickyBufferKeyword, legacyModifierKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpHostRawKeyword: KeywordDefinition = stickyBufferKeyword('http.host.raw');
/** Legacy `http_raw_host` content modifier. */
export const httpHostRawModifierKeyword: KeywordDefinition = legacyModifierKeyword('http.host.raw');
