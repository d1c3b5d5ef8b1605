import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const tlsCertSubjectKeyword: KeywordDefinition = stickyBufferKeyword('tls.cert_subject');
