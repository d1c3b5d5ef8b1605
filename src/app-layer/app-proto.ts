/**
 * App-layer protocol names as Suricata writes them in EVE `app_proto`: "http" for HTTP/1 (Suricata 7), "tls",
 * "dns"; "failed" when detection gave up; "unknown" while detection is still looking.
 */
export type AppProtoName = 'unknown' | 'http' | 'tls' | 'dns' | 'failed';

/** The protocols that have parsers and transactions. */
export type ParsedAppProto = 'http' | 'tls' | 'dns';
