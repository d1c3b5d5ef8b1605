import { tlsFieldKeyword } from './tls-field.js';
import type { KeywordDefinition } from './keyword.js';

export const tlsFingerprintKeyword: KeywordDefinition = tlsFieldKeyword('tls.fingerprint', 'fingerprint');
