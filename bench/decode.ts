import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DecodedPacket, PacketDecoder } from '../native-free-decoders/index.js';
import { readCaptureFile } from '../src/ingest/capture-file.js';
import { DATA_DIR, PEERS_DIR, ensureDir, formatRows, timeCommand, timeRuns, toolVersion, which, type Row } from './bench-util.js';
import { generateMirrorTraffic } from './generate/mirror-traffic.js';

export interface CaptureProfile {
  name: string;
  file: string;
  packets: number;
  maxSegment: number;
}

export const PROFILES: CaptureProfile[] = [
  { name: 'realistic sizes (HTTP/TLS/DNS, up to 1,500-byte inner packets)', file: 'mirror-1m.pcap', packets: 1_000_000, maxSegment: 1448 },
  { name: 'small packets (inner segments of at most 64 bytes of payload)', file: 'mirror-small-1m.pcap', packets: 1_000_000, maxSegment: 64 },
];

/** The benchmark capture, generated once into bench/data (gitignored): deterministic, so reruns compare. */
export function ensureCapture(p: CaptureProfile): string {
  const path = join(ensureDir(DATA_DIR), p.file);
  if (!existsSync(path) || statSync(path).size < 1000) {
    generateMirrorTraffic({ path, packets: p.packets, maxSegment: p.maxSegment, seed: 20261127 });
  }
  return path;
}

/** Read + full decode (outer Ethernet/IP/UDP, VXLAN or GENEVE+VXLAN, inner Ethernet/IP/L4) on this thread. */
function mirrorscopeDecode(path: string, runs: number): Row {
  const decoder = new PacketDecoder();
  const pkt = new DecodedPacket();
  let packets = 0;
  let bytes = 0;
  let check = 0;
  const t = timeRuns(runs, () => {
    packets = 0;
    bytes = 0;
    readCaptureFile(path, (r) => {
      decoder.decode(pkt, r.bytes, r.offset, r.captureLength, r.wireLength, r.linkType);
      check += pkt.dstPort;
      packets++;
      bytes += r.wireLength;
    }, { bufferSize: 256 << 10 });
  });
  if (check === 0) throw new Error('decoder produced no ports: the benchmark is not measuring decoding');
  return { name: 'mirrorscope', what: 'read + decode to inner L4 (VXLAN, GENEVE)', packets, bytes, seconds: t.seconds };
}

function mirrorscopeReadOnly(path: string, runs: number): Row {
  let packets = 0;
  let bytes = 0;
  const t = timeRuns(runs, () => {
    packets = 0;
    bytes = 0;
    readCaptureFile(path, (r) => {
      packets++;
      bytes += r.wireLength;
    }, { bufferSize: 256 << 10 });
  });
  return { name: 'mirrorscope reader', what: 'read only (no decode)', packets, bytes, seconds: t.seconds };
}

type Emitter = { on(ev: string, fn: (x: unknown) => void): void };
type PcapParserModule = { parse(path: string): Emitter };

/** pcap-parser 0.2.1: classic pcap only, one event and one Buffer per packet; it does not decode. */
async function pcapParserRead(path: string): Promise<Row | null> {
  const require = createRequire(import.meta.url);
  let mod: PcapParserModule;
  try {
    mod = require('pcap-parser') as PcapParserModule;
  } catch {
    return null;
  }
  let packets = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const parser = mod.parse(path);
    parser.on('packet', (p) => {
      packets++;
      bytes += (p as { header: { originalLength: number } }).header.originalLength;
    });
    parser.on('end', () => resolve());
    parser.on('error', (e) => reject(e as Error));
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { name: 'pcap-parser 0.2.1', what: 'read only (no decode)', packets, bytes, seconds };
}

interface NodePcapDecoders {
  EthernetPacket: new (emitter: unknown) => { decode(buf: Buffer, offset: number): NodePcapEth };
  IPv4Packet: new (emitter: unknown) => { decode(buf: Buffer, offset: number): NodePcapIp };
}
interface NodePcapEth { payload: NodePcapIp | null }
interface NodePcapIp { protocol: number; payload: { dport?: number; data?: Buffer } | null }

/**
 * The npm `pcap` package's pure-JS decoders (its native capture addon is not built), fed by pcap-parser. They know
 * no VXLAN/GENEVE, so the harness hands the tunnel payload back to them by hand: the same work mirrorscope does.
 */
