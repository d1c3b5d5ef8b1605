import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket, SocketType } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import { GENEVE_DEFAULT_PORT, VXLAN_DEFAULT_PORT } from '../../native-free-decoders/index.js';
import { MirrorscopeError } from '../errors.js';
import {
  DATAGRAM_INVALID_REASON_NAMES,
  DatagramFramer,
  DatagramInvalidReason,
  FRAMED_LINK_TYPE,
  MAX_FRAMED_LENGTH,
  classifyDatagram,
} from './datagram-framing.js';
import type { TunnelProtocol } from './datagram-framing.js';
import type { PacketPool, PoolFinishResult } from './pool-types.js';

/** 64 MiB: absorbs pauses of tens of milliseconds at line rate (see docs/dependencies.md). */
export const DEFAULT_RECV_BUFFER_SIZE = 64 << 20;
export const DEFAULT_LISTEN_HOST = '0.0.0.0';
export const DEFAULT_LISTEN_TICK_MS = 1000;

export interface ListenPorts {
  vxlan: number;
  geneve: number;
}

export interface UdpListenerOptions {
  /** An IP literal. 0.0.0.0 (default) or another IPv4 address: IPv4 only. :: : IPv4 and IPv6 on one dual-stack socket. */
  host?: string;
  /** VXLAN port (default 4789); 0 picks a free port (tests). */
  port?: number;
  /** GENEVE port (default 6081); 0 picks a free port; null: no GENEVE socket. */
  genevePort?: number | null;
  /**
   * Where datagrams go. A function is called after binding with the ports actually bound, so a pool (and its sinks'
   * decoders) can be told which ports carry VXLAN and GENEVE when they are not the defaults.
   */
  pool: PacketPool | ((ports: ListenPorts) => Promise<PacketPool>);
  /** SO_RCVBUF to request (default 64 MiB). */
  recvBufferSize?: number;
  /**
   * Pass malformed deliveries on to the pipeline (default true), so its decoder reports them as replay would.
   * They are counted by reason either way.
   */
  forwardInvalid?: boolean;
  /** Arrival-clock ticks to the pool this often (default 1000 ms; 0: none), so idle flows expire. */
  tickIntervalMs?: number;
  onEvent?: (event: ListenerEvent) => void;
}

export type ListenerEvent =
  | {
      type: 'recv_buffer';
      protocol: TunnelProtocol;
      requested: number;
      /** socket.getRecvBufferSize(): on Linux twice the size granted (the kernel counts its bookkeeping). */
      actual: number;
      /** The kernel granted less than requested (net.core.rmem_max). */
      capped: boolean;
      rmemMax: number | null;
      /** The command that lifts the cap, when capped. */
      hint: string | null;
    }
  | { type: 'socket_error'; protocol: TunnelProtocol; message: string };

export interface ProtocolCounters {
  datagrams: number;
  bytes: number;
}

export interface UdpListenerStats {
  datagrams: number;
  bytes: number;
  vxlan: ProtocolCounters;
  geneve: ProtocolCounters;
  /** Malformed deliveries by reason (metric label names). */
  invalid: Record<string, number>;
  /** Datagrams handed to the pool and accepted. */
  forwarded: number;
  /** Refused by the pool (ring full: reason overload). */
  dropped: number;
}

interface Endpoint {
  protocol: TunnelProtocol;
  socket: Socket;
  framer: DatagramFramer;
  counters: ProtocolCounters;
}

/**
 * The live mirror target: UDP sockets for VXLAN (NLB or ENI targets) and GENEVE (GWLB) deliveries. Each datagram
 * is counted, checked, framed behind a synthesized outer IP/UDP header (datagram-framing.ts) and offered to the
 * pool, which never blocks the read: a full ring is a counted drop. Arrival time is the packet time.
 */
