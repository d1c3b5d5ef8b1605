export { ContrastBuilder } from './contrast-report.js';
export type { ContrastAlert, ContrastFlow, ContrastOptions, ContrastReason, ContrastReport, ContrastStatus, ContrastSummary } from './contrast-report.js';
export { formatContrastSummary } from './contrast-summary-text.js';
export { amazonDnsReason } from './amazon-dns.js';
