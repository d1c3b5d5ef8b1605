import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpRequestHeaderKeyword: KeywordDefinition = stickyBufferKeyword('http.request_header');
