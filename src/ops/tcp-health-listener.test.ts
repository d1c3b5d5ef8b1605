import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MirrorscopeError } from '../errors.js';
import { TcpHealthListener } from './tcp-health-listener.js';

function probe(port: number): Promise<{ connected: boolean; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    let connected = false;
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => (connected = true));
    socket.on('end', () => {
      socket.end();
      resolve({ connected, closedByServer: true });
    });
    socket.on('error', reject);
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve({ connected, closedByServer: false });
    });
  });
}

describe('TcpHealthListener', () => {
  it('accepts a connection and closes it at once', async () => {
    const listener = await TcpHealthListener.start({ port: 0, host: '127.0.0.1' });
    try {
      expect(listener.listening).toBe(true);
      expect(await probe(listener.port)).toEqual({ connected: true, closedByServer: true });
      expect(await probe(listener.port)).toEqual({ connected: true, closedByServer: true });
    } finally {
      await listener.close();
    }
    expect(listener.listening).toBe(false);
    await expect(probe(listener.port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('closes even while a client holds a connection open', async () => {
    const listener = await TcpHealthListener.start({ port: 0, host: '127.0.0.1' });
    const socket = connect({ host: '127.0.0.1', port: listener.port });
    socket.on('error', () => {});
    socket.on('end', () => {}); // never answers the FIN: half-open from the server's side
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    await listener.close();
    expect(Date.now() - started).toBeLessThan(1000);
    socket.destroy();
  });

  it('reports a port in use as a one-line MirrorscopeError naming the port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const error = await TcpHealthListener.start({ port, host: '127.0.0.1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MirrorscopeError);
      expect((error as MirrorscopeError).code).toBe('LISTEN_ADDRESS_IN_USE');
      expect((error as MirrorscopeError).message).toBe(
        `cannot listen on TCP health-check port ${port} on 127.0.0.1: address already in use`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
