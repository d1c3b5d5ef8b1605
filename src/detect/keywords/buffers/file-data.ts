import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const fileDataKeyword: KeywordDefinition = stickyBufferKeyword('file.data');
