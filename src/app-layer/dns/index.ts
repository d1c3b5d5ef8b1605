// DNS over UDP and TCP: message parsing with name decompression, transactions, the EVE dns (v2) objects.
export { DnsParser } from './dns-parser.js';
export { DnsTransaction } from './dns-transaction.js';
export { DnsEvent } from './dns-events.js';
export { parseDnsMessage, dnsIsResponse, dnsOpcode, dnsRcode, DNS_HEADER_LENGTH } from './dns-message.js';
export type { DnsMessage, DnsQuestion, DnsRecord, DnsRdata, DnsSoa, DnsSrv } from './dns-message.js';
export { readDnsName } from './dns-name.js';
export type { DnsName } from './dns-name.js';
export { rcodeName, rrTypeName, RrType } from './dns-record-types.js';
export { dnsAnswerEve, dnsQueryEve, printAddress } from './dns-eve.js';
