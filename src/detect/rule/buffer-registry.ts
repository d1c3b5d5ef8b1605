/**
 * Every inspection buffer a rule can name, with a small dense id (Suricata's "sm list" idea). The detection engine
 * indexes per-buffer data by these ids, so they are append-only: never renumber.
 *
 * `legacy` is the pre-5.0 keyword spelling. `modifier` legacy forms move the preceding content into the buffer
 * (`content:"x"; http_uri;`); `sticky` legacy forms are plain aliases of the sticky buffer (`dns_query; content:..`).
 */
import { AppProto } from './app-proto.js';

export type BufferDirection = 'to_server' | 'to_client' | 'both';

export interface BufferDefinition {
  readonly id: number;
  readonly name: string;
  readonly legacy: readonly string[];
  readonly legacyKind: 'modifier' | 'sticky' | 'none';
  /** AppProto.Unknown means "no app-layer requirement" (payload, file.data, base64_data). */
  readonly appProto: AppProto;
  readonly direction: BufferDirection;
  /** Transforms (dotprefix, to_lowercase...) may follow the buffer keyword; false only for raw packet payload. */
  readonly transformable: boolean;
  /** Suricata pcre flag letter that targets this buffer (`/U` = http.uri), or '' if none. */
  readonly pcreFlag: string;
  /** One of the packet's own protocol headers (ipv4.hdr ... icmpv6.hdr): inspected per packet, not per transaction. */
  readonly packetHeader: boolean;
}

interface Row {
  name: string;
  legacy?: string[];
  legacyKind?: 'modifier' | 'sticky';
  app: AppProto;
  dir: BufferDirection;
  pcre?: string;
  transformable?: boolean;
  header?: boolean;
}

const H = AppProto.Http;
const T = AppProto.Tls;
const D = AppProto.Dns;
const U = AppProto.Unknown;

