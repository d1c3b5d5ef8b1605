/**
 * Header protocols and app-layer protocols as small numbers, so the engine groups signatures with an array index.
 */
export const HeaderProto = {
  Ip: 0,
  Tcp: 1,
  Udp: 2,
  Icmp: 3,
  /** `tcp-pkt`: packet payload only, never the reassembled stream. */
  TcpPkt: 4,
  /** `tcp-stream`: reassembled stream only. */
  TcpStream: 5,
} as const;
export type HeaderProto = (typeof HeaderProto)[keyof typeof HeaderProto];

export const AppProto = {
  Unknown: 0,
  /** `http` in Suricata 7 means HTTP/1 or HTTP/2; mirrorscope parses HTTP/1 only, so both names land here. */
  Http: 1,
  Tls: 2,
  Dns: 3,
} as const;
export type AppProto = (typeof AppProto)[keyof typeof AppProto];

export const APP_PROTO_NAMES: readonly string[] = ['unknown', 'http', 'tls', 'dns'];

export interface ProtoSpec {
  readonly proto: HeaderProto;
  readonly appProto: AppProto;
}

/** What a header protocol token means; app-layer protocols ride on the transport they normally use. */
export const SUPPORTED_PROTOCOLS: ReadonlyMap<string, ProtoSpec> = new Map<string, ProtoSpec>([
  ['ip', { proto: HeaderProto.Ip, appProto: AppProto.Unknown }],
  ['ipv4', { proto: HeaderProto.Ip, appProto: AppProto.Unknown }],
  ['ipv6', { proto: HeaderProto.Ip, appProto: AppProto.Unknown }],
  ['pkthdr', { proto: HeaderProto.Ip, appProto: AppProto.Unknown }],
  ['tcp', { proto: HeaderProto.Tcp, appProto: AppProto.Unknown }],
  ['tcp-pkt', { proto: HeaderProto.TcpPkt, appProto: AppProto.Unknown }],
  ['tcp-stream', { proto: HeaderProto.TcpStream, appProto: AppProto.Unknown }],
  ['udp', { proto: HeaderProto.Udp, appProto: AppProto.Unknown }],
  ['icmp', { proto: HeaderProto.Icmp, appProto: AppProto.Unknown }],
  ['icmpv4', { proto: HeaderProto.Icmp, appProto: AppProto.Unknown }],
  ['icmpv6', { proto: HeaderProto.Icmp, appProto: AppProto.Unknown }],
  ['http', { proto: HeaderProto.Tcp, appProto: AppProto.Http }],
  ['http1', { proto: HeaderProto.Tcp, appProto: AppProto.Http }],
  ['tls', { proto: HeaderProto.Tcp, appProto: AppProto.Tls }],
  ['dns', { proto: HeaderProto.Ip, appProto: AppProto.Dns }],
]);

/**
 * Protocols Suricata knows but mirrorscope has no parser for. Rules naming them are skipped with a reason instead
 * of being run as plain TCP, which would fire on traffic the rule author never meant.
 */
export const RECOGNISED_UNSUPPORTED_PROTOCOLS: ReadonlySet<string> = new Set([
  'http2', 'ssl', 'smb', 'ftp', 'ftp-data', 'ssh', 'smtp', 'imap', 'pop3', 'dcerpc', 'krb5', 'nfs', 'ntp', 'dhcp',
  'snmp', 'sip', 'rfb', 'mqtt', 'rdp', 'ike', 'ikev2', 'tftp', 'modbus', 'dnp3', 'enip', 'quic', 'telnet', 'pgsql',
  'bittorrent-dht', 'websocket', 'ldap', 'doh2', 'template', 'sctp', 'irc', 'mdns', 'arp', 'pop',
]);
