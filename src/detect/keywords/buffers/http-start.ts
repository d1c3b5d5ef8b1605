import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpStartKeyword: KeywordDefinition = stickyBufferKeyword('http.start');
