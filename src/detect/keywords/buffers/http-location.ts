import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpLocationKeyword: KeywordDefinition = stickyBufferKeyword('http.location');
