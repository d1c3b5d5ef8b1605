import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const ja3HashKeyword: KeywordDefinition = stickyBufferKeyword('ja3.hash');
