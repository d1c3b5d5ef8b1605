import { MirrorscopeError } from '../errors.js';

/**
 * A bind failure as the one-line message an operator can act on. `what` names the listener, e.g.
 * `health HTTP port 8080`.
 */
export function listenError(error: unknown, what: string, host: string): MirrorscopeError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${what} on ${host}`;
  switch (code) {
    case 'EADDRINUSE':
      return new MirrorscopeError('LISTEN_ADDRESS_IN_USE', `cannot listen on ${where}: address already in use`);
    case 'EACCES':
      return new MirrorscopeError(
        'LISTEN_PERMISSION_DENIED',
        `cannot listen on ${where}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)`,
      );
    case 'EADDRNOTAVAIL':
      return new MirrorscopeError('LISTEN_ADDRESS_NOT_AVAILABLE', `cannot listen on ${where}: no such local address`);
    default: {
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return new MirrorscopeError('LISTEN_FAILED', `cannot listen on ${where}: ${detail}`);
    }
  }
}
