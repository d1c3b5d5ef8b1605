import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const tlsCertSerialKeyword: KeywordDefinition = stickyBufferKeyword('tls.cert_serial');
