import { describe, expect, it } from 'vitest';
import { gramsOfIds } from '../src/compare/closeness.js';
import { FOLDED } from '../src/compare/slots.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { foldedDiffOf, foldedDiffOfIds } from '../src/provenance/stages.js';

/** Token ids from a small alphabet (3-grams repeat, inside and across the folded windows), some folded. */
function tokens(rand: () => number, n: number, alphabet: number, foldShare: number, byPlace: boolean): { ids: Uint32Array; folded: Uint32Array } {
  const ids = Uint32Array.from({ length: n }, () => 1 + Math.floor(rand() * alphabet));
  // a figure is a token of its own: the same id folds wherever it stands, as a normal form does;
  // folded by place instead, a plain 3-gram over a folded token also stands where nothing folds
  // (as two 3-grams whose hashes collide would)
  const figure = (id: number): boolean => (byPlace ? rand() < foldShare : (id * 2654435761) % 1000 < foldShare * 1000);
  const folded = ids.map((id) => (figure(id) ? FOLDED : id));
  return { ids, folded };
}

describe('foldedDiffOfIds', () => {
  it('gives what the difference of the two sorted 3-gram sets gives', () => {
    const rand = mulberry32(13);
    let nonEmpty = 0;
    for (let round = 0; round < 400; round++) {
      const n = Math.floor(rand() * 60);
      const { ids, folded } = tokens(rand, n, 2 + Math.floor(rand() * 12), rand() * 0.6, round % 2 === 1);
      // now and then a token whose id is the folded id already (a window that folding leaves as it is)
      if (n > 4 && round % 7 === 0) ids[2] = folded[2] = FOLDED;
      const want = foldedDiffOf(gramsOfIds(ids), gramsOfIds(folded));
      const got = foldedDiffOfIds(ids, folded);
      expect(Array.from(got)).toEqual(Array.from(want));
      if (want.length > 1) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('is [0] when nothing folds, and for texts of fewer than three tokens', () => {
    const ids = Uint32Array.of(5, 6, 7, 8);
    expect(Array.from(foldedDiffOfIds(ids, ids.slice()))).toEqual([0]);
    expect(Array.from(foldedDiffOfIds(Uint32Array.of(5, 6), Uint32Array.of(FOLDED, 6)))).toEqual([0]);
  });
});
