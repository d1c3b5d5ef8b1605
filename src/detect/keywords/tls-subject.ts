import { tlsFieldKeyword } from './tls-field.js';
import type { KeywordDefinition } from './keyword.js';

export const tlsSubjectKeyword: KeywordDefinition = tlsFieldKeyword('tls.subject', 'subject');
