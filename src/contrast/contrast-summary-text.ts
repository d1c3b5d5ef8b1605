import type { ContrastFlow, ContrastReport } from './contrast-report.js';

const PROTO: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6' };

function endpoint(addr: string, port: number, protocol: number): string {
  if (protocol === 1 || protocol === 58) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

function flowLine(f: ContrastFlow): string {
  const iface = f.interface_id ? `${f.interface_id} ` : '';
  return `${iface}${endpoint(f.srcaddr, f.srcport, f.protocol)} -> ${endpoint(f.dstaddr, f.dstport, f.protocol)} ${PROTO[f.protocol] ?? f.protocol}`;
}

/**
 * The contrast in the words of the AWS networking and security guides: what only payload inspection shows, what
 * only metadata shows, and the usual reasons each side misses the other.
 */
export function formatContrastSummary(report: ContrastReport, maxListed = 10): string {
  const s = report.summary;
  const out: string[] = [];
  const list = (flows: ContrastFlow[], extra: (f: ContrastFlow) => string = () => '') => {
    for (const f of flows.slice(0, maxListed)) out.push(`      ${flowLine(f)}${extra(f)}`);
    if (flows.length > maxListed) out.push(`      ... and ${flows.length - maxListed} more (see --report)`);
  };
  out.push(`VPC Flow Logs vs Traffic Mirroring: ${s.keys} flow directions compared (Flow Log timing tolerance ${s.tolerance_seconds} s)`);
  out.push(`  seen by both                      ${s.both}`);
  out.push(`  only in the mirror                ${s.mirror_only}`);
  out.push(`  only in Flow Logs                 ${s.flow_log_only}`);
  if (s.mirror_directions_without_flow_logs > 0) {
    const list = s.mirror_sources_without_flow_logs;
    out.push(
      `  not compared                      ${s.mirror_directions_without_flow_logs} mirrored direction(s) of ${list.length} source ENI(s) ` +
        `with no Flow Log records given (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', ...' : ''})`,
    );
  }

  const threats = report.flows.filter((f) => f.reasons.includes('threat_on_accepted_flow'));
  out.push('');
  out.push(`Threats on ACCEPTed flows that metadata alone cannot show: ${s.alerts_on_accepted_flows} alert(s) on ${threats.length} flow direction(s)`);
  if (threats.length > 0) {
    out.push('    Flow Logs record these as ordinary ACCEPT records; only the mirrored payload shows what they carried.');
    list(threats, (f) => `  ${f.alerts.map((a) => `[${a.signature_id}] ${a.signature}`).join('; ')}${f.flow_log ? ` (Flow Log: ${f.flow_log.action})` : ''}`);
  }

  const rejected = report.flows.filter((f) => f.reasons.includes('rejected_before_mirroring'));
  out.push('');
  out.push(`REJECTed flows the mirror cannot see: ${rejected.length}`);
  if (rejected.length > 0) {
    out.push('    Dropped by a security group or network ACL on the source ENI; packets dropped there are never mirrored,');
    out.push('    so only the Flow Log metadata shows the attempt (a blocked scan or exploit has no payload to inspect).');
    list(rejected, (f) => `  ${f.flow_log!.packets} packets`);
  }

  const missing = report.flows.filter((f) => f.reasons.includes('accepted_not_mirrored'));
  out.push('');
  out.push(`ACCEPTed flows missing from the mirror: ${missing.length}`);
  if (missing.length > 0) {
    out.push('    Likely causes: the mirror filter has no accept rule for this direction, protocol or port (a filter gap);');
    out.push('    a higher-priority session took the packets (each packet is mirrored once); the ENI is not a mirror source;');
    out.push('    or mirrored packets were dropped under congestion (see NetworkSkipMirrorIn/Out in CloudWatch).');
    list(missing, (f) => `  ${f.flow_log!.packets} packets`);
  }

  const mirrorOnly = report.flows.filter((f) => f.status === 'mirror_only');
  out.push('');
  out.push(`Mirrored flows missing from Flow Logs: ${mirrorOnly.length} (${s.amazon_dns_flows} to the Amazon DNS server)`);
  if (mirrorOnly.length > 0) {
    out.push('    Flow Logs never record traffic to the Amazon-provided DNS server (the mirror does, with the amazon-dns');
    out.push('    network service); other gaps are usually delivery lag (records arrive 5-10 minutes later), a Flow Log');
    out.push('    that captures REJECT only, or Flow Log files that do not cover this time or interface.');
    list(mirrorOnly, (f) => (f.note ? `  (${f.note})` : ''));
  }

  const mismatched = report.flows.filter((f) => f.note !== null && f.status === 'both');
  out.push('');
  out.push(`Counters that disagree: ${s.counter_mismatches}`);
  if (mismatched.length > 0) {
    out.push('    Fewer packets in the mirror points to mirror loss or a filter covering part of the flow; different bytes');
    out.push('    with equal packets to a different aggregation window. Truncated mirror copies still count full IP lengths.');
    list(mismatched, (f) => `  ${f.note}`);
  }
  const fl = s.flow_log as { records_read?: number; nodata?: number; skipdata?: number; skipped_lines?: number; files_read?: number } | null;
  if (fl) {
    out.push('');
    out.push(
      `Flow Log input: ${fl.files_read ?? 0} file(s), ${fl.records_read ?? 0} records read, ${s.flow_log_records_used} compared, ` +
        `${s.flow_log_records_outside_capture_time} outside the capture's time, ${s.flow_log_records_other_interfaces} for interfaces not mirrored, ` +
        `NODATA ${fl.nodata ?? 0}, SKIPDATA ${fl.skipdata ?? 0}, malformed lines skipped ${fl.skipped_lines ?? 0}`,
    );
  }
  return out.join('\n');
}
