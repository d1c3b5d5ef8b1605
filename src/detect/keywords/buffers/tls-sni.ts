import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const tlsSniKeyword: KeywordDefinition = stickyBufferKeyword('tls.sni');
