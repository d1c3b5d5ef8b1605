import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpRequestLineKeyword: KeywordDefinition = stickyBufferKeyword('http.request_line');