async function nodePcapDecode(path: string): Promise<Row | null> {
  const require = createRequire(import.meta.url);
  let decoders: NodePcapDecoders;
  let parser: PcapParserModule;
  try {
    decoders = require(join(PEERS_DIR, 'node_modules', 'pcap', 'decode', 'index.js')) as NodePcapDecoders;
    parser = require('pcap-parser') as PcapParserModule;
  } catch {
    return null;
  }
  let packets = 0;
  let bytes = 0;
  let check = 0;
  const inner = (eth: NodePcapEth, depth: number): void => {
    const ip = eth.payload;
    if (!ip || !ip.payload) return;
    const udp = ip.payload;
    check += udp.dport ?? 0;
    if (ip.protocol !== 17 || depth > 2 || !udp.data) return;
    if (udp.dport === 4789 && udp.data.length > 8) inner(new decoders.EthernetPacket(null).decode(udp.data, 8), depth + 1);
    else if (udp.dport === 6081 && udp.data.length > 8) {
      const hl = 8 + ((udp.data[0]! & 0x3f) << 2);
      inner({ payload: new decoders.IPv4Packet(null).decode(udp.data, hl) }, depth + 1);
    }
  };
  const t0 = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const p = parser.parse(path);
    p.on('packet', (raw) => {
      const r = raw as { header: { originalLength: number }; data: Buffer };
      packets++;
      bytes += r.header.originalLength;
      inner(new decoders.EthernetPacket(null).decode(r.data, 0), 0);
    });
    p.on('end', () => resolve());
    p.on('error', (e) => reject(e as Error));
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (check === 0) return null;
  return { name: 'pcap 3.1.0 (npm) JS decoders', what: 'pcap-parser read + decode to inner L4', packets, bytes, seconds };
}

function tcpdumpCopy(path: string, packets: number, bytes: number): Row | null {
  const t = timeCommand(1, 'tcpdump', ['-n', '-r', path, '-w', '/dev/null']);
  if (!t) return null;
  return { name: toolVersion('tcpdump', ['--version']).replace('tcpdump version ', 'tcpdump '), what: 'libpcap read + write /dev/null (no decode)', packets, bytes, seconds: t.seconds };
}

/** tshark dissects everything (slow): measured on the first `limit` packets. */
function tsharkDecode(path: string, limit: number, avgBytes: number): Row | null {
  const t = timeCommand(1, 'tshark', ['-n', '-r', path, '-c', String(limit), '-T', 'fields', '-e', 'vxlan.vni', '-e', 'tcp.dstport', '-e', 'udp.dstport']);
  if (!t) return null;
  const v = toolVersion('tshark', ['--version']).replace(/^TShark \(Wireshark\) /, 'tshark ').split(' (')[0]!;
  return { name: v, what: `full dissection to fields (first ${limit.toLocaleString('en-US')} packets)`, packets: limit, bytes: limit * avgBytes, seconds: t.seconds };
}

export interface DecodeBenchResult {
  profile: string;
  rows: Row[];
  table: string;
}

export async function benchDecode(options: { runs?: number; profiles?: CaptureProfile[] } = {}): Promise<DecodeBenchResult[]> {
  const out: DecodeBenchResult[] = [];
  for (const profile of options.profiles ?? PROFILES) {
    const path = ensureCapture(profile);
    // Warm the page cache and the JIT so every row reads from memory, not disk.
    mirrorscopeReadOnly(path, 1);
    const ms = mirrorscopeDecode(path, options.runs ?? 5);
    const rows: Row[] = [ms, mirrorscopeReadOnly(path, options.runs ?? 3)];
    const avg = ms.bytes / ms.packets;
    for (const peer of [await pcapParserRead(path), await nodePcapDecode(path), tcpdumpCopy(path, ms.packets, ms.bytes), tsharkDecode(path, 100_000, avg)]) {
      if (peer) rows.push(peer);
    }
    const missing = [
      which('tcpdump') ? null : 'tcpdump',
      which('tshark') ? null : 'tshark',
      existsSync(join(PEERS_DIR, 'node_modules', 'pcap')) ? null : 'npm pcap (run bench/setup-peers.sh)',
    ].filter(Boolean);
    const title = `Decode throughput, ${profile.name}: ${ms.packets.toLocaleString('en-US')} packets, ${(avg).toFixed(0)} bytes average${missing.length ? ` (not installed: ${missing.join(', ')})` : ''}`;
    out.push({ profile: profile.name, rows, table: formatRows(title, rows) });
  }
  return out;
}
