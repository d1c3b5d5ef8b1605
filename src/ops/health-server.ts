import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthState } from './health-state.js';
import { listenError } from './listen-error.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';

export const DEFAULT_HEALTH_PORT = 8080;

export interface HealthServerOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Default 0.0.0.0: load balancer health checks come from the VPC, not loopback. */
  readonly host?: string;
  /** Called per scrape of `/metrics`. */
  readonly renderMetrics: () => string;
  /** Initial state; default `starting`. */
  readonly state?: HealthState;
}

const TEXT = 'text/plain; charset=utf-8';

/**
 * `GET /healthz` (200 `ok` when ready, 503 `starting` / `draining` otherwise) and `GET /metrics` (Prometheus text)
 * for `--health-port`. HEAD answers the same headers without a body.
 */
export class HealthServer {
  private constructor(
    private readonly server: Server,
    /** Shared with the request handler, which reads it per request. */
    private readonly status: { state: HealthState },
    readonly port: number,
    readonly host: string,
  ) {}

  /** Binds and resolves once listening; a bind failure rejects with a one-line MirrorscopeError naming the port. */
  static async start(options: HealthServerOptions): Promise<HealthServer> {
    const host = options.host ?? '0.0.0.0';
    const status = { state: options.state ?? 'starting' };
    const server = createServer((req, res) => handle(req, res, status.state, options.renderMetrics));
    // Load balancers probe every few seconds on fresh connections; idle keep-alive sockets only delay shutdown.
    server.keepAliveTimeout = 5_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: unknown): void => reject(listenError(error, `health HTTP port ${options.port}`, host));
      server.once('error', onError);
      server.listen(options.port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    return new HealthServer(server, status, port, host);
  }

  get state(): HealthState {
    return this.status.state;
  }

  setState(state: HealthState): void {
    this.status.state = state;
  }

  /** Stops listening and ends every open connection, keep-alive ones included. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeIdleConnections();
      this.server.closeAllConnections();
    });
  }
}

function handle(req: IncomingMessage, res: ServerResponse, state: HealthState, renderMetrics: () => string): void {
  const path = (req.url ?? '/').split('?', 1)[0];
  const method = req.method ?? 'GET';
  if (path !== '/healthz' && path !== '/metrics') {
    send(res, method, 404, TEXT, 'not found\n');
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, method, 405, TEXT, 'method not allowed\n');
    return;
  }
  if (path === '/healthz') {
    res.setHeader('Cache-Control', 'no-store');
    if (state === 'ready') send(res, method, 200, TEXT, 'ok\n');
    else send(res, method, 503, TEXT, `${state}\n`);
    return;
  }
  let body: string;
  try {
    body = renderMetrics();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    send(res, method, 500, TEXT, `metrics unavailable: ${message.split('\n')[0]}\n`);
    return;
  }
  send(res, method, 200, PROMETHEUS_CONTENT_TYPE, body);
}

function send(res: ServerResponse, method: string, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(method === 'HEAD' ? undefined : body);
}
