// UDP receive bench: the highest zero-loss datagram rate of the live listener (in-thread, 1 and 2 worker threads)
// and its loss curve above that, against two ceilings measured in the same run: a C recvmmsg drain and a Node
// dgram socket that only counts. Sender: bench/udp/sender.c in its own process. Run: node dist/bench/udp-listen.js
// [--seconds S] [--rates r1,r2,...] [--only substring,substring]. Results go to stdout as a table and to bench/data/udp-listen.json.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPacketPool } from '../src/ingest/packet-pool.js';
import { UdpListener } from '../src/ingest/udp-listener.js';
import { DATA_DIR } from './bench-util.js';
import { readThreadCpu, splitThreadCpu, threadCpuAvailable } from './thread-cpu.js';
import type { ThreadCpuSplit } from './thread-cpu.js';
import { compileHelper, preparePayloads, runSender } from './udp-sender.js';

const HOST = '127.0.0.1';
const RECV_BUFFER = 64 << 20;

interface Trial {
  receiver: string;
  rate: number;
  sent: number;
  delivered: number;
  lossPct: number;
  achievedPps: number;
  gbps: number;
  /**
   * CPU time of this process (all its threads) per delivered datagram, in microseconds, from the start of sending
   * to a short drain after it (before the receiver stops, so its final flow flush is not counted); null for the C
   * drain (its own process). Steadier than the zero-loss rate on a shared 2-vCPU host, where losses follow
   * scheduling.
   */
  cpuUsPerDatagram: number | null;
  /** The same split by thread (Linux only): socket thread, worker threads, V8/libuv helper threads. */
  threadUsPerDatagram: ThreadCpuSplit | null;
  /** The sender's CPU per datagram sent: on loopback it includes the kernel's delivery into the socket. */
  senderUsPerDatagram: number;
}

interface Receiver {
  name: string;
  /** Receives in this process, so process.cpuUsage() measures it. */
  inProcess?: boolean;
  /**
   * JIT warm-up before the measured trial: a mirror target runs for hours, and a listener measured from a cold
   * start spends its first tens of thousands of packets in unoptimised code. The warm-up datagrams are sent at a
   * low rate and not counted in the trial.
   */
  warmup?: boolean;
  start(): Promise<{ port: number; stop(): Promise<number>; accepted?: () => number }>;
}

