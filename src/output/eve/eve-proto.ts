/** EVE's `proto` values: Suricata writes the protocol name, and the number for protocols it does not name. */
export function eveProto(ipProto: number): string {
  switch (ipProto) {
    case 6:
      return 'TCP';
    case 17:
      return 'UDP';
    case 1:
      return 'ICMP';
    case 58:
      return 'IPv6-ICMP';
    case 132:
      return 'SCTP';
    default:
      return String(ipProto);
  }
}
