import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const ja3sStringKeyword: KeywordDefinition = stickyBufferKeyword('ja3s.string');
