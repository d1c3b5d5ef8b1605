import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecodedPacket, PacketDecoder, formatIpAt } from '../../native-free-decoders/index.js';
import { readCaptureFile } from '../../src/ingest/capture-file.js';

// Per-packet decoded fields of every bundled sample against tshark's reading of the same file
// (tests/golden/make-golden.sh records the exact command). Columns 19-20 are tshark diagnostics, never compared.
const HERE = import.meta.dirname;
const SAMPLES = join(HERE, '..', '..', 'samples');
const COMPARED = 18;

/** Rows where mirrorscope intentionally differs (README.md here explains each). */
const OVERRIDES: Record<string, Record<number, { row?: string[]; skipColumns?: number[] }>> = {
  'invalid-vxlan': {
    2: { row: '2	128	128	-	10.0.6.61	10.0.9.9	17	114	64	54391	4789	-	-	-	-	-	-	-'.split('\t') },
    6: { skipColumns: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] },
  },
};

function ourRow(p: DecodedPacket, recordNumber: number): string[] {
  const dash = (v: number | string | null) => (v === null || v === -1 ? '-' : String(v));
  const hasIp = p.ipVersion !== 0 && p.srcAddrOffset !== 0;
  const hasPorts = (p.ipProto === 6 || p.ipProto === 17) && p.l4Offset !== 0;
  const isTcp = p.ipProto === 6 && p.l4Offset !== 0;
  const isIcmp = (p.ipProto === 1 || p.ipProto === 58) && p.l4Offset !== 0;
  const vlans = [...p.vlanIds.subarray(0, p.vlanCount)].join(',');
  return [
    String(recordNumber),
    String(p.wireLength),
    String(p.captureLength),
    dash(p.vni),
    hasIp ? formatIpAt(p.bytes, p.srcAddrOffset, p.ipVersion) : '-',
    hasIp ? formatIpAt(p.bytes, p.dstAddrOffset, p.ipVersion) : '-',
    hasIp ? String(p.ipProto) : '-',
    hasIp ? String(p.ipVersion === 6 ? p.ipLength - 40 : p.ipLength) : '-',
    hasIp ? String(p.ttl) : '-',
    hasPorts ? String(p.srcPort) : '-',
    hasPorts ? String(p.dstPort) : '-',
    isTcp ? '0x' + (p.tcpFlags & 0xfff).toString(16).padStart(4, '0') : '-',
    isTcp ? String(p.tcpSeq) : '-',
    isTcp ? String(p.tcpAck) : '-',
    isIcmp ? String(p.icmpType) : '-',
    isIcmp ? String(p.icmpCode) : '-',
    vlans === '' ? '-' : vlans,
    dash(p.geneveVni),
  ];
}

const goldenFiles = readdirSync(HERE).filter((f) => f.endsWith('.tsv')).sort();

describe('golden vectors: decoded fields agree with tshark', () => {
  it('covers every bundled sample', () => {
    const samples = readdirSync(SAMPLES).filter((f) => /\.pcap(ng)?$/.test(f)).sort();
    expect(goldenFiles.map((f) => f.replace(/\.tsv$/, ''))).toEqual(samples);
  });

  for (const file of goldenFiles) {
    it(file, () => {
      const capture = file.replace(/\.tsv$/, '');
      const sample = capture.replace(/\.pcap(ng)?$/, '');
      const expected = readFileSync(join(HERE, file), 'utf8')
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.split('\t').slice(0, COMPARED));
      const decoder = new PacketDecoder();
      const pkt = new DecodedPacket();
      const actual: string[][] = [];
      readCaptureFile(join(SAMPLES, capture), (r) => {
        decoder.decode(pkt, r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType);
        actual.push(ourRow(pkt, r.recordNumber));
      });
      expect(actual.length).toBe(expected.length);
      expected.forEach((want, i) => {
        const override = OVERRIDES[sample]?.[i + 1];
        const row = override?.row ?? want;
        const got = actual[i]!;
        const skip = new Set(override?.skipColumns ?? []);
        const pick = (r: string[]) => r.map((v, c) => (skip.has(c) ? '*' : v));
        expect(pick(got), `${capture} packet ${i + 1}`).toEqual(pick(row));
      });
    });
  }
});
