import { describe, expect, it } from 'vitest';
import * as B from '../../tests/helpers/packet-builder.js';
import { DetectEngine } from '../detect/engine/index.js';
import { loadRulesFromText } from '../detect/rule/index.js';
import { InspectionPipeline } from './inspection-pipeline.js';

// app-layer-event matches transactions whose parser raised the event: an HTTP/1.1 request without Host raises
// http.missing_host_header (Suricata's name); one with Host does not.
const RULES = `
alert http any any -> any any (msg:"no host"; app-layer-event:http.missing_host_header; sid:1;)
alert http any any -> any any (msg:"no host on GET /a"; app-layer-event:http.missing_host_header; http.uri; content:"/a"; sid:2;)
alert dns any any -> any any (msg:"dns z flag"; app-layer-event:dns.z_flag_set; sid:3;)
`;

function alertsFor(request: string): number[] {
  const engine = DetectEngine.build(loadRulesFromText(RULES).signatures);
  const p = new InspectionPipeline({ engine, eveTypes: new Set(['alert']) });
  const seg = (payload: Uint8Array, seq: number) =>
    B.mirrored(B.ethernet(B.ipv4(B.tcp(payload, { sport: 50000, dport: 80, seq, ack: 1, flags: 0x18 }), { src: '198.51.100.7', dst: '10.0.0.11' })));
  const req = new TextEncoder().encode(request);
  const frames = [seg(req, 1000)];
  let t = 0;
  for (const f of frames) p.packetAt(f, 0, f.length, f.length, 1, 1795773600, ++t * 1000, t, 0);
  p.finish();
  return p.takeEveRecords().map((r) => (JSON.parse(r.line) as { alert: { signature_id: number } }).alert.signature_id).sort();
}

describe('app-layer-event', () => {
  it('fires on a transaction that raised the event, with its other conditions', () => {
    expect(alertsFor('GET /a HTTP/1.1\r\nUser-Agent: x\r\n\r\n')).toEqual([1, 2]);
    expect(alertsFor('GET /b HTTP/1.1\r\nUser-Agent: x\r\n\r\n')).toEqual([1]);
  });

  it('does not fire when the event was not raised', () => {
    expect(alertsFor('GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n')).toEqual([]);
  });
});
