import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const ja4HashKeyword: KeywordDefinition = stickyBufferKeyword('ja4.hash');
