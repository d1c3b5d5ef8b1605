import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EveLineFile } from './eve-line-file.js';

const lineDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('mirrorscope-lines-'));

describe('EveLineFile', () => {
  it('gives back every appended line, whatever order they are read in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('a'.repeat(700_000), 'b'.repeat(1_500_000))), { maxLength: 30 }),
        fc.infiniteStream(fc.nat()),
        (lines, picks) => {
          const file = new EveLineFile();
          const at = lines.map((line) => {
            const offset = file.append(line);
            return { offset, length: file.lastLength, line };
          });
          // In file order, then shuffled: reads ahead, behind and inside the window.
          for (const a of at) expect(file.read(a.offset, a.length).toString('utf8')).toBe(a.line);
          const order = [...at];
          const it = picks[Symbol.iterator]();
          for (let i = order.length - 1; i > 0; i--) {
            const j = it.next().value! % (i + 1);
            [order[i], order[j]] = [order[j]!, order[i]!];
          }
          for (const a of order) expect(file.read(a.offset, a.length).toString('utf8')).toBe(a.line);
          expect(at.every((a) => a.length === Buffer.byteLength(a.line))).toBe(true);
          file.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('leaves nothing in the temporary directory, even before close', () => {
    const before = new Set(lineDirs());
    const file = new EveLineFile();
    file.append('{"event_type":"alert"}');
    expect(lineDirs().filter((d) => !before.has(d))).toHaveLength(0);
    expect(file.read(0, file.lastLength).toString()).toBe('{"event_type":"alert"}');
    file.close();
  });
});
