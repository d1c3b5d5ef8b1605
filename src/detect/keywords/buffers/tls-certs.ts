import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const tlsCertsKeyword: KeywordDefinition = stickyBufferKeyword('tls.certs');
