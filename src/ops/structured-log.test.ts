import { describe, expect, it } from 'vitest';
import { StructuredLogger } from './structured-log.js';

function sink(isTTY = false): { lines: string[]; stream: { write(s: string): boolean; isTTY: boolean } } {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) > 0 } };
}

const now = (): Date => new Date('2026-11-27T10:38:02.123Z');

describe('StructuredLogger', () => {
  it('writes one JSON object per line with timestamp, level and event first', () => {
    const { lines, stream } = sink();
    const log = new StructuredLogger({ format: 'json', stream, now });
    log.info('worker_restarted', { worker: 2, error: Object.assign(new Error('boom'), { code: 'EX' }), big: 5n, skip: undefined });
    expect(lines).toEqual([
      '{"timestamp":"2026-11-27T10:38:02.123Z","level":"info","event":"worker_restarted","worker":2,"error":{"message":"boom","code":"EX"},"big":"5"}\n',
    ]);
  });

  it('drops events below its level and keeps envelope keys from being overwritten', () => {
    const { lines, stream } = sink();
    const log = new StructuredLogger({ format: 'json', level: 'warn', stream, now });
    log.info('quiet');
    log.debug('quieter');
    log.warn('loud', { level: 'x', event: 'y' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      timestamp: '2026-11-27T10:38:02.123Z',
      level: 'warn',
      event: 'loud',
      field_level: 'x',
      field_event: 'y',
    });
  });

  it('child loggers add their fields to every line', () => {
    const { lines, stream } = sink();
    const log = new StructuredLogger({ format: 'json', stream, now }).child({ worker: 1 });
    log.error('queue_full', { depth: 64 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', event: 'queue_full', worker: 1, depth: 64 });
  });

  it('plain text for terminals: auto picks text on a TTY, JSON otherwise', () => {
    const tty = sink(true);
    const log = new StructuredLogger({ stream: tty.stream, now });
    expect(log.format).toBe('text');
    log.warn('rules_reloaded', { file: 'my rules.rules', count: 3, ok: true });
    expect(tty.lines).toEqual(['mirrorscope: warning: rules_reloaded file="my rules.rules" count=3 ok=true\n']);
    expect(new StructuredLogger({ stream: sink(false).stream }).format).toBe('json');
  });
});
