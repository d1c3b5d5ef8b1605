import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EveWriter } from './eve-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'eve-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([{ sync: false }, { sync: true }])('EveWriter %o', (options) => {
  it('writes every line in order across chunks, with non-ASCII text and a line longer than a chunk', async () => {
    const path = join(dir, `eve-${options.sync}.json`);
    const w = await EveWriter.open(path, options);
    const expected: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const line = i === 2500 ? JSON.stringify({ big: 'x'.repeat(300_000) }) : JSON.stringify({ i, host: `caf\u00e9-\u{1F600}-${i}`, pad: 'y'.repeat(i % 700) });
      expected.push(line);
      if (!w.write(line)) await w.drain();
    }
    w.write({ event_type: 'stats', n: 1 });
    expected.push('{"event_type":"stats","n":1}');
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe(expected.join('\n') + '\n');
    expect(w.eventsWritten).toBe(5001);
  });

  it('writeBytes keeps lines given as UTF-8 slices in order with string lines, across chunks', async () => {
    const path = join(dir, `bytes-${options.sync}.json`);
    const w = await EveWriter.open(path, options);
    const expected: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const line = i === 1500 ? JSON.stringify({ big: 'z'.repeat(400_000) }) : JSON.stringify({ i, host: `\u00fc-\u{1F600}-${i}`, pad: 'q'.repeat(i % 900) });
      expected.push(line);
      // A line in the middle of a larger buffer, as spooled lines sit in their arena chunk.
      const bytes = Buffer.from(`<<${line}>>`, 'utf8');
      const ok = i % 3 === 0 ? w.write(line) : w.writeBytes(bytes, 2, bytes.length - 2);
      if (!ok) await w.drain();
    }
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe(expected.join('\n') + '\n');
    expect(w.eventsWritten).toBe(3000);
  });

  it('flush() puts lines in the file before close', async () => {
    const path = join(dir, `live-${options.sync}.json`);
    const w = await EveWriter.open(path, options);
    w.write('{"event_type":"alert"}');
    w.flush();
    for (let i = 0; i < 100 && readFileSync(path, 'utf8') === ''; i++) await new Promise((r) => setTimeout(r, 10));
    expect(readFileSync(path, 'utf8')).toBe('{"event_type":"alert"}\n');
    await w.close();
  });

  it('names the file when it cannot be opened', async () => {
    await expect(EveWriter.open(dir, options)).rejects.toThrow(new RegExp(`^${dir}: cannot write EVE output \\(EISDIR\\)$`));
  });

  it.skipIf(!existsSync('/dev/full'))('reports a failed write at close, naming the file', async () => {
    const w = await EveWriter.open('/dev/full', options);
    w.write('{"event_type":"alert"}');
    await expect(w.close()).rejects.toThrow(/^\/dev\/full: writing EVE output failed \(.*ENOSPC/);
  });
});
