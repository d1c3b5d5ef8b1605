// TLS: record and handshake reassembly, ClientHello/ServerHello/Certificate, JA3/JA3S/JA4, the EVE tls object.
export { TlsParser } from './tls-parser.js';
export { TlsTransaction } from './tls-transaction.js';
export { TlsEvent } from './tls-events.js';
export { parseClientHello, TlsExtension } from './client-hello.js';
export type { ClientHello } from './client-hello.js';
export { parseServerHello } from './server-hello.js';
export type { ServerHello } from './server-hello.js';
export { ja3sString, ja3String, md5Hex } from './ja3.js';
export { ja4 } from './ja4.js';
export { isGrease } from './grease.js';
export { parseCertificate, formatName, formatTime } from './x509-certificate.js';
export type { CertificateInfo } from './x509-certificate.js';
export { readTlv, oidToString } from './der-reader.js';
export type { Tlv } from './der-reader.js';
export { tlsVersionName } from './tls-version.js';
export { tlsEve } from './tls-eve.js';
