import { closeSync, createWriteStream, openSync, writeSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { MirrorscopeError } from '../../errors.js';

/** Bytes per output chunk: a few hundred lines, one write call each. */
const CHUNK_BYTES = 256 * 1024;
/** Idle chunks kept for reuse once their write completes; more in flight are left to the GC. */
const SPARE_CHUNKS = 4;

export interface EveWriterOptions {
  /**
   * Write each chunk with a blocking write call (replay, a batch job whose output pass has nothing else to do)
   * instead of a stream whose writes complete later (listen, which must keep receiving). A stream made replay wait
   * idle for every chunk, since each one filled its buffer.
   */
  sync?: boolean;
}

/** Where full chunks go: a file descriptor written synchronously, or a stream. */
interface ChunkSink {
  /** `written` runs once the bytes are handed over and the chunk may be reused. */
  write(bytes: Uint8Array, written: () => void): void;
  readonly behind: boolean;
  drain(): Promise<void>;
  close(): Promise<void>;
  readonly failure: Error | null;
}

class StreamSink implements ChunkSink {
  failure: Error | null = null;

  constructor(private readonly stream: WriteStream) {
    stream.on('error', (e) => {
      this.failure = e;
    });
  }

  write(bytes: Uint8Array, written: () => void): void {
    this.stream.write(bytes, written);
  }

  get behind(): boolean {
    return this.stream.writableNeedDrain;
  }

  // once() rejects with a stream error as it is: keep it for close(), which names the file.
  async drain(): Promise<void> {
    if (!this.stream.writableNeedDrain || this.failure !== null) return;
    await once(this.stream, 'drain').catch((e: Error) => {
      this.failure ??= e;
    });
  }

  async close(): Promise<void> {
    if (this.failure === null) {
      this.stream.end();
      await once(this.stream, 'close').catch((e: Error) => {
        this.failure ??= e;
      });
    }
  }
}

class FdSink implements ChunkSink {
  failure: Error | null = null;
  readonly behind = false;

  constructor(private fd: number) {}

  write(bytes: Uint8Array, written: () => void): void {
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (error) {
      // Reported by close(), as a stream's error is: the caller's loop need not check every line.
      this.failure ??= error as Error;
    }
    written();
  }

  async drain(): Promise<void> {}

  async close(): Promise<void> {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

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
  eventsWritten = 0;

  private constructor(
    private readonly sink: ChunkSink,
    readonly path: string,
  ) {}

  static async open(path: string, options: EveWriterOptions = {}): Promise<EveWriter> {
    if (options.sync === true) {
      try {
        return new EveWriter(new FdSink(openSync(path, 'w')), path);
      } catch (error) {
        throw unwritable(path, error);
      }
    }
    const stream = createWriteStream(path, { flags: 'w' });
    try {
      await once(stream, 'open');
    } catch (error) {
      throw unwritable(path, error);
    }
    return new EveWriter(new StreamSink(stream), path);
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
        this.sink.write(Buffer.from(line + '\n', 'utf8'), () => {});
        return !this.sink.behind;
      }
    }
    const chunk = this.chunk;
    const used = this.used + chunk.write(line, this.used);
    chunk[used] = 0x0a;
    this.used = used + 1;
    return !this.sink.behind;
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
        this.sink.write(own, () => {});
        return !this.sink.behind;
      }
    }
    const chunk = this.chunk;
    chunk.set(src.subarray(start, end), this.used);
    chunk[this.used + n] = 0x0a;
    this.used += n + 1;
    return !this.sink.behind;
  }

  /** Hands the lines so far to the file (live output calls this so events are not held back). */
  flush(): void {
    if (this.used === 0) return;
    const full = this.chunk;
    const used = this.used;
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.used = 0;
    this.sink.write(full.subarray(0, used), () => {
      if (this.spare.length < SPARE_CHUNKS) this.spare.push(full);
    });
  }

  /** Resolves when the stream has drained (call between large batches to bound memory). */
  async drain(): Promise<void> {
    this.flush();
    await this.sink.drain();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await this.sink.close();
    const failure = this.sink.failure;
    if (failure) throw new MirrorscopeError('EVE_UNWRITABLE', `${this.path}: writing EVE output failed (${failure.message})`);
  }
}

function unwritable(path: string, error: unknown): MirrorscopeError {
  return new MirrorscopeError('EVE_UNWRITABLE', `${path}: cannot write EVE output (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
}
