import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelUdpDrops } from './kernel-udp-drops.js';

describe('kernelUdpDrops', () => {
  it('sums the drops column of the sockets on our ports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorscope-proc-'));
    const udp = join(dir, 'udp');
    writeFileSync(
      udp,
      [
        '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
        ' 1: 00000000:12B5 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 111 2 0000000000000000 42',
        ' 2: 00000000:17C1 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 112 2 0000000000000000 5',
        ' 3: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 113 2 0000000000000000 900',
      ].join('\n'),
    );
    expect(kernelUdpDrops([4789, 6081], [udp])).toBe(47);
    expect(kernelUdpDrops([4789], [join(dir, 'missing')])).toBeNull();
  });
});
