import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { MirrorscopeError } from '../../errors.js';

/** Bytes per output chunk: a few hundred lines, one write call each. */
const CHUNK_BYTES = 256 * 1024;
/** Idle chunks kept for reuse once their write completes; more in flight are left to the GC. */
const SPARE_CHUNKS = 4;

/**
 * EVE JSON lines to a file, appended as events arrive. Lines are encoded straight into reusable byte chunks, one
 * write call per chunk: joining lines into a string and encoding that to a fresh Buffer per flush had cost a copy,
 * an allocation and fresh pages for every 64 KiB of output. `close()` resolves once everything is on disk.
 */
export class EveWriter {
  private chunk: Buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  private readonly spare: Buffer[] = [];
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

  /**
   * One event: an object serialised as it is (callers build keys in EVE order) or a ready JSON line. Returns false
   * when the file is behind: a caller producing many lines should then `await drain()`.
   */
  write(event: object | string): boolean {
    if (this.closed) throw new Error('EveWriter: write after close');
    const line = typeof event === 'string' ? event : JSON.stringify(event);
    this.eventsWritten++;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: checking that bound avoids measuring the line first.
    const worst = line.length * 3 + 1;
    if (this.used + worst > CHUNK_BYTES) {
      this.flush();
      if (worst > CHUNK_BYTES) {
        this.stream.write(line + '\n');
        return !this.stream.writableNeedDrain;
      }
    }
    const chunk = this.chunk;
    const used = this.used + chunk.write(line, this.used);
    chunk[used] = 0x0a;
    this.used = used + 1;
    return !this.stream.writableNeedDrain;
  }

  /** One ready line as UTF-8 bytes, src[start, end) without its newline; returns false as write does. */
  writeBytes(src: Uint8Array, start: number, end: number): boolean {
    if (this.closed) throw new Error('EveWriter: write after close');
    this.eventsWritten++;
    const n = end - start;
    if (this.used + n + 1 > CHUNK_BYTES) {
      this.flush();
      if (n + 1 > CHUNK_BYTES) {
        const own = Buffer.allocUnsafe(n + 1);
        own.set(src.subarray(start, end));
        own[n] = 0x0a;
        this.stream.write(own);
        return !this.stream.writableNeedDrain;
      }
    }
    const chunk = this.chunk;
    chunk.set(src.subarray(start, end), this.used);
    chunk[this.used + n] = 0x0a;
    this.used += n + 1;
    return !this.stream.writableNeedDrain;
  }

  /** Hands the lines so far to the file (live output calls this so events are not held back). */
  flush(): void {
    if (this.used === 0) return;
    const full = this.chunk;
    this.stream.write(full.subarray(0, this.used), () => {
      if (this.spare.length < SPARE_CHUNKS) this.spare.push(full);
    });
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.used = 0;
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
