import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpServerKeyword: KeywordDefinition = stickyBufferKeyword('http.server');
