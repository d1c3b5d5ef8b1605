import { tlsFieldKeyword } from './tls-field.js';
import type { KeywordDefinition } from './keyword.js';

export const tlsVersionKeyword: KeywordDefinition = tlsFieldKeyword('tls.version', 'version');
