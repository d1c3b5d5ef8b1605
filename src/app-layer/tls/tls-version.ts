/** Suricata's names for protocol versions in EVE `tls.version`. */
export function tlsVersionName(version: number): string {
  switch (version) {
    case 0x0200:
      return 'SSLv2';
    case 0x0300:
      return 'SSLv3';
    case 0x0301:
      return 'TLSv1';
    case 0x0302:
      return 'TLS 1.1';
    case 0x0303:
      return 'TLS 1.2';
    case 0x0304:
      return 'TLS 1.3';
    default:
      if (version >> 8 === 0x7f) return `TLS 1.3 draft-${version & 0xff}`;
      return 'UNDETERMINED';
  }
}
