import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { MirrorscopeError } from '../../errors.js';

/**
 * EVE JSON lines to a file, appended as events arrive. Lines are batched into one string per flush so a busy
 * replay makes few write calls; `close()` resolves once everything is on disk.
 */
export class EveWriter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  private closed = false;
  private failure: Error | null = null;
  eventsWritten = 0;

  private constructor(
    private readonly stream: WriteStream,
    readonly path: string,
  ) {
    stream.on('error', (e) => {
      this.failure = e;
    });
  }

  static async open(path: string): Promise<EveWriter> {
    const stream = createWriteStream(path, { flags: 'w' });
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new MirrorscopeError('EVE_UNWRITABLE', `${path}: cannot write EVE output (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    return new EveWriter(stream, path);
  }

  /** One event: an object serialised as it is (callers build keys in EVE order) or a ready JSON line. */
  write(event: object | string): void {
    if (this.closed) throw new Error('EveWriter: write after close');
    const line = typeof event === 'string' ? event : JSON.stringify(event);
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    this.eventsWritten++;
    if (this.bufferedChars >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    this.stream.write(this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.bufferedChars = 0;
  }

  /** Resolves when the stream has drained (call between large batches to bound memory). */
  async drain(): Promise<void> {
    this.flush();
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw new MirrorscopeError('EVE_UNWRITABLE', `${this.path}: writing EVE output failed (${this.failure.message})`);
  }
}
