/** EVE's `proto` names for the protocols Suricata names; others are written as their number. */
const NAMES: Readonly<Record<number, string>> = { 6: 'TCP', 17: 'UDP', 1: 'ICMP', 58: 'IPv6-ICMP', 132: 'SCTP' };
const NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(Object.entries(NAMES).map(([n, name]) => [name, Number(n)]));

export function eveProto(ipProto: number): string {
  return NAMES[ipProto] ?? String(ipProto);
}

/** The IANA number behind an EVE `proto` value (the inverse of eveProto). */
export function eveProtoNumber(proto: string): number {
  return NUMBERS[proto] ?? Number(proto);
}
