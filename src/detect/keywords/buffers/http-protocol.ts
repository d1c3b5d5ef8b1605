import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const httpProtocolKeyword: KeywordDefinition = stickyBufferKeyword('http.protocol');
