import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpHeaderNamesKeyword: KeywordDefinition = stickyBufferKeyword('http.header_names');
