import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as B from '../../tests/helpers/packet-builder.js';
import { DetectEngine } from '../detect/engine/index.js';
import { loadRulesFromText } from '../detect/rule/index.js';
import { InspectionPipeline } from './inspection-pipeline.js';

// Suricata's default TLS encryption-handling: once the session is encrypted, raw stream content rules stop
// inspecting it (the bytes are ciphertext). A real TLS 1.2 handshake (src/app-layer/fixtures), then an
// application-data record that happens to contain the rule's pattern.
const FIX = join(import.meta.dirname, '..', 'app-layer', 'fixtures');
const RULES = 'alert tcp any any -> any 443 (msg:"pattern on the raw stream"; flow:to_server; content:"SECRET-PATTERN"; sid:1;)';

function run(withServerHandshake: boolean): number[] {
  const engine = DetectEngine.build(loadRulesFromText(RULES).signatures);
  const p = new InspectionPipeline({ engine, eveTypes: new Set(['alert']) });
  const client = readFileSync(join(FIX, 'tls12-to-server.bin'));
  const server = readFileSync(join(FIX, 'tls12-to-client.bin'));
  const appData = B.concat(new Uint8Array([23, 3, 3, 0, 14]), new TextEncoder().encode('SECRET-PATTERN'));
  let cseq = 1000;
  let sseq = 5000;
  const seg = (fromClient: boolean, payload: Uint8Array, flags = 0x18) => {
    const frame = B.mirrored(
      B.ethernet(
        B.ipv4(
          B.tcp(payload, { sport: fromClient ? 50000 : 443, dport: fromClient ? 443 : 50000, seq: fromClient ? cseq : sseq, ack: fromClient ? sseq : cseq, flags }),
          { src: fromClient ? '198.51.100.7' : '10.0.0.11', dst: fromClient ? '10.0.0.11' : '198.51.100.7' },
        ),
      ),
    );
    if (fromClient) cseq += payload.length;
    else sseq += payload.length;
    return frame;
  };
  // Picked up mid-connection (as a mirror often is): the first segment sets each direction's base.
  const frames = [seg(true, new Uint8Array(client))];
  if (withServerHandshake) frames.push(seg(false, new Uint8Array(server)));
  frames.push(seg(true, appData));
  let t = 0;
  for (const f of frames) p.packetAt(f, 0, f.length, f.length, 1, 1795773600, ++t * 1000, t, 0);
  p.finish();
  return p.takeEveRecords().map((r) => (JSON.parse(r.line) as { alert: { signature_id: number } }).alert.signature_id);
}

describe('TLS encryption handling', () => {
  it('stops raw stream inspection once the server has switched to encrypted records', () => {
    expect(run(true)).toEqual([]);
  });

  it('inspects the same bytes when the handshake never completed', () => {
    expect(run(false)).toEqual([1]);
  });
});
