// The sender side of the UDP bench: a separate process (a small C program compiled here with gcc) replaying VXLAN
// payloads from a generated mirror capture at a set rate with sendmmsg batches. Node's own dgram send tops out near
// its receive rate, so a Node sender would measure itself.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datagramsFromCapture } from '../src/ingest/capture-datagrams.js';
import { BENCH_DIR, DATA_DIR, ensureDir } from './bench-util.js';
import { generateMirrorTraffic } from './generate/mirror-traffic.js';

export const BUILD_DIR = join(BENCH_DIR, '.build');

/** Compiles bench/udp/NAME.c into bench/.build/udp-NAME unless the binary is newer than the source. */
export function compileHelper(name: string): string {
  ensureDir(BUILD_DIR);
  const src = join(BENCH_DIR, 'udp', `${name}.c`);
  const bin = join(BUILD_DIR, `udp-${name}`);
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    execFileSync('gcc', ['-O2', '-Wall', '-o', bin, src], { stdio: 'inherit' });
  }
  return bin;
}

export interface PayloadSet {
  path: string;
  datagrams: number;
  meanBytes: number;
}

/**
 * Writes the VXLAN payloads of a generated capture as u32-LE-length-prefixed records for the C sender, with a
 * sidecar JSON of their count and mean size. Reuses both when they are newer than the capture: parsing the capture
 * in the bench's own process left ~90 MB of live heap behind, which the in-process receivers then paid for in GC.
 */
export function preparePayloads(packets = 50_000): PayloadSet {
  ensureDir(DATA_DIR);
  const capture = join(DATA_DIR, `udp-mirror-${packets}.pcap`);
  if (!existsSync(capture)) generateMirrorTraffic({ path: capture, packets, seed: 42, gwlbRate: 0 });
  const path = join(DATA_DIR, `udp-payloads-${packets}.bin`);
  const sidecar = `${path}.json`;
  if (existsSync(path) && existsSync(sidecar) && statSync(sidecar).mtimeMs >= statSync(capture).mtimeMs) {
    return { path, ...(JSON.parse(readFileSync(sidecar, 'utf8')) as Omit<PayloadSet, 'path'>) };
  }
  const datagrams = datagramsFromCapture(capture).filter((d) => d.protocol === 'vxlan');
  const total = datagrams.reduce((s, d) => s + 4 + d.payload.length, 0);
  const out = Buffer.alloc(total);
  let o = 0;
  for (const d of datagrams) {
    out.writeUInt32LE(d.payload.length, o);
    out.set(d.payload, o + 4);
    o += 4 + d.payload.length;
  }
  writeFileSync(path, out);
  const set = { datagrams: datagrams.length, meanBytes: (total - 4 * datagrams.length) / datagrams.length };
  writeFileSync(sidecar, JSON.stringify(set));
  return { path, ...set };
}

export interface SendResult {
  sent: number;
  bytes: number;
  seconds: number;
  /** The sender's CPU seconds while sending (user + system; on loopback, system includes delivery to the receiver). */
  cpuSeconds: number;
}

/** Runs the C sender to completion. */
export function runSender(bin: string, payloads: string, host: string, port: number, rate: number, seconds: number, startIndex = 0): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [host, String(port), payloads, String(rate), String(seconds), String(startIndex)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const m = /^sent (\d+) (\d+) ([\d.]+)/m.exec(text);
      const cpu = /^cpu ([\d.]+) ([\d.]+)/m.exec(text);
      if (code !== 0 || m === null || cpu === null) reject(new Error(`sender failed (exit ${code}): ${text}`));
      else resolve({ sent: Number(m[1]), bytes: Number(m[2]), seconds: Number(m[3]), cpuSeconds: Number(cpu[1]) + Number(cpu[2]) });
    });
  });
}

if (process.argv[1]?.endsWith('udp-sender.js')) {
  // node dist/bench/udp-sender.js HOST PORT RATE SECONDS
  const [host = '127.0.0.1', port = '4789', rate = '100000', seconds = '2'] = process.argv.slice(2);
  const bin = compileHelper('sender');
  const set = preparePayloads();
  const r = await runSender(bin, set.path, host, Number(port), Number(rate), Number(seconds));
  console.log(JSON.stringify(r));
}
