import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcapngBuilder, buildPcap } from '../../native-free-decoders/index.js';
import type { PcapWritePacket } from '../../native-free-decoders/index.js';
import { readCaptureFile } from './capture-file.js';

// Differential tests against Wireshark's readers and writers; skipped where they are not installed.

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mirrorscope-capture-tshark-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const frames = (n: number, size: number): PcapWritePacket[] =>
  Array.from({ length: n }, (_, i) => ({ tsSec: 1_795_775_882 + i, tsFrac: i * 1000, data: new Uint8Array(size).fill(i & 0xff) }));

const haveTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
const haveEditcap = spawnSync('editcap', ['--version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!haveTshark)('differential: tshark', () => {
  /** tshark's view: epoch time to the nanosecond, wire and captured length, interface id. */
  function viaTshark(path: string): string[] {
    const out = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.interface_id'], {
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    return out.stdout.split('\n').filter((l) => l !== '');
  }

  /** Our view in the same shape; tshark 4.0 numbers interfaces within their section, so we print that id. */
  function viaUs(path: string): string[] {
    const rows: [string, number][] = [];
    const result = readCaptureFile(path, (r) => {
      rows.push([`${r.tsSec}.${String(r.tsNsec).padStart(9, '0')}\t${r.wireLength}\t${r.captureLength}`, r.interfaceId]);
    });
    return rows.map(([line, id]) => `${line}\t${result.info.interfaces[id]!.sectionInterfaceId}`);
  }

  /** pcap files have no interface ids: tshark leaves that column empty. */
  const dropIfaceId = (lines: string[]): string[] => lines.map((l) => l.replace(/\t\d*$/, ''));

  it('agrees on a pcapng with two sections of opposite byte order, several resolutions and an SPB', () => {
    const frame = new Uint8Array(64).fill(0xab);
    const bytes = new PcapngBuilder()
      .section(false)
      .interface(1, { tsresol: 9, name: 'eth0' })
      .interface(1, { tsresol: 0x80 | 20, tsOffset: 1000n })
      .epb(0, 1_795_775_882_123_456_789n, frame)
      .epb(1, 1_795_775_882n * 1_048_576n + 1n, frame, { wireLength: 1500 })
      .block(5, new Uint8Array(20))
      .section(true)
      .interface(1, { snapLength: 32 })
      .epb(0, 1_795_775_883_000_001n, frame.subarray(0, 32), { wireLength: 64 })
      .opb(0, 1_795_775_883_000_002n, frame)
      .build();
    const path = file('tshark.pcapng', bytes);
    const ours = viaUs(path);
    expect(ours).toHaveLength(4);
    expect(ours).toEqual(viaTshark(path));
  });

  it('agrees on random packets written by randpkt', () => {
    const path = join(dir, 'randpkt.pcap');
    const gen = spawnSync('randpkt', ['-c', '200', '-b', '1500', '-t', 'tcp', path], { stdio: 'ignore' });
    if (gen.status !== 0) return;
    const ours = viaUs(path);
    expect(ours.length).toBe(200);
    expect(dropIfaceId(ours)).toEqual(dropIfaceId(viaTshark(path)));
  });

  it.skipIf(!haveEditcap)('agrees on files editcap rewrote as pcapng and nanosecond pcap', () => {
    const src = file('editcap-src.pcap', buildPcap(frames(25, 90), { littleEndian: false }));
    for (const [format, name] of [['pcapng', 'e.pcapng'], ['nsecpcap', 'e-ns.pcap']] as const) {
      const out = join(dir, name);
      expect(spawnSync('editcap', ['-F', format, src, out]).status).toBe(0);
      const ours = viaUs(out);
      expect(ours).toHaveLength(25);
      expect(dropIfaceId(ours)).toEqual(dropIfaceId(viaTshark(out)));
    }
  });
});
