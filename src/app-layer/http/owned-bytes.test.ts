import { describe, expect, it } from 'vitest';
import { allocOwned, copyOwned } from './owned-bytes.js';

describe('owned byte arrays', () => {
  it('never share bytes, across slab boundaries too', () => {
    const arrays: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) {
      const a = i % 3 === 0 ? allocOwned(1 + (i % 97)) : copyOwned(new Uint8Array(300).fill(i), 10, 10 + (i % 200));
      expect(a.every((b) => b === (i % 3 === 0 ? 0 : i))).toBe(true);
      a.fill(i);
      arrays.push(a);
    }
    arrays.forEach((a, i) => expect(a.every((b) => b === i)).toBe(true));
  });

  it('gives long arrays storage of their own', () => {
    const a = copyOwned(new Uint8Array(5000).fill(7), 0, 5000);
    expect(a.length).toBe(5000);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(5000);
  });
});
