import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/sketch/hash.js';
import { scratchSetOf, U32Set } from '../src/sketch/u32set.js';

describe('U32Set', () => {
  it('holds what a Set of the same values holds, and iterates them in the same order', () => {
    const rand = mulberry32(5);
    for (let round = 0; round < 60; round++) {
      const n = Math.floor(rand() * 300);
      // hashes, small numbers, 0 and 2^32 - 1, duplicates; sorted in some rounds (kept, not copied)
      const values = Array.from({ length: n }, () => (rand() < 0.2 ? Math.floor(rand() * 8) : rand() < 0.05 ? 2 ** 32 - 1 : Math.floor(rand() * 2 ** 32)));
      const given = round % 3 === 0 ? Uint32Array.from(new Set(values)).sort() : Uint32Array.from(values);
      const want = new Set(given);
      const got = new U32Set(given);
      expect(got.size).toBe(want.size);
      expect([...got]).toEqual([...want]);
      expect([...got.entries()]).toEqual([...want.entries()]);
      for (const x of [...values, 0, 1, 2 ** 32 - 1, 2 ** 32, -1, 0.5, NaN, ...Array.from({ length: 50 }, () => Math.floor(rand() * 2 ** 32))]) expect(got.has(x)).toBe(want.has(x));
    }
  });

  it('refuses values that are not 32-bit unsigned integers', () => {
    expect(() => new U32Set([1, -2])).toThrow(RangeError);
    expect(() => new U32Set([2 ** 32])).toThrow(RangeError);
  });
});

describe('scratchSetOf', () => {
  it('answers for the array last loaded, one array after the other, small and large', () => {
    const rand = mulberry32(8);
    const arrays = Array.from({ length: 40 }, (_, k) => Uint32Array.from(new Set(Array.from({ length: k === 7 ? 5000 : Math.floor(rand() * 700) }, () => (rand() < 0.05 ? 0 : Math.floor(rand() * 2 ** 32))))).sort());
    for (const round of [0, 1]) {
      for (const a of arrays) {
        const want = new Set(a);
        const got = scratchSetOf(a);
        // values of the other arrays are not held (their slots are stale), nor are non-integers
        for (const x of [...a, ...arrays[(round + 3) % arrays.length]!, 0, 2 ** 32 - 1, -1, 0.5]) expect(got.has(x)).toBe(want.has(x));
      }
    }
  });
});
