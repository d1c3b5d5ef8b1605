import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const tlsCertFingerprintKeyword: KeywordDefinition = stickyBufferKeyword('tls.cert_fingerprint');
