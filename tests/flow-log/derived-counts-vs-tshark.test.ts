import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../../src/ingest/capture-file.js';
import { InspectionPipeline } from '../../src/pipeline/inspection-pipeline.js';

// Derived Flow Log packet and byte counts per direction, checked against tshark's per-packet reading of the same
// samples (the golden TSVs from tests/golden/make-golden.sh): packets counted, bytes = IP length from the header.
const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLES = ['vxlan-basic', 'gwlb-geneve', 'vlan-qinq', 'ipv6', 'truncated'];

function tsharkTotals(sample: string): Map<string, { packets: number; bytes: number }> {
  const rows = readFileSync(join(ROOT, 'tests', 'golden', `${sample}.pcap.tsv`), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
  const totals = new Map<string, { packets: number; bytes: number }>();
  for (const c of rows) {
    const [src, dst, proto, len] = [c[4]!, c[5]!, c[6]!, c[7]!];
    if (src === '-') continue;
    const v6 = src.includes(':');
    const port = (v: string) => (v === '-' ? '0' : v);
    const key = `${src} ${dst} ${port(c[9]!)} ${port(c[10]!)} ${proto}`;
    const t = totals.get(key) ?? { packets: 0, bytes: 0 };
    t.packets++;
    t.bytes += Number(len) + (v6 ? 40 : 0);
    totals.set(key, t);
  }
  return totals;
}

describe('derived Flow Log counts agree with tshark', () => {
  for (const sample of SAMPLES) {
    it(sample, () => {
      const p = new InspectionPipeline({ aggregationInterval: 600 });
      readCaptureFile(join(ROOT, 'samples', `${sample}.pcap`), (r) =>
        p.packetAt(r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType, r.tsSec, Math.floor(r.tsNsec / 1000)),
      );
      p.finish();
      const ours = new Map<string, { packets: number; bytes: number }>();
      for (const r of p.takeFlowLogRecords()) {
        // srcaddr/dstaddr may be rewritten to the ENI's primary address; pkt-* keep the packet's own.
        const key = `${r.pkt_srcaddr} ${r.pkt_dstaddr} ${r.srcport} ${r.dstport} ${r.protocol}`;
        const t = ours.get(key) ?? { packets: 0, bytes: 0 };
        t.packets += r.packets!;
        t.bytes += r.bytes!;
        ours.set(key, t);
      }
      const theirs = tsharkTotals(sample);
      expect(Object.fromEntries([...ours].sort())).toEqual(Object.fromEntries([...theirs].sort()));
    });
  }
});
