import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MirrorscopeError } from '../errors.js';

/** Bytes staged before a write call, and read per window when lines come back in (nearly) file order. */
const WINDOW_BYTES = 1 << 20;

/**
 * EVE lines parked in an unlinked temporary file until replay writes them out in order: appended as UTF-8 through
 * one reused staging buffer, read back through one reused window.
 *
 * Why a file and not memory: every line waits for the end of the replay. Kept as strings they were what the
 * scavenger copied and promoted most; kept in fresh off-heap chunks every 4 KiB page cost a fault, which on a
 * virtual machine is 12-14 µs (a 75 MB EVE file is 19k faults, a quarter of a second). Appending to the page cache
 * and copying back costs a tenth of that, and memory stays flat however many alerts a capture has.
 */
export class EveLineFile {
  private fd = -1;
  private dir: string | null = null;
  /** Bytes in the file, not counting the staging buffer. */
  private written = 0;
  private readonly stage: Buffer = Buffer.allocUnsafeSlow(WINDOW_BYTES);
  private staged = 0;
  /** The read window: file bytes [windowStart, windowStart + windowBytes) in `window`. */
  private window: Buffer | null = null;
  private windowStart = 0;
  private windowBytes = 0;
  /** Byte length of the line the last append stored. */
  lastLength = 0;

  /** Appends a line; returns its offset in the file (its byte length is then in `lastLength`). */
  append(line: string): number {
    if (this.fd < 0) this.open();
    // UTF-8 takes at most 3 bytes per UTF-16 unit: checking that bound avoids measuring the line first.
    if (this.staged + line.length * 3 > WINDOW_BYTES) {
      const bytes = Buffer.byteLength(line, 'utf8');
      if (this.staged + bytes > WINDOW_BYTES) this.flushStage();
      if (bytes > WINDOW_BYTES) {
        const at = this.written;
        this.written += this.writeAll(Buffer.from(line, 'utf8'));
        this.lastLength = bytes;
        return at;
      }
    }
    const at = this.written + this.staged;
    const n = this.stage.write(line, this.staged, 'utf8');
    this.staged += n;
    this.lastLength = n;
    return at;
  }

  /**
   * The bytes [offset, offset + length) as a view valid until the next read. Reads ahead a window when the line
   * lies past the current one; a line behind it (output order and file order disagree) is read on its own.
   */
  read(offset: number, length: number): Buffer {
    this.flushStage();
    const w = this.window;
    if (w !== null && offset >= this.windowStart && offset + length <= this.windowStart + this.windowBytes) {
      const at = offset - this.windowStart;
      return w.subarray(at, at + length);
    }
    if (w !== null && offset < this.windowStart && length <= WINDOW_BYTES) {
      const own = Buffer.allocUnsafe(length);
      this.readAll(own, length, offset);
      return own;
    }
    const size = Math.max(WINDOW_BYTES, length);
    if (w === null || w.length < size) this.window = Buffer.allocUnsafeSlow(size);
    this.windowStart = offset;
    this.windowBytes = this.readAll(this.window!, Math.min(size, this.written - offset), offset);
    return this.window!.subarray(0, length);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.window = null;
  }

  private open(): void {
    try {
      this.dir = mkdtempSync(join(tmpdir(), 'mirrorscope-lines-'));
      const path = join(this.dir, 'lines');
      this.fd = openSync(path, 'w+');
    } catch (error) {
      throw this.failure('cannot create', error);
    }
    try {
      // Unlinked at once where the system allows it: nothing is left behind if the process is killed.
      rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
    } catch {
      // Removed by close() instead.
    }
  }

  private flushStage(): void {
    if (this.staged === 0) return;
    this.written += this.writeAll(this.stage.subarray(0, this.staged));
    this.staged = 0;
  }

  private writeAll(bytes: Uint8Array): number {
    try {
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.written + done);
      return done;
    } catch (error) {
      throw this.failure('cannot write', error);
    }
  }

  private readAll(into: Buffer, length: number, offset: number): number {
    try {
      let done = 0;
      while (done < length) {
        const n = readSync(this.fd, into, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    } catch (error) {
      throw this.failure('cannot read', error);
    }
  }

  private failure(what: string, error: unknown): MirrorscopeError {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return new MirrorscopeError('EVE_SPOOL', `${tmpdir()}: ${what} the temporary file that holds EVE lines until output (${reason})`);
  }
}
