import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

export const dnsQueryKeyword: KeywordDefinition = stickyBufferKeyword('dns.query');
