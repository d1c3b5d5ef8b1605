import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpResponseHeaderKeyword: KeywordDefinition = stickyBufferKeyword('http.response_header');
