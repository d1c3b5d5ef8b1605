import { describe, expect, it } from 'vitest';
import { DetectEngine } from '../detect/engine/index.js';
import { loadRulesFromText } from '../detect/rule/index.js';
import {
  ethernet,
  gwlbMirrored,
  ipv4,
  ipv6,
  ipv6Fragment,
  mirrored,
  udp,
  type Bytes,
} from '../../tests/helpers/packet-builder.js';
import { InspectionPipeline } from './inspection-pipeline.js';

const RULE = 'alert udp any any -> any 9999 (msg:"x"; dsize:>1000; sid:1;)';
const T0 = 1_795_774_000_000_000;

function pipeline(): InspectionPipeline {
  const engine = DetectEngine.build(loadRulesFromText(RULE).signatures);
  return new InspectionPipeline({ engine, eveTypes: new Set(['alert']) });
}

/** A 1200-byte UDP payload to port 9999: each fragment alone stays under dsize 1000, the datagram does not. */
function datagram(): Bytes {
  const payload = new Uint8Array(1200);
  for (let i = 0; i < payload.length; i++) payload[i] = i & 0xff;
  return udp(payload, 40001, 9999);
}

/** [offset, length] of three fragments of the 1208-byte UDP datagram (offsets are multiples of 8). */
const PIECES: ReadonlyArray<readonly [number, number]> = [
  [0, 400],
  [400, 400],
  [800, 408],
];

function v4Fragments(o: { src?: string; dst?: string; id?: number } = {}): Bytes[] {
  const l4 = datagram();
  return PIECES.map(([off, len]) =>
    ethernet(
      ipv4(l4.subarray(off, off + len), {
        src: o.src ?? '198.51.100.7',
        dst: o.dst ?? '10.0.1.20',
        proto: 17,
        id: o.id ?? 0x4242,
        flags: off + len < l4.length ? 1 : 0, // MF
        fragOffset: off,
      }),
    ),
  );
}

function v6Fragments(): Bytes[] {
  const l4 = datagram();
  return PIECES.map(([off, len]) =>
    ethernet(
      ipv6(ipv6Fragment(17, l4.subarray(off, off + len), off, off + len < l4.length, 0xabcd01), {
        src: '2600:1f18::41',
        dst: '2001:db8:beef::50',
        nextHeader: 44,
      }),
      0x86dd,
    ),
  );
}

function feed(p: InspectionPipeline, frames: Bytes[], order: number[]): void {
  order.forEach((i, n) => {
    const f = frames[i]!;
    p.packet(f, 0, f.length, f.length, 1, T0 + n * 1000, n + 1, 0);
  });
}

function alerts(p: InspectionPipeline): Record<string, unknown>[] {
  return p.takeEveRecords().map((r) => JSON.parse(r.line) as Record<string, unknown>).filter((e) => e.event_type === 'alert');
}

describe('IP reassembly feeding detection', () => {
  it('inspects an IPv4 datagram reassembled from three out-of-order VXLAN-delivered fragments once', () => {
    const p = pipeline();
    const frames = v4Fragments().map((f) => mirrored(f, { vni: 4242, source: '10.0.0.11' }));
    // Last fragment first, then the first one (which creates the flow), then the middle one completes it.
    feed(p, frames, [2, 0, 1]);
    p.finish();
    const a = alerts(p);
    expect(a).toHaveLength(1);
    const e = a[0]!;
    expect(e.src_ip).toBe('198.51.100.7');
    expect(e.dest_ip).toBe('10.0.1.20');
    expect(e.src_port).toBe(40001);
    expect(e.dest_port).toBe(9999);
    expect(e.proto).toBe('UDP');
    expect(e.pcap_cnt).toBe(3);
    expect((e.tunnel as Record<string, unknown>).vni).toBe(4242);
    expect((e.tunnel as Record<string, unknown>).src_ip).toBe('10.0.0.11');
    expect((e.alert as Record<string, unknown>).signature_id).toBe(1);
    // The alert rode on the flow the first fragment created: its flow_log counts that fragment.
    expect((e.flow_log as Record<string, unknown>).srcport).toBe(40001);
    expect(p.defrag.defrag.counters.reassembled).toBe(1);
    expect(p.defrag.defrag.trackerCount).toBe(0);
  });

  it('inspects a reassembled IPv6 datagram', () => {
    const p = pipeline();
    const frames = v6Fragments().map((f) => mirrored(f, { vni: 77, source: '10.0.0.12' }));
    feed(p, frames, [1, 0, 2]);
    const a = alerts(p);
    expect(a).toHaveLength(1);
    const e = a[0]!;
    expect(e.src_ip).toBe('2600:1f18::41');
    expect(e.dest_ip).toBe('2001:db8:beef::50');
    expect(e.dest_port).toBe(9999);
    expect((e.tunnel as Record<string, unknown>).vni).toBe(77);
  });

  it('keeps the GENEVE layer of a GWLB delivery', () => {
    const p = pipeline();
    const frames = v4Fragments().map((f) => gwlbMirrored(f, { vni: 5, geneveVni: 99 }));
    feed(p, frames, [0, 1, 2]);
    const a = alerts(p);
    expect(a).toHaveLength(1);
    const tunnel = a[0]!.tunnel as Record<string, unknown>;
    expect(tunnel.vni).toBe(5);
    expect((tunnel.gwlb as Record<string, unknown>).vni).toBe(99);
  });

  it('does not merge copies of one datagram delivered by two mirror sources', () => {
    const p = pipeline();
    const a = v4Fragments().map((f) => mirrored(f, { vni: 1, source: '10.0.0.11' }));
    const b = v4Fragments().map((f) => mirrored(f, { vni: 2, source: '10.0.1.20' }));
    feed(p, [a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, b[2]!], [0, 1, 2, 3, 4, 5]);
    const out = alerts(p);
    expect(out.map((e) => (e.tunnel as Record<string, unknown>).vni).sort()).toEqual([1, 2]);
  });

  it('inspects nothing extra when a datagram never completes', () => {
    const p = pipeline();
    const frames = v4Fragments().map((f) => mirrored(f));
    feed(p, frames, [0, 2]);
    expect(alerts(p)).toHaveLength(0);
    expect(p.defrag.defrag.trackerCount).toBe(1);
  });

  it('still counts every fragment as a packet in the Flow Log records, and the datagram not again', () => {
    const p = pipeline();
    const frames = v4Fragments().map((f) => mirrored(f, { vni: 4242 }));
    feed(p, frames, [2, 0, 1]);
    p.finish();
    const records = p.takeFlowLogRecords();
    const packets = records.reduce((n, r) => n + (r.packets ?? 0), 0);
    const bytes = records.reduce((n, r) => n + (r.bytes ?? 0), 0);
    expect(packets).toBe(3);
    // IP lengths of the fragments: 20-byte header each plus its share of the 1208 UDP bytes.
    expect(bytes).toBe(3 * 20 + 1208);
    expect(p.flows.stats.packets).toBe(3);
    expect(p.summary.fragments).toBe(3);
  });
});