export class UdpListener {
  readonly host: string;
  readonly ports: ListenPorts;
  readonly pool: PacketPool;
  private readonly endpoints: Endpoint[];
  private readonly forwardInvalid: boolean;
  private readonly scratch = new Uint8Array(MAX_FRAMED_LENGTH);
  private readonly invalid = new Float64Array(DATAGRAM_INVALID_REASON_NAMES.length);
  private forwarded = 0;
  private dropped = 0;
  private recordNumber = 0;
  private readonly wallUs0: number;
  private readonly mono0: number;
  private ticker: NodeJS.Timeout | null = null;
  private closing: Promise<PoolFinishResult | null> | null = null;

  static async start(options: UdpListenerOptions): Promise<UdpListener> {
    const host = options.host ?? DEFAULT_LISTEN_HOST;
    const type = socketTypeFor(host);
    const vxlanPort = checkPort(options.port ?? VXLAN_DEFAULT_PORT, 'port');
    const genevePort = options.genevePort === null ? null : checkPort(options.genevePort ?? GENEVE_DEFAULT_PORT, 'geneve port');
    const recvBufferSize = options.recvBufferSize ?? DEFAULT_RECV_BUFFER_SIZE;
    if (!Number.isInteger(recvBufferSize) || recvBufferSize < 4096) {
      throw new MirrorscopeError('LISTEN_BAD_RECV_BUFFER', `receive buffer size must be an integer >= 4096, got ${recvBufferSize}`);
    }
    const sockets: Array<{ protocol: TunnelProtocol; socket: Socket }> = [];
    try {
      sockets.push({ protocol: 'vxlan', socket: await bind(type, host, vxlanPort, recvBufferSize) });
      if (genevePort !== null) sockets.push({ protocol: 'geneve', socket: await bind(type, host, genevePort, recvBufferSize) });
    } catch (error) {
      for (const s of sockets) s.socket.close();
      throw error;
    }
    const ports: ListenPorts = {
      vxlan: sockets[0]!.socket.address().port,
      geneve: sockets[1]?.socket.address().port ?? 0,
    };
    let pool: PacketPool;
    try {
      pool = typeof options.pool === 'function' ? await options.pool(ports) : options.pool;
    } catch (error) {
      for (const s of sockets) s.socket.close();
      throw error;
    }
    const listener = new UdpListener(host, ports, pool, sockets, options);
    for (const s of sockets) listener.reportBuffer(s.protocol, s.socket, recvBufferSize, options.onEvent);
    return listener;
  }

