import { describe, expect, it } from 'vitest';
import { gramsOfIds } from '../src/compare/closeness.js';
import { FOLDED } from '../src/compare/slots.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { fingerprint } from '../src/index.js';
import { foldedDiffOf, foldedDiffOfIds, frequentFoldedInGroups, frequentInGroups, frequentPlainAndFoldedInGroups, type DocScan } from '../src/provenance/stages.js';

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

describe('frequentPlainAndFoldedInGroups', () => {
  it('gives what frequentInGroups of the plain 3-grams and frequentFoldedInGroups give, in groups of one and of many', () => {
    const rand = mulberry32(29);
    const ids = Array.from({ length: 240 }, (_, i) => `d${i}`);
    // a pool such that many values are in a few groups: counts near the thresholds
    const shared = Array.from({ length: 400 }, () => Math.floor(rand() * 2 ** 32));
    const draw = (): number => (rand() < 0.5 ? shared[Math.floor(rand() * shared.length)]! : Math.floor(rand() * 2 ** 32));
    const sorted = (s: Set<number>): Uint32Array => Uint32Array.from([...s].sort((a, b) => a - b));
    // one group of 40, groups of 2–3, the rest alone
    const groupOf = new Map(ids.map((id, i) => [id, i % 6 === 0 ? 'big' : i < 120 ? `g${Math.floor(i / 3)}` : id]));
    // near-copies: each member the group's base with a few values changed
    const bases = new Map<string, number[]>();
    const grams = ids.map((id) => {
      const g = groupOf.get(id)!;
      if (!bases.has(g)) bases.set(g, Array.from({ length: 25 }, draw));
      return sorted(new Set(bases.get(g)!.map((v) => (rand() < 0.1 ? draw() : v))));
    });
    // folded: some plain 3-grams dropped (shared ones too: dropped in one member, kept in another), some added (shared ones too)
    const folded = grams.map((g, i) => {
      const s = new Set([...g].filter((v, k) => (k + i) % 4 !== 0));
      // added: also values of the group's base (which other members may hold plain, or lack)
      const base = bases.get(groupOf.get(ids[i]!)!)!;
      for (let k = 0; k < 4; k++) {
        const v = rand() < 0.4 ? base[Math.floor(rand() * base.length)]! : draw();
        if (!g.includes(v)) s.add(v);
      }
      if (i % 5 === 0) s.add(0).add(2 ** 32 - 1);
      return sorted(s);
    });
    for (const [slice, commonDf, stockDf] of [[1 << 22, 2, 1], [100, 4, 3], [7, 2, 2], [1, 3, 5], [50, 3, 4]] as const) {
      const wantCommon = Array.from(frequentInGroups(ids, grams.map((a) => a.slice()), groupOf, commonDf, slice));
      const old: DocScan[] = ids.map((id, i) => ({ fp: fingerprint({ id, text: 'x' }), grams: grams[i]!.slice(), foldedDiff: foldedDiffOf(grams[i]!, folded[i]!) }));
      const wantStock = Array.from(frequentFoldedInGroups(ids, old, groupOf, stockDf, slice));
      expect(wantCommon.length).toBeGreaterThan(5);
      expect(wantStock.length).toBeGreaterThan(5);
      // every third document with its folded array instead of a diff, as frequentFoldedInGroups takes too
      const scans: DocScan[] = ids.map((id, i) => ({ fp: fingerprint({ id, text: 'x' }), grams: grams[i]!.slice(), ...(i % 3 === 1 ? { folded: folded[i]!.slice() } : { foldedDiff: foldedDiffOf(grams[i]!, folded[i]!) }) }));
      const got = frequentPlainAndFoldedInGroups(ids, scans, groupOf, commonDf, stockDf, slice);
      expect(Array.from(got.common)).toEqual(wantCommon);
      expect(Array.from(got.stock)).toEqual(wantStock);
      expect(scans.every((x) => x.grams === undefined && x.folded === undefined && x.foldedDiff === undefined)).toBe(true); // released
    }
  });
});
