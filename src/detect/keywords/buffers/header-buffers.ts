import { stickyBufferKeyword } from '../sticky-buffer.js';
import type { KeywordDefinition } from '../keyword.js';

// Suricata 7's packet header sticky buffers (detect-ipv4hdr.c ... detect-icmpv6hdr.c), one family: each is the
// bytes of that header in the packet being inspected, and absent (no match) when the packet has no such header.
export const ipv4HdrKeyword: KeywordDefinition = stickyBufferKeyword('ipv4.hdr');
export const ipv6HdrKeyword: KeywordDefinition = stickyBufferKeyword('ipv6.hdr');
export const tcpHdrKeyword: KeywordDefinition = stickyBufferKeyword('tcp.hdr');
export const udpHdrKeyword: KeywordDefinition = stickyBufferKeyword('udp.hdr');
export const icmpv4HdrKeyword: KeywordDefinition = stickyBufferKeyword('icmpv4.hdr');
export const icmpv6HdrKeyword: KeywordDefinition = stickyBufferKeyword('icmpv6.hdr');
