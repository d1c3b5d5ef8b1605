import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const ja3StringKeyword: KeywordDefinition = stickyBufferKeyword('ja3.string');
