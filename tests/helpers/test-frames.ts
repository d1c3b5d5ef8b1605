// One representative frame per layer and per tunnel stack, shared by the truncation sweep, the property tests and
// the allocation test. Each is a whole, valid frame; the tests cut or mutate it.
import * as B from './packet-builder.js';

const text = (s: string) => new TextEncoder().encode(s);
const http = text('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
const tcpSyn = B.tcp(new Uint8Array(0), { flags: 0x02, options: [2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7] });
const v4tcp = B.ethernet(B.ipv4(B.tcp(http)));
const v6udp = B.ethernet(B.ipv6(B.udp(text('dns?'), 5353, 53), { nextHeader: 17 }), 0x86dd);
const v6ext = B.ethernet(
  B.ipv6(B.ipv6OptionsHeader(60, B.ipv6OptionsHeader(44, B.ipv6Fragment(6, B.tcp(http), 0, true), [0x1e, 2, 0, 0]), [5, 2, 0, 0]), { nextHeader: 0 }),
  0x86dd,
);

export const TEST_FRAMES: { name: string; linkType: number; frame: Uint8Array }[] = [
  { name: 'ethernet-ipv4-tcp', linkType: 1, frame: v4tcp },
  { name: 'ethernet-ipv4-tcp-syn-options', linkType: 1, frame: B.ethernet(B.ipv4(tcpSyn)) },
  { name: 'ethernet-ipv4-options-udp', linkType: 1, frame: B.ethernet(B.ipv4(B.udp(text('q')), { proto: 17, options: [0x94, 4, 0, 0] })) },
  { name: 'ethernet-ipv4-icmp', linkType: 1, frame: B.ethernet(B.ipv4(B.icmp(8, 0, 1, 1, new Uint8Array(56)), { proto: 1 })) },
  { name: 'ethernet-ipv6-udp', linkType: 1, frame: v6udp },
  { name: 'ethernet-ipv6-ext-tcp', linkType: 1, frame: v6ext },
  { name: 'ethernet-ipv6-icmpv6', linkType: 1, frame: B.ethernet(B.ipv6(B.icmp(128, 0, 1, 1, new Uint8Array(8)), { nextHeader: 58 }), 0x86dd) },
  { name: 'ethernet-vlan-ipv4-tcp', linkType: 1, frame: B.ethernet(B.vlanTag(10, 0x0800, B.ipv4(B.tcp(http))), 0x8100) },
  { name: 'ethernet-qinq-ipv4-tcp', linkType: 1, frame: B.ethernet(B.vlanTag(20, 0x8100, B.vlanTag(10, 0x0800, B.ipv4(B.tcp(http)))), 0x88a8) },
  { name: 'ethernet-arp', linkType: 1, frame: B.ethernet(B.hex('0001 0800 06 04 0001 020000000001 0a00000b 000000000000 0a000001'), 0x0806) },
  { name: 'vxlan-ipv4-tcp', linkType: 1, frame: B.mirrored(v4tcp) },
  { name: 'vxlan-ipv6-ext', linkType: 1, frame: B.mirrored(v6ext) },
  { name: 'gwlb-geneve-vxlan-tcp', linkType: 1, frame: B.gwlbMirrored(v4tcp) },
  { name: 'geneve-ethernet', linkType: 1, frame: B.ethernet(B.ipv4(B.udp(B.geneve(v4tcp, 9, 0x6558), 1, 6081), { proto: 17 })) },
  { name: 'raw-ipv4-tcp', linkType: 101, frame: B.ipv4(B.tcp(http)) },
  { name: 'sll-ipv4-udp', linkType: 113, frame: B.concat(B.hex('0000 0001 0006 020000000001 0000 0800'), B.ipv4(B.udp(text('x')), { proto: 17 })) },
  { name: 'sll2-ipv6-tcp', linkType: 276, frame: B.concat(B.hex('86dd 0000 00000002 0001 00 06 020000000001 0000'), B.ipv6(B.tcp(http))) },
  { name: 'null-ipv4-tcp', linkType: 0, frame: B.concat(new Uint8Array([2, 0, 0, 0]), B.ipv4(B.tcp(http))) },
];