const WARMUP_RATE = 5000;
const WARMUP_SECONDS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cDrain(bin: string): Receiver {
  return {
    name: 'C recvmmsg drain',
    async start() {
      const port = 40000 + Math.floor(Math.random() * 20000);
      const child = spawn(bin, [HOST, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (b: Buffer) => (text += b.toString()));
      while (!text.includes('ready')) await sleep(5);
      return {
        port,
        stop: () =>
          new Promise<number>((resolve) => {
            child.on('exit', () => resolve(Number(/received (\d+)/.exec(text)?.[1] ?? 0)));
            child.kill('SIGTERM');
          }),
      };
    },
  };
}

function nodeCount(): Receiver {
  return {
    name: 'Node dgram, count only',
    inProcess: true,
    async start() {
      const socket = createSocket({ type: 'udp4', recvBufferSize: RECV_BUFFER });
      let count = 0;
      socket.on('message', () => count++);
      await new Promise<void>((r) => socket.bind(0, HOST, () => r()));
      return { port: socket.address().port, stop: () => new Promise<number>((r) => socket.close(() => r(count))) };
    },
  };
}

/** The listener with the real inspection pipeline (rules, reassembly, app-layer) as the sink: what `listen` runs. */
function inspectingListener(name: string, workers: number, rulesPath: string): Receiver {
  const sinkModule = pathToFileURL(new URL('../src/pipeline/pipeline-sink.js', import.meta.url).pathname).href;
  return {
    name,
    warmup: true,
    inProcess: true,
    async start() {
      // Outputs are consumed as they arrive, as `listen` writes them, rather than kept until the end.
      let packets = 0;
      const l = await UdpListener.start({
        host: HOST,
        port: 0,
        genevePort: null,
        recvBufferSize: RECV_BUFFER,
        pool: (ports) =>
          createPacketPool({
            sinkModule,
            workers,
            threads: workers >= 1,
            vxlanPorts: [ports.vxlan],
            sinkConfig: {
              rules: [rulesPath],
              eveTypes: 'alert',
              aggregationInterval: 600,
              flowLogVersion: 2,
              vxlanPorts: [ports.vxlan],
              genevePorts: [],
              pcapCounts: false,
              // As `listen` without --flow-log-out: no closed Flow Log records to build.
              flowLogRecords: false,
              deferHostThresholds: true,
            },
            onOutput: (o) => {
              const f = (o.output as { final: { decode: { packets: number } } | null }).final;
              if (f) packets += f.decode.packets;
            },
          }),
      });
      return {
        port: l.ports.vxlan,
        accepted: () => l.stats().forwarded,
        async stop() {
          await l.close();
          return packets;
        },
      };
    },
  };
}

function listener(name: string, workers: number, threads: boolean, sinkModule: string): Receiver {
  return {
    name,
    inProcess: true,
    async start() {
      const l = await UdpListener.start({
        host: HOST,
        port: 0,
        genevePort: null,
        recvBufferSize: RECV_BUFFER,
        pool: (ports) =>
          createPacketPool({
            sinkModule,
            workers,
            threads,
            vxlanPorts: [ports.vxlan],
            sinkConfig: { vxlanPorts: [ports.vxlan], keyMode: 'hash' },
          }),
      });
      return {
        port: l.ports.vxlan,
        accepted: () => l.stats().forwarded,
        async stop() {
          const done = await l.close();
          // Delivered = processed by a sink: kernel drops and ring drops both count as loss.
          let packets = 0;
          for (const o of done!.outputs) packets += (o.output as { packets: number }).packets;
          return packets;
        },
      };
    },
  };
}

async function trial(r: Receiver, sender: string, payloads: string, rate: number, seconds: number, meanBytes: number): Promise<Trial> {
  const perThread = threadCpuAvailable();
  const existing = perThread ? readThreadCpu() : null;
  const rx = await r.start();
  await sleep(150);
  let warm = 0;
  let startIndex = 0;
  if (r.warmup && rx.accepted) {
    // The measured run continues the traffic where the warm-up stopped: replaying the same TCP sessions again would
    // turn them into retransmissions and port reuse, which is not what a mirror target sees.
    startIndex = (await runSender(sender, payloads, HOST, rx.port, WARMUP_RATE, WARMUP_SECONDS)).sent;
    await sleep(1000);
    warm = rx.accepted();
  }
  const cpu0 = process.cpuUsage();
  const threads0 = perThread ? readThreadCpu() : null;
  const s = await runSender(sender, payloads, HOST, rx.port, rate, seconds, startIndex);
  await sleep(300);
  const cpu = process.cpuUsage(cpu0);
  const split = existing !== null && threads0 !== null ? splitThreadCpu(existing, threads0, readThreadCpu()) : null;
  const delivered = (await rx.stop()) - warm;
  const perDatagram = (seconds: number) => (delivered > 0 ? (seconds * 1e6) / delivered : 0);
  return {
    receiver: r.name,
    rate,
    sent: s.sent,
    delivered,
    lossPct: s.sent === 0 ? 0 : (100 * (s.sent - delivered)) / s.sent,
    achievedPps: delivered / s.seconds,
    // On-wire-ish: payload + outer Ethernet/IPv4/UDP (50 bytes) per datagram.
    gbps: ((delivered / s.seconds) * (meanBytes + 50) * 8) / 1e9,
    cpuUsPerDatagram: r.inProcess && delivered > 0 ? (cpu.user + cpu.system) / delivered : null,
    threadUsPerDatagram:
      r.inProcess && split !== null
        ? { main: perDatagram(split.main), workers: perDatagram(split.workers), helpers: perDatagram(split.helpers) }
        : null,
    senderUsPerDatagram: s.sent > 0 ? (s.cpuSeconds * 1e6) / s.sent : 0,
  };
}

/** "total µs/dgram (main m, workers w, helpers h; sender s)". */
function formatCpu(t: Trial): string {
  const us = (v: number) => v.toFixed(1);
  const sender = `sender ${us(t.senderUsPerDatagram)}`;
  if (t.cpuUsPerDatagram === null) return `- (${sender})`;
  const x = t.threadUsPerDatagram;
  const split = x === null ? '' : `main ${us(x.main)}, workers ${us(x.workers)}, helpers ${us(x.helpers)}; `;
  return `${us(t.cpuUsPerDatagram)} µs/dgram (${split}${sender})`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seconds = Number(args[args.indexOf('--seconds') + 1] ?? 2) || 2;
  const rateArg = args.includes('--rates') ? args[args.indexOf('--rates') + 1]! : '50000,100000,150000,200000,250000,300000,400000,600000,1000000';
  const rates = rateArg.split(',').map(Number);
  const sender = compileHelper('sender');
  const drain = compileHelper('drain');
  // Enough distinct datagrams that a warm-up and a measured run of an inspecting listener never wrap around.
  const set = preparePayloads(250_000);
  const sinkModule = pathToFileURL(new URL('../src/ingest/flow-count-sink.js', import.meta.url).pathname).href;
  console.log(`# ${set.datagrams} VXLAN payloads, mean ${set.meanBytes.toFixed(0)} B; ${cpus().length} CPUs; ${seconds} s per trial`);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : null;
  const receivers = [
    cDrain(drain),
    nodeCount(),
    listener('listener, in-thread (workers 0)', 0, false, sinkModule),
    listener('listener, 1 worker thread', 1, true, sinkModule),
    listener('listener, 2 worker threads', 2, true, sinkModule),
    inspectingListener('listener + inspection (57 rules), 1 worker', 1, new URL('../../tests/differential/rules/differential.rules', import.meta.url).pathname),
    inspectingListener('listener + inspection (57 rules), 2 workers', 2, new URL('../../tests/differential/rules/differential.rules', import.meta.url).pathname),
  ].filter((r) => only === null || only.some((o) => r.name.includes(o)));
  const trials: Trial[] = [];
  for (const r of receivers) {
    let lossy = 0;
    for (const rate of rates) {
      const t = await trial(r, sender, set.path, rate, seconds, set.meanBytes);
      trials.push(t);
      console.log(
        `${t.receiver.padEnd(34)} rate ${String(rate).padStart(8)}  sent ${String(t.sent).padStart(8)}  delivered ${String(t.delivered).padStart(8)}  loss ${t.lossPct.toFixed(2).padStart(6)} %  ${Math.round(t.achievedPps).toString().padStart(8)} dgram/s  ${t.gbps.toFixed(2)} Gbit/s  cpu ${formatCpu(t)}`,
      );
      // Two lossy rates in a row show the curve; higher rates only repeat it.
      if (t.lossPct > 0.01) lossy++;
      if (lossy >= 2) break;
    }
  }
  const summary = receivers.map((r) => {
    const clean = trials.filter((t) => t.receiver === r.name && t.lossPct <= 0.01);
    const best = clean.reduce<Trial | null>((b, t) => (b === null || t.rate > b.rate ? t : b), null);
    return {
      receiver: r.name,
      zeroLossRate: best?.rate ?? 0,
      zeroLossPps: best ? Math.round(best.achievedPps) : 0,
      gbps: best?.gbps ?? 0,
      cpuUsPerDatagram: best?.cpuUsPerDatagram ?? null,
      best,
    };
  });
  console.log('\n# highest zero-loss rate (loss <= 0.01 %), and the CPU per datagram there');
  for (const s of summary) {
    const cpu = s.best === null ? '' : `  cpu ${formatCpu(s.best)}`;
    console.log(`${s.receiver.padEnd(34)} ${String(s.zeroLossRate).padStart(8)} dgram/s  ${s.gbps.toFixed(2)} Gbit/s${cpu}`);
  }
  writeFileSync(join(DATA_DIR, 'udp-listen.json'), JSON.stringify({ when: new Date().toISOString(), seconds, meanBytes: set.meanBytes, trials, summary }, null, 2));
}

await main();
