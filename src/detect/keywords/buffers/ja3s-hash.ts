import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const ja3sHashKeyword: KeywordDefinition = stickyBufferKeyword('ja3s.hash');
