import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const tlsCertIssuerKeyword: KeywordDefinition = stickyBufferKeyword('tls.cert_issuer');
