import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/sketch/hash.js';
import { sortHashes, sortUint32 } from '../src/sketch/sort.js';

describe('sortUint32', () => {
  it('sorts as the built-in sort does, through the radix path and below it', () => {
    const r = mulberry32(5);
    for (const n of [0, 1, 1000, 70_000, 300_000]) {
      // values from the whole range, and many repeats in the low bits only
      const a = Uint32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? (r() * 2 ** 32) >>> 0 : (r() * 1000) >>> 0));
      const expected = a.slice().sort();
      expect(sortUint32(a)).toBe(a);
      expect(Buffer.from(a.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    }
  });
});

describe('sortHashes', () => {
  it('sorts as the built-in sort does: hashes, repeats, values crowded into a few buckets, short arrays', () => {
    const r = mulberry32(11);
    const kinds: ((i: number) => number)[] = [
      () => (r() * 2 ** 32) >>> 0,
      (i) => (i % 4 === 0 ? 7 : (r() * 2 ** 32) >>> 0),
      () => (r() * 5000) >>> 0, // all in the first bucket: the fallback
      (i) => 0xffffffff - i,
    ];
    for (const n of [0, 1, 63, 64, 65, 700, 5000]) {
      for (const kind of kinds) {
        const a = Uint32Array.from({ length: n }, (_, i) => kind(i));
        const expected = a.slice().sort();
        expect(sortHashes(a)).toBe(a);
        expect(Buffer.from(a.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }
    }
  });
});
