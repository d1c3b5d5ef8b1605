import { describe, expect, it } from 'vitest';
import * as B from '../../tests/helpers/packet-builder.js';
import { DetectEngine } from '../detect/engine/index.js';
import { loadRulesFromText } from '../detect/rule/index.js';
import { InspectionPipeline } from './inspection-pipeline.js';

// A segment the mirror never delivered leaves a hole in the client's stream. The server's ACKs, repeated, say the
// data was received, so the hole is skipped after a grace of two more ACKs and the bytes after it are inspected
// right then, not only when the flow ends. The detection stage spares a stream a repeated ACK only once it is
// settled; a stream whose peer acks beyond its edge is not, so each repeat must still reach it.
const RULES = 'alert tcp any any -> any 80 (msg:"after the hole"; flow:to_server; content:"ATTACK-AFTER-GAP"; sid:7;)';
const enc = (s: string) => new TextEncoder().encode(s);

function frame(fromClient: boolean, payload: Uint8Array, seq: number, ack: number): Uint8Array {
  return B.mirrored(
    B.ethernet(
      B.ipv4(B.tcp(payload, { sport: fromClient ? 41000 : 80, dport: fromClient ? 80 : 41000, seq, ack, flags: payload.length > 0 ? 0x18 : 0x10 }), {
        src: fromClient ? '198.51.100.7' : '10.0.0.11',
        dst: fromClient ? '10.0.0.11' : '198.51.100.7',
      }),
    ),
  );
}

/** Packet numbers of the alerts raised before the flow ends, after `serverAcks` repeated server ACKs. */
function alertPackets(serverAcks: number): number[] {
  return run(serverAcks).map((r) => r.recordNumber);
}

function lastAlert(serverAcks: number): string {
  return run(serverAcks).at(-1)!.line;
}

function run(serverAcks: number) {
  const engine = DetectEngine.build(loadRulesFromText(RULES).signatures);
  const p = new InspectionPipeline({ engine, eveTypes: new Set(['alert']) });
  const frames = [
    frame(false, new Uint8Array(0), 5000, 1000),
    frame(true, enc('GET / HTTP/1.1\r\n'), 1000, 5000),
    // 10 bytes at 1016 were never mirrored.
    frame(true, enc('ATTACK-AFTER-GAP'), 1026, 5000),
  ];
  for (let i = 0; i < serverAcks; i++) frames.push(frame(false, new Uint8Array(0), 5000, 1042));
  let n = 0;
  for (const f of frames) {
    n++;
    p.packetAt(f, 0, f.length, f.length, 1, 1795773600, n * 1000, n, 0);
  }
  return p.takeEveRecords();
}

describe('repeated ACKs over a hole in the mirrored stream', () => {
  it('skip the hole after the grace, each repeat counting', () => {
    expect(alertPackets(2)).toEqual([]);
    // The third ACK beyond the edge skips the hole: the alert rides on that server packet.
    expect(alertPackets(3)).toEqual([6]);
    expect(alertPackets(6)).toEqual([6]);
  });

  it('report the alert in the direction of the data, not of the ACK that released it', () => {
    const line = JSON.parse(lastAlert(4)) as { src_ip: string; dest_port: number; direction: string };
    expect([line.src_ip, line.dest_port, line.direction]).toEqual(['198.51.100.7', 80, 'to_server']);
  });
});