const ROWS: readonly Row[] = [
  { name: 'pkt_data', app: U, dir: 'both', transformable: false },
  { name: 'http.uri', legacy: ['http_uri'], legacyKind: 'modifier', app: H, dir: 'to_server', pcre: 'U' },
  { name: 'http.uri.raw', legacy: ['http_raw_uri'], legacyKind: 'modifier', app: H, dir: 'to_server', pcre: 'I' },
  { name: 'http.method', legacy: ['http_method'], legacyKind: 'modifier', app: H, dir: 'to_server', pcre: 'M' },
  { name: 'http.host', legacy: ['http_host'], legacyKind: 'modifier', app: H, dir: 'to_server', pcre: 'W' },
  { name: 'http.host.raw', legacy: ['http_raw_host'], legacyKind: 'modifier', app: H, dir: 'to_server', pcre: 'Z' },
  { name: 'http.user_agent', legacy: ['http_user_agent'], legacyKind: 'modifier', app: H, dir: 'to_server', pcre: 'V' },
  { name: 'http.header', legacy: ['http_header'], legacyKind: 'modifier', app: H, dir: 'both', pcre: 'H' },
  { name: 'http.header.raw', legacy: ['http_raw_header'], legacyKind: 'modifier', app: H, dir: 'both', pcre: 'D' },
  { name: 'http.header_names', legacy: ['http_header_names'], legacyKind: 'sticky', app: H, dir: 'both' },
  { name: 'http.request_line', legacy: ['http_request_line'], legacyKind: 'sticky', app: H, dir: 'to_server' },
  { name: 'http.request_header', app: H, dir: 'to_server' },
  { name: 'http.response_header', app: H, dir: 'to_client' },
  { name: 'http.response_line', legacy: ['http_response_line'], legacyKind: 'sticky', app: H, dir: 'to_client' },
  { name: 'http.cookie', legacy: ['http_cookie'], legacyKind: 'modifier', app: H, dir: 'both', pcre: 'C' },
  { name: 'http.referer', legacy: ['http_referer'], legacyKind: 'modifier', app: H, dir: 'to_server' },
  { name: 'http.content_type', legacy: ['http_content_type'], legacyKind: 'modifier', app: H, dir: 'both' },
  { name: 'http.content_len', legacy: ['http_content_len'], legacyKind: 'modifier', app: H, dir: 'both' },
  { name: 'http.start', legacy: ['http_start'], legacyKind: 'sticky', app: H, dir: 'both' },
  { name: 'http.protocol', legacy: ['http_protocol'], legacyKind: 'sticky', app: H, dir: 'both' },
  { name: 'http.accept', legacy: ['http_accept'], legacyKind: 'modifier', app: H, dir: 'to_server' },
  { name: 'http.accept_enc', legacy: ['http_accept_enc'], legacyKind: 'modifier', app: H, dir: 'to_server' },
  { name: 'http.accept_lang', legacy: ['http_accept_lang'], legacyKind: 'modifier', app: H, dir: 'to_server' },
  { name: 'http.connection', legacy: ['http_connection'], legacyKind: 'modifier', app: H, dir: 'both' },
  { name: 'http.request_body', legacy: ['http_client_body'], legacyKind: 'modifier', app: H, dir: 'to_server', pcre: 'P' },
  { name: 'http.stat_code', legacy: ['http_stat_code'], legacyKind: 'modifier', app: H, dir: 'to_client', pcre: 'S' },
  { name: 'http.stat_msg', legacy: ['http_stat_msg'], legacyKind: 'modifier', app: H, dir: 'to_client', pcre: 'Y' },
  { name: 'http.location', app: H, dir: 'to_client' },
  { name: 'http.server', app: H, dir: 'to_client' },
  { name: 'http.response_body', legacy: ['http_server_body'], legacyKind: 'modifier', app: H, dir: 'to_client', pcre: 'Q' },
  // file.data serves HTTP bodies both ways and other file-carrying protocols, so it sets no app-layer requirement.
  { name: 'file.data', legacy: ['file_data'], legacyKind: 'sticky', app: U, dir: 'both' },
  { name: 'tls.sni', legacy: ['tls_sni'], legacyKind: 'sticky', app: T, dir: 'to_server' },
  { name: 'tls.certs', app: T, dir: 'to_client' },
  { name: 'tls.cert_subject', legacy: ['tls_cert_subject'], legacyKind: 'sticky', app: T, dir: 'to_client' },
  { name: 'tls.cert_issuer', legacy: ['tls_cert_issuer'], legacyKind: 'sticky', app: T, dir: 'to_client' },
  { name: 'tls.cert_serial', legacy: ['tls_cert_serial'], legacyKind: 'sticky', app: T, dir: 'to_client' },
  { name: 'tls.cert_fingerprint', legacy: ['tls_cert_fingerprint'], legacyKind: 'sticky', app: T, dir: 'to_client' },
  { name: 'ja3.hash', legacy: ['ja3_hash'], legacyKind: 'sticky', app: T, dir: 'to_server' },
  { name: 'ja3.string', legacy: ['ja3_string'], legacyKind: 'sticky', app: T, dir: 'to_server' },
  { name: 'ja3s.hash', legacy: ['ja3s_hash'], legacyKind: 'sticky', app: T, dir: 'to_client' },
  { name: 'ja3s.string', legacy: ['ja3s_string'], legacyKind: 'sticky', app: T, dir: 'to_client' },
  { name: 'ja4.hash', app: T, dir: 'to_server' },
  { name: 'dns.query', legacy: ['dns_query'], legacyKind: 'sticky', app: D, dir: 'to_server' },
  // base64_data is the output of the most recent base64_decode in the same rule, not a protocol field.
  { name: 'base64_data', app: U, dir: 'both' },
  // Suricata 7's header buffers: the bytes of one of the packet's headers (IPv6 with its extension headers).
  { name: 'ipv4.hdr', app: U, dir: 'both', header: true },
  { name: 'ipv6.hdr', app: U, dir: 'both', header: true },
  { name: 'tcp.hdr', app: U, dir: 'both', header: true },
  { name: 'udp.hdr', app: U, dir: 'both', header: true },
  { name: 'icmpv4.hdr', app: U, dir: 'both', header: true },
  { name: 'icmpv6.hdr', app: U, dir: 'both', header: true },
];

