import fc from 'fast-check';
import { eveTunnel } from '../../../tests/helpers/eve-arbitraries.js';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../detect/engine/index.js';
import { formatEveTimestamp } from '../../ops/index.js';
import { alertEventLine, type AlertEventInput } from './alert-event.js';
import type { EvePacketInfo } from './eve-packet-info.js';

/** The alert event as an object with Suricata's key order: what the line must serialize to. */
function expectedObject(i: AlertEventInput): Record<string, unknown> {
  const p = i.packet;
  const [srcIp, srcPort, destIp, destPort] = i.reversed ? [p.dest_ip, p.dest_port, p.src_ip, p.src_port] : [p.src_ip, p.src_port, p.dest_ip, p.dest_port];
  const ports = p.ipProto === 6 || p.ipProto === 17;
  const e: Record<string, unknown> = { timestamp: formatEveTimestamp(i.tsUs) };
  if (i.flowId !== null) e.flow_id = i.flowId;
  if (i.pcapCnt !== null) e.pcap_cnt = i.pcapCnt;
  Object.assign(e, { event_type: 'alert', src_ip: srcIp }, ports ? { src_port: srcPort } : {}, { dest_ip: destIp }, ports ? { dest_port: destPort } : {});
  e.proto = p.proto;
  if ((p.ipProto === 1 || p.ipProto === 58) && p.icmp_type >= 0) Object.assign(e, { icmp_type: p.icmp_type, icmp_code: p.icmp_code });
  if (i.direction !== null) e.direction = i.direction;
  if (p.tunnel !== null) e.tunnel = p.tunnel;
  const a = i.alert;
  const alert: Record<string, unknown> = { action: a.action, gid: a.gid, signature_id: a.sid, rev: a.rev, signature: a.msg, category: a.category, severity: a.severity };
  if (a.ruleAction !== 'alert') alert.rule_action = a.ruleAction;
  if (a.signature.metadata.length > 0) {
    const m: Record<string, string[]> = {};
    for (const [k, v] of a.signature.metadata) (m[k] ??= []).push(v);
    alert.metadata = m;
  }
  e.alert = alert;
  if (i.appProto !== null && i.appProto !== '' && i.appProto !== 'unknown') e.app_proto = i.appProto;
  if (i.appLayer !== null) e[i.appLayer.key] = i.appLayer.value;
  if (i.flowLogJson !== null) e.flow_log = JSON.parse(i.flowLogJson);
  return e;
}

const text = fc.string({ unit: 'grapheme', maxLength: 20 });
const ip = fc.oneof(fc.ipV4(), fc.ipV6());

const input = fc.record({
  tsUs: fc.integer({ min: 0, max: 4_000_000_000_000_000 }),
  flowId: fc.option(fc.integer({ min: 0, max: 2 ** 52 }), { nil: null }),
  pcapCnt: fc.option(fc.integer({ min: 1, max: 2 ** 31 }), { nil: null }),
  reversed: fc.boolean(),
  direction: fc.constantFrom('to_server' as const, 'to_client' as const, null),
  appProto: fc.constantFrom('http', 'tls', 'dns', '', 'unknown', null),
  src: ip,
  dst: ip,
  ipProto: fc.constantFrom(6, 17, 1, 58, 47),
  icmpType: fc.integer({ min: -1, max: 255 }),
  tunnel: fc.option(eveTunnel, { nil: null }),
  sid: fc.nat(),
  msg: text,
  category: text,
  ruleAction: fc.constantFrom('alert' as const, 'drop' as const, 'pass' as const),
  metadata: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), text), { maxLength: 4 }),
  appLayer: fc.option(fc.record({ key: fc.constantFrom('http', 'tls', 'dns'), value: fc.dictionary(text, fc.oneof(text, fc.integer())) }), { nil: null }),
  flowLog: fc.option(fc.dictionary(text, fc.oneof(text, fc.integer())), { nil: null }),
});

describe('alertEventLine', () => {
  it('is the JSON of the alert object in Suricata key order, for any alert', () => {
    fc.assert(
      fc.property(input, (r) => {
        const signature = { metadata: r.metadata } as unknown as Alert['signature'];
        const alert = {
          signature,
          gid: 1,
          sid: r.sid,
          rev: 3,
          msg: r.msg,
          category: r.category,
          severity: 2,
          action: 'allowed',
          ruleAction: r.ruleAction,
        } as unknown as Alert;
        const packet: EvePacketInfo = {
          src_ip: r.src,
          src_port: 40000,
          dest_ip: r.dst,
          dest_port: 80,
          proto: String(r.ipProto),
          ipProto: r.ipProto,
          icmp_type: r.icmpType,
          icmp_code: 3,
          tunnel: r.tunnel,
        };
        const i: AlertEventInput = {
          tsUs: r.tsUs,
          flowId: r.flowId,
          pcapCnt: r.pcapCnt,
          packet,
          reversed: r.reversed,
          alert,
          direction: r.direction,
          appProto: r.appProto,
          appLayer: r.appLayer,
          flowLogJson: r.flowLog === null ? null : JSON.stringify(r.flowLog),
        };
        expect(alertEventLine(i)).toBe(JSON.stringify(expectedObject(i)));
      }),
      { numRuns: 500 },
    );
  });
});
