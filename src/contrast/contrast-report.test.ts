import { describe, expect, it } from 'vitest';
import { flowLogRecord, type FlowLogRecord } from '../flowlog/index.js';
import { ContrastBuilder } from './contrast-report.js';
import { formatContrastSummary } from './contrast-summary-text.js';

const T = 1795773600;

function rec(p: Partial<FlowLogRecord>): FlowLogRecord {
  return flowLogRecord({ version: 2, action: 'ACCEPT', log_status: 'OK', start: T, end: T + 10, packets: 1, bytes: 84, ...p });
}

describe('ContrastBuilder', () => {
  it("AWS's NACL example: the ACCEPTed ping request is in both, the REJECTed reply only in Flow Logs", () => {
    const c = new ContrastBuilder({ aggregationInterval: 600 });
    // What the mirror saw: only the inbound echo request (the reply was dropped by the NACL before mirroring).
    c.addMirrorRecord(rec({ srcaddr: '203.0.113.12', dstaddr: '172.31.16.139', srcport: 0, dstport: 0, protocol: 1, packets: 4, bytes: 336 }));
    c.addFlowLogRecord(rec({ srcaddr: '203.0.113.12', dstaddr: '172.31.16.139', srcport: 0, dstport: 0, protocol: 1, packets: 4, bytes: 336 }));
    c.addFlowLogRecord(rec({ srcaddr: '172.31.16.139', dstaddr: '203.0.113.12', srcport: 0, dstport: 0, protocol: 1, packets: 4, bytes: 336, action: 'REJECT' }));
    const r = c.build(null);
    expect(r.summary).toMatchObject({ keys: 2, both: 1, flow_log_only: 1, rejected_flows: 1, counter_mismatches: 0 });
    const reply = r.flows.find((f) => f.srcaddr === '172.31.16.139')!;
    expect(reply.status).toBe('flow_log_only');
    expect(reply.flow_log).toMatchObject({ action: 'REJECT', packets: 4, bytes: 336 });
    expect(reply.mirror).toBeNull();
    expect(reply.reasons).toEqual(['rejected_before_mirroring']);
    expect(formatContrastSummary(r)).toContain('REJECTed flows the mirror cannot see: 1');
  });

  it('merges a key across windows and attaches alerts of that direction only', () => {
    const c = new ContrastBuilder({ aggregationInterval: 60 });
    const k = { srcaddr: '203.0.113.50', dstaddr: '10.0.0.11', srcport: 41000, dstport: 80, protocol: 6 };
    c.addMirrorRecord(rec({ ...k, start: T, end: T + 50, packets: 5, bytes: 900 }));
    c.addMirrorRecord(rec({ ...k, start: T + 60, end: T + 70, packets: 2, bytes: 100 }));
    c.addFlowLogRecord(rec({ ...k, start: T + 1, end: T + 59, packets: 5, bytes: 900 }));
    c.addFlowLogRecord(rec({ ...k, start: T + 61, end: T + 110, packets: 2, bytes: 100 }));
    c.addAlert({ src_ip: k.srcaddr, src_port: 41000, dest_ip: k.dstaddr, dest_port: 80, protocol: 6, signature_id: 9100001, signature: 'SQLi' });
    c.addAlert({ src_ip: k.srcaddr, src_port: 41000, dest_ip: k.dstaddr, dest_port: 80, protocol: 6, signature_id: 9100001, signature: 'SQLi' });
    const r = c.build(null);
    expect(r.flows).toHaveLength(1);
    const f = r.flows[0]!;
    expect(f.status).toBe('both');
    expect(f.mirror).toMatchObject({ packets: 7, bytes: 1000, start: T, end: T + 70 });
    expect(f.flow_log).toMatchObject({ packets: 7, bytes: 1000, start: T + 1, end: T + 110, records: 2 });
    expect(f.alerts).toEqual([{ signature_id: 9100001, signature: 'SQLi' }]);
    expect(f.reasons).toEqual(['threat_on_accepted_flow']);
    expect(r.summary.alerts_on_accepted_flows).toBe(1);
    expect(r.summary.alerts).toBe(2);
  });

  it('explains mirror-only Amazon DNS, ACCEPTed-not-mirrored, and counter mismatches', () => {
    const c = new ContrastBuilder({ vpcCidrs: ['10.0.0.0/16'] });
    c.addMirrorRecord(rec({ srcaddr: '10.0.0.11', dstaddr: '10.0.0.2', srcport: 53000, dstport: 53, protocol: 17 }));
    c.addMirrorRecord(rec({ srcaddr: '10.0.0.11', dstaddr: '198.51.100.7', srcport: 40000, dstport: 443, protocol: 6, packets: 8 }));
    c.addFlowLogRecord(rec({ srcaddr: '10.0.0.11', dstaddr: '198.51.100.7', srcport: 40000, dstport: 443, protocol: 6, packets: 10 }));
    c.addFlowLogRecord(rec({ srcaddr: '10.0.0.11', dstaddr: '198.51.100.9', srcport: 40001, dstport: 22, protocol: 6 }));
    const r = c.build(null);
    const by = (dst: string) => r.flows.find((f) => f.dstaddr === dst)!;
    expect(by('10.0.0.2').reasons).toEqual(['amazon_dns_not_in_flow_logs']);
    expect(by('198.51.100.7').reasons).toEqual(['mirror_missed_packets']);
    expect(by('198.51.100.9').reasons).toEqual(['accepted_not_mirrored']);
    expect(r.summary).toMatchObject({ amazon_dns_flows: 1, accepted_not_mirrored: 1, counter_mismatches: 1 });
  });

  it('counts Flow Log records far outside the capture time instead of joining them', () => {
    const c = new ContrastBuilder({ aggregationInterval: 60, toleranceSeconds: 60 });
    c.addMirrorRecord(rec({ srcaddr: 'a', dstaddr: 'b', srcport: 1, dstport: 2, protocol: 6 }));
    c.addFlowLogRecord(rec({ srcaddr: 'c', dstaddr: 'd', srcport: 1, dstport: 2, protocol: 6, start: T + 3600, end: T + 3650 }));
    c.addFlowLogRecord(rec({ srcaddr: 'c', dstaddr: 'd', srcport: 1, dstport: 2, protocol: 6, start: T + 100, end: T + 130 }));
    const r = c.build(null);
    expect(r.summary.flow_log_records_outside_capture_time).toBe(1);
    expect(r.summary.flow_log_only).toBe(1);
  });

  it('keys by interface when the mirror knows it, and sets aside other interfaces', () => {
    const c = new ContrastBuilder();
    c.addMirrorRecord(rec({ interface_id: 'eni-1', srcaddr: 'a', dstaddr: 'b', srcport: 1, dstport: 2, protocol: 6 }));
    c.addFlowLogRecord(rec({ interface_id: 'eni-1', srcaddr: 'a', dstaddr: 'b', srcport: 1, dstport: 2, protocol: 6 }));
    c.addFlowLogRecord(rec({ interface_id: 'eni-9', srcaddr: 'a', dstaddr: 'b', srcport: 1, dstport: 2, protocol: 6 }));
    const r = c.build(null);
    expect(r.flows).toHaveLength(1);
    expect(r.flows[0]!.interface_id).toBe('eni-1');
    expect(r.summary.flow_log_records_other_interfaces).toBe(1);
  });
});

describe('ContrastBuilder coverage', () => {
  it('sets aside mirrored traffic of a source ENI that no Flow Log record mentions', () => {
    const c = new ContrastBuilder();
    c.addMirrorRecord(rec({ srcaddr: '10.0.0.11', dstaddr: '198.51.100.1', srcport: 1, dstport: 2, protocol: 6, flow_direction: 'egress' }));
    c.addMirrorRecord(rec({ srcaddr: '10.0.7.7', dstaddr: '198.51.100.1', srcport: 1, dstport: 2, protocol: 6, flow_direction: 'egress' }));
    c.addFlowLogRecord(rec({ srcaddr: '10.0.0.11', dstaddr: '198.51.100.9', srcport: 5, dstport: 6, protocol: 6 }));
    const r = c.build(null);
    expect(r.summary.mirror_directions_without_flow_logs).toBe(1);
    expect(r.summary.mirror_sources_without_flow_logs).toEqual(['10.0.7.7']);
    expect(r.flows.map((f) => f.srcaddr).sort()).toEqual(['10.0.0.11', '10.0.0.11']);
  });
});