export const BUFFERS: readonly BufferDefinition[] = ROWS.map((row, id) => ({
  id,
  name: row.name,
  legacy: row.legacy ?? [],
  legacyKind: row.legacyKind ?? 'none',
  appProto: row.app,
  direction: row.dir,
  transformable: row.transformable ?? true,
  pcreFlag: row.pcre ?? '',
  packetHeader: row.header ?? false,
}));

export const BUFFER_COUNT = BUFFERS.length;

const byName = new Map<string, BufferDefinition>();
const byPcreFlag = new Map<string, BufferDefinition>();
for (const b of BUFFERS) {
  byName.set(b.name, b);
  if (b.pcreFlag !== '') byPcreFlag.set(b.pcreFlag, b);
}

function idOf(name: string): number {
  const b = byName.get(name);
  if (b === undefined) throw new Error(`buffer-registry: no buffer ${name}`);
  return b.id;
}

/** Ids the engine and the keywords refer to by name; looked up once at module load. */
export const BufferId = {
  PktData: idOf('pkt_data'),
  HttpUri: idOf('http.uri'),
  HttpUriRaw: idOf('http.uri.raw'),
  HttpMethod: idOf('http.method'),
  HttpHost: idOf('http.host'),
  HttpHostRaw: idOf('http.host.raw'),
  HttpUserAgent: idOf('http.user_agent'),
  HttpHeader: idOf('http.header'),
  HttpHeaderRaw: idOf('http.header.raw'),
  HttpHeaderNames: idOf('http.header_names'),
  HttpRequestLine: idOf('http.request_line'),
  HttpRequestHeader: idOf('http.request_header'),
  HttpResponseHeader: idOf('http.response_header'),
  HttpResponseLine: idOf('http.response_line'),
  HttpCookie: idOf('http.cookie'),
  HttpReferer: idOf('http.referer'),
  HttpContentType: idOf('http.content_type'),
  HttpContentLen: idOf('http.content_len'),
  HttpStart: idOf('http.start'),
  HttpProtocol: idOf('http.protocol'),
  HttpAccept: idOf('http.accept'),
  HttpAcceptEnc: idOf('http.accept_enc'),
  HttpAcceptLang: idOf('http.accept_lang'),
  HttpConnection: idOf('http.connection'),
  HttpRequestBody: idOf('http.request_body'),
  HttpStatCode: idOf('http.stat_code'),
  HttpStatMsg: idOf('http.stat_msg'),
  HttpLocation: idOf('http.location'),
  HttpServer: idOf('http.server'),
  HttpResponseBody: idOf('http.response_body'),
  FileData: idOf('file.data'),
  TlsSni: idOf('tls.sni'),
  TlsCerts: idOf('tls.certs'),
  TlsCertSubject: idOf('tls.cert_subject'),
  TlsCertIssuer: idOf('tls.cert_issuer'),
  TlsCertSerial: idOf('tls.cert_serial'),
  TlsCertFingerprint: idOf('tls.cert_fingerprint'),
  Ja3Hash: idOf('ja3.hash'),
  Ja3String: idOf('ja3.string'),
  Ja3sHash: idOf('ja3s.hash'),
  Ja3sString: idOf('ja3s.string'),
  Ja4Hash: idOf('ja4.hash'),
  DnsQuery: idOf('dns.query'),
  Base64Data: idOf('base64_data'),
  Ipv4Hdr: idOf('ipv4.hdr'),
  Ipv6Hdr: idOf('ipv6.hdr'),
  TcpHdr: idOf('tcp.hdr'),
  UdpHdr: idOf('udp.hdr'),
  Icmpv4Hdr: idOf('icmpv4.hdr'),
  Icmpv6Hdr: idOf('icmpv6.hdr'),
} as const;

export function bufferById(id: number): BufferDefinition {
  const b = BUFFERS[id];
  if (b === undefined) throw new RangeError(`unknown buffer id ${id}`);
  return b;
}

export function bufferByName(name: string): BufferDefinition | undefined {
  return byName.get(name);
}

export function bufferByPcreFlag(flag: string): BufferDefinition | undefined {
  return byPcreFlag.get(flag);
}
