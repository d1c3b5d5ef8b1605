import { TCP_FLAG } from '../../native-free-decoders/index.js';

/** The values VPC Flow Logs put in `tcp-flags`: FIN 1, SYN 2, RST 4, and 18 for a SYN-ACK (SYN 2 | ACK 16). */
export const AWS_TCP_FLAG = { FIN: 1, SYN: 2, RST: 4, SYN_ACK: 18 } as const;

const RECORDED = TCP_FLAG.FIN | TCP_FLAG.SYN | TCP_FLAG.RST;

/**
 * What one TCP packet contributes to a Flow Log record's `tcp-flags`. ACK alone, PSH, URG, ECE and CWR are not
 * logged, so a data or pure-ACK packet contributes 0; ACK only shows as part of SYN-ACK. Unsupported flags next to
 * supported ones leave the supported value (SYN+ECE gives 2). AWS also writes `-` for an "invalid combination"
 * without saying which ones; we do not guess, and OR the supported bits (a SYN+FIN packet gives 3).
 */
export function awsTcpFlags(tcpFlags: number): number {
  const v = tcpFlags & RECORDED;
  return (tcpFlags & TCP_FLAG.SYN) !== 0 && (tcpFlags & TCP_FLAG.ACK) !== 0 ? v | TCP_FLAG.ACK : v;
}

/** Names of the bits set in an AWS tcp-flags value, for reports: 19 gives ['FIN', 'SYN-ACK']. */
export function describeAwsTcpFlags(value: number): string[] {
  const names: string[] = [];
  if ((value & AWS_TCP_FLAG.FIN) !== 0) names.push('FIN');
  if ((value & AWS_TCP_FLAG.SYN_ACK) === AWS_TCP_FLAG.SYN_ACK) names.push('SYN-ACK');
  else if ((value & AWS_TCP_FLAG.SYN) !== 0) names.push('SYN');
  if ((value & AWS_TCP_FLAG.RST) !== 0) names.push('RST');
  return names;
}
