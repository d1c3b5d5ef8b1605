import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { listenError } from './listen-error.js';

export interface TcpHealthListenerOptions {
  /** The UDP traffic port's number (4789 by default): an NLB's default TCP health check probes `traffic-port`. */
  readonly port: number;
  readonly host?: string;
}

/**
 * A TCP listener that accepts and at once closes every connection: the completed handshake is the whole answer to
 * a TCP health check. Start it once the engine is ready and close it when draining, so the load balancer stops
 * sending before the UDP socket goes away.
 */
export class TcpHealthListener {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    readonly port: number,
    readonly host: string,
  ) {}

  /** Binds; EADDRINUSE / EACCES and other bind failures reject with a one-line MirrorscopeError naming the port. */
  static async start(options: TcpHealthListenerOptions): Promise<TcpHealthListener> {
    const host = options.host ?? '0.0.0.0';
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      // A prober that resets first must not crash the process with an unhandled 'error'.
      socket.on('error', () => socket.destroy());
      socket.resume();
      socket.end();
      // Peers that never send their FIN would otherwise hold the socket half-open.
      socket.setTimeout(2_000, () => socket.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: unknown): void =>
        reject(listenError(error, `TCP health-check port ${options.port}`, host));
      server.once('error', onError);
      server.listen(options.port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    return new TcpHealthListener(server, sockets, (server.address() as AddressInfo).port, host);
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** Stops accepting and destroys any connection still open. Resolves once the port is released. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close((error) => (error ? reject(error) : resolve()));
      for (const socket of this.sockets) socket.destroy();
    });
  }
}
