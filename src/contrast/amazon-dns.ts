/**
 * Is this the Amazon-provided DNS server? VPC Flow Logs never record traffic to it, while a mirror session with
 * the amazon-dns network service does: the classic "in the mirror, not in Flow Logs" case. It answers on
 * 169.254.169.253 and on the VPC CIDR base plus two; without the CIDR we accept a .2 address on port 53 in a
 * private range, and say it is a guess.
 */
export function amazonDnsReason(dstaddr: string, dstport: number, protocol: number, vpcCidrs: readonly string[]): string | null {
  if (dstport !== 53 || (protocol !== 17 && protocol !== 6)) return null;
  if (dstaddr === '169.254.169.253' || dstaddr === 'fd00:ec2::253') return 'Amazon DNS (Route 53 Resolver link-local address)';
  for (const cidr of vpcCidrs) {
    const base = cidr.split('/')[0]!.split('.').map(Number);
    if (base.length === 4) {
      base[3] = base[3]! + 2;
      if (base.join('.') === dstaddr) return `Amazon DNS (VPC base + 2 of ${cidr})`;
    }
  }
  if (vpcCidrs.length === 0 && /^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)\d+\.\d+\.2$/.test(dstaddr)) {
    return 'probably Amazon DNS (a .2 resolver address on port 53; give --sources vpc_cidrs to be sure)';
  }
  return null;
}
