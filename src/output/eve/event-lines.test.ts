import fc from 'fast-check';
import { eveTunnel } from '../../../tests/helpers/eve-arbitraries.js';
import { describe, expect, it } from 'vitest';
import { formatEveTimestamp } from '../../ops/index.js';
import { appLayerEventLine, type AppLayerEventInput } from './app-layer-event.js';
import { tunnelJson } from './eve-json-text.js';
import { eveProto } from './eve-proto.js';
import { flowEventLine, type FlowEventInput } from './flow-event.js';

// Each line must be the JSON of the event object in Suricata's key order, built here the plain way.

function flowObject(f: FlowEventInput): Record<string, unknown> {
  const ports = f.ipProto === 6 || f.ipProto === 17;
  const e: Record<string, unknown> = { timestamp: formatEveTimestamp(f.startUs), flow_id: f.flowId, event_type: 'flow', src_ip: f.client };
  if (ports) e.src_port = f.clientPort;
  e.dest_ip = f.server;
  if (ports) e.dest_port = f.serverPort;
  e.proto = eveProto(f.ipProto);
  if (f.appProto && f.appProto !== 'unknown') e.app_proto = f.appProto;
  if (f.tunnel) e.tunnel = f.tunnel;
  e.flow = {
    pkts_toserver: f.pktsToServer,
    pkts_toclient: f.pktsToClient,
    bytes_toserver: f.bytesToServer,
    bytes_toclient: f.bytesToClient,
    start: formatEveTimestamp(f.startUs),
    end: formatEveTimestamp(f.endUs),
    age: Math.floor(f.endUs / 1e6) - Math.floor(f.startUs / 1e6),
    state: f.state,
    reason: f.reason,
    alerted: f.alerted,
  };
  return e;
}

function appLayerObject(i: AppLayerEventInput): Record<string, unknown> {
  const e: Record<string, unknown> = { timestamp: formatEveTimestamp(i.tsUs), flow_id: i.flowId };
  if (i.pcapCnt !== null) e.pcap_cnt = i.pcapCnt;
  Object.assign(e, { event_type: i.eventType, src_ip: i.client, src_port: i.clientPort, dest_ip: i.server, dest_port: i.serverPort });
  e.proto = eveProto(i.ipProto);
  if (i.tunnel) e.tunnel = i.tunnel;
  if (i.eventType !== 'dns') e.tx_id = i.txId;
  e[i.eventType] = i.body;
  return e;
}

const text = fc.string({ unit: 'grapheme', maxLength: 16 });
const ip = fc.oneof(fc.ipV4(), fc.ipV6());
const time = fc.integer({ min: 0, max: 4_000_000_000_000_000 });
const count = fc.integer({ min: 0, max: 2 ** 50 });
const tunnel = fc.option(eveTunnel, { nil: null });

describe('tunnelJson', () => {
  it('is the JSON of the tunnel object, for any tunnel', () => {
    fc.assert(
      fc.property(eveTunnel, (t) => {
        expect(tunnelJson(t)).toBe(JSON.stringify(t));
      }),
      { numRuns: 500 },
    );
  });
});

describe('flowEventLine', () => {
  it('is the JSON of the flow event object, for any flow', () => {
    fc.assert(
      fc.property(
        fc.record({
          flowId: count,
          startUs: time,
          span: fc.integer({ min: 0, max: 10 ** 10 }),
          client: ip,
          clientPort: fc.integer({ min: 0, max: 65535 }),
          server: ip,
          serverPort: fc.integer({ min: 0, max: 65535 }),
          ipProto: fc.constantFrom(6, 17, 1, 58, 47),
          appProto: fc.constantFrom('http', 'tls', 'dns', 'unknown', '', null),
          pktsToServer: count,
          pktsToClient: count,
          bytesToServer: count,
          bytesToClient: count,
          state: fc.constantFrom('new', 'established', 'closed'),
          reason: fc.constantFrom('timeout', 'forced', 'shutdown'),
          alerted: fc.boolean(),
          tunnel,
        }),
        ({ span, ...r }) => {
          const f: FlowEventInput = { ...r, endUs: r.startUs + span };
          expect(flowEventLine(f)).toBe(JSON.stringify(flowObject(f)));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('appLayerEventLine', () => {
  it('is the JSON of the http/tls/dns event object, for any transaction', () => {
    fc.assert(
      fc.property(
        fc.record({
          tsUs: time,
          flowId: count,
          pcapCnt: fc.option(fc.integer({ min: 1, max: 2 ** 31 }), { nil: null }),
          eventType: fc.constantFrom('http' as const, 'tls' as const, 'dns' as const),
          txId: fc.nat(),
          client: ip,
          clientPort: fc.integer({ min: 0, max: 65535 }),
          server: ip,
          serverPort: fc.integer({ min: 0, max: 65535 }),
          ipProto: fc.constantFrom(6, 17),
          body: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.array(text, { maxLength: 3 }))),
          tunnel,
        }),
        (i) => {
          expect(appLayerEventLine(i)).toBe(JSON.stringify(appLayerObject(i)));
        },
      ),
      { numRuns: 400 },
    );
  });
});
