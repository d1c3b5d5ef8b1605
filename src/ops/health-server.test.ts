import { request, Agent } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MirrorscopeError } from '../errors.js';
import { HealthServer } from './health-server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, method = 'GET', agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const open: HealthServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(render = (): string => 'm_total 1\n'): Promise<HealthServer> {
  const server = await HealthServer.start({ port: 0, host: '127.0.0.1', renderMetrics: render });
  open.push(server);
  return server;
}

describe('HealthServer', () => {
  it('answers 503 while starting or draining and 200 ok when ready', async () => {
    const server = await start();
    expect(await get(server.port, '/healthz')).toMatchObject({ status: 503, body: 'starting\n' });
    server.setState('ready');
    expect(await get(server.port, '/healthz')).toMatchObject({ status: 200, body: 'ok\n' });
    server.setState('draining');
    expect(await get(server.port, '/healthz?probe=1')).toMatchObject({ status: 503, body: 'draining\n' });
  });

  it('serves Prometheus text on /metrics, per scrape', async () => {
    let n = 0;
    const server = await start(() => `x_total ${++n}\n`);
    const first = await get(server.port, '/metrics');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(first.body).toBe('x_total 1\n');
    expect((await get(server.port, '/metrics')).body).toBe('x_total 2\n');
  });

  it('supports HEAD, and answers 404 and 405 elsewhere', async () => {
    const server = await start();
    server.setState('ready');
    const head = await get(server.port, '/healthz', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe('3');
    expect((await get(server.port, '/nope')).status).toBe(404);
    const post = await get(server.port, '/metrics', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('closes promptly with a keep-alive connection still open', async () => {
    const server = await start();
    const agent = new Agent({ keepAlive: true });
    await get(server.port, '/metrics', 'GET', agent);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
    await expect(get(server.port, '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reports a port in use as a one-line MirrorscopeError naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const error = await HealthServer.start({ port, host: '127.0.0.1', renderMetrics: () => '' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MirrorscopeError);
      expect((error as MirrorscopeError).message).toBe(
        `cannot listen on health HTTP port ${port} on 127.0.0.1: address already in use`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
