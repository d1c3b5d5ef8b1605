import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpResponseLineKeyword: KeywordDefinition = stickyBufferKeyword('http.response_line');