  private constructor(
    host: string,
    ports: ListenPorts,
    pool: PacketPool,
    sockets: Array<{ protocol: TunnelProtocol; socket: Socket }>,
    options: UdpListenerOptions,
  ) {
    this.host = host;
    this.ports = ports;
    this.pool = pool;
    this.forwardInvalid = options.forwardInvalid ?? true;
    // Arrival time: the wall clock read once, advanced by the monotonic clock (microseconds, never backwards).
    this.wallUs0 = Date.now() * 1000;
    this.mono0 = performance.now();
    this.endpoints = sockets.map(({ protocol, socket }) => {
      const ep: Endpoint = {
        protocol,
        socket,
        framer: new DatagramFramer(socket.address().address, socket.address().port),
        counters: { datagrams: 0, bytes: 0 },
      };
      socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.onDatagram(ep, msg, rinfo));
      socket.on('error', (error) => options.onEvent?.({ type: 'socket_error', protocol, message: error.message }));
      return ep;
    });
    const tickMs = options.tickIntervalMs ?? DEFAULT_LISTEN_TICK_MS;
    if (tickMs > 0) {
      this.ticker = setInterval(() => this.pool.tick(this.nowUs()), tickMs);
      this.ticker.unref();
    }
  }

  /** Arrival clock in microseconds since the epoch. */
  nowUs(): number {
    return Math.round(this.wallUs0 + (performance.now() - this.mono0) * 1000);
  }

  stats(): UdpListenerStats {
    const invalid: Record<string, number> = {};
    for (let i = 1; i < DATAGRAM_INVALID_REASON_NAMES.length; i++) invalid[DATAGRAM_INVALID_REASON_NAMES[i]!] = this.invalid[i]!;
    const vxlan = this.endpoints.find((e) => e.protocol === 'vxlan')?.counters ?? { datagrams: 0, bytes: 0 };
    const geneve = this.endpoints.find((e) => e.protocol === 'geneve')?.counters ?? { datagrams: 0, bytes: 0 };
    return {
      datagrams: vxlan.datagrams + geneve.datagrams,
      bytes: vxlan.bytes + geneve.bytes,
      vxlan: { ...vxlan },
      geneve: { ...geneve },
      invalid,
      forwarded: this.forwarded,
      dropped: this.dropped,
    };
  }

  /**
   * Stops receiving (the sockets close first, so nothing new is accepted), then, unless finishPool is false, lets
   * the pool process everything already received and finish its sinks. Datagrams still in the kernel's buffer at
   * that moment are not read.
   */
  close(finishPool = true): Promise<PoolFinishResult | null> {
    this.closing ??= (async () => {
      if (this.ticker !== null) clearInterval(this.ticker);
      this.ticker = null;
      await Promise.all(this.endpoints.map((e) => new Promise<void>((resolve) => e.socket.close(() => resolve()))));
      return finishPool ? this.pool.finish() : null;
    })();
    return this.closing;
  }

  private onDatagram(ep: Endpoint, msg: Buffer, rinfo: RemoteInfo): void {
    const length = msg.length;
    ep.counters.datagrams++;
    ep.counters.bytes += length;
    const reason = classifyDatagram(ep.protocol, msg, 0, length);
    if (reason !== DatagramInvalidReason.Valid) {
      this.invalid[reason]++;
      if (!this.forwardInvalid) return;
    }
    const framed = ep.framer.frame(msg, 0, length, rinfo.address, rinfo.port, this.scratch, 0);
    if (framed < 0) return;
    this.recordNumber = (this.recordNumber + 1) >>> 0;
    if (this.pool.offer(this.scratch, 0, framed, framed, FRAMED_LINK_TYPE, this.nowUs(), this.recordNumber, 0)) this.forwarded++;
    else this.dropped++;
  }

  private reportBuffer(protocol: TunnelProtocol, socket: Socket, requested: number, onEvent: UdpListenerOptions['onEvent']): void {
    const actual = socket.getRecvBufferSize();
    // Linux reports twice what it granted; elsewhere the value is the grant itself.
    const granted = process.platform === 'linux' ? actual / 2 : actual;
    const capped = granted < requested;
    const rmemMax = readRmemMax();
    onEvent?.({
      type: 'recv_buffer',
      protocol,
      requested,
      actual,
      capped,
      rmemMax,
      hint: capped ? `sysctl -w net.core.rmem_max=${requested}` : null,
    });
  }
}

function socketTypeFor(host: string): SocketType {
  if (isIPv4(host)) return 'udp4';
  if (isIPv6(host)) return 'udp6';
  throw new MirrorscopeError('LISTEN_BAD_HOST', `--host must be an IPv4 or IPv6 address, got ${JSON.stringify(host)}`);
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MirrorscopeError('LISTEN_BAD_PORT', `${what} must be an integer from 1 to 65535, got ${port}`);
  }
  return port;
}

function bind(type: SocketType, host: string, port: number, recvBufferSize: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // ipv6Only false: one socket on :: takes IPv4 senders too (as ::ffff:a.b.c.d, which the framer unmaps).
    const socket = createSocket({ type, recvBufferSize, ipv6Only: false });
    const onError = (error: NodeJS.ErrnoException): void => {
      socket.close();
      reject(new MirrorscopeError('LISTEN_BIND_FAILED', `cannot listen on udp ${host} port ${port}: ${error.code ?? error.message}`));
    };
    socket.once('error', onError);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

function readRmemMax(): number | null {
  try {
    const n = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}
