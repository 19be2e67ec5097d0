import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/sketch/hash.js';
import { sortedMinus } from '../src/sketch/sort.js';

/** Sorted unique random values, some drawn from `from` when given. */
function sortedSet(rnd: () => number, n: number, from?: Uint32Array): Uint32Array {
  const s = new Set<number>();
  while (s.size < n) s.add(from && rnd() < 0.8 ? from[Math.floor(rnd() * from.length)]! : Math.floor(rnd() * 2 ** 32));
  return Uint32Array.from([...s].sort((x, y) => x - y));
}

describe('sortedMinus', () => {
  it('gives the values of a not in b, as arrays of their own while its scratch array is reused and grown', () => {
    const rnd = mulberry32(3);
    const results: [Uint32Array, number[]][] = [];
    for (const n of [0, 1, 5, 600, 3000, 40, 5000, 700]) {
      const a = sortedSet(rnd, n);
      const b = sortedSet(rnd, Math.floor(n * 0.9), a);
      const inB = new Set(b);
      const want = [...a].filter((x) => !inB.has(x));
      const got = sortedMinus(a, b);
      expect(Array.from(got)).toEqual(want);
      results.push([got, want]);
    }
    // earlier results are not views on the scratch array: later calls left them as they were
    for (const [got, want] of results) expect(Array.from(got)).toEqual(want);
  });
});
