import { tlsFieldKeyword } from './tls-field.js';
import type { KeywordDefinition } from './keyword.js';

export const tlsIssuerdnKeyword: KeywordDefinition = tlsFieldKeyword('tls.issuerdn', 'issuerdn');
