import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareAlignText, type AlignText } from '../src/compare/align.js';
import { gramBits, gramSet, heldByNone, keptOnlyBy, privateShare, sortedHas, soleHolders, tripleFromBits } from '../src/compare/closeness.js';
import { thirdStretches } from '../src/provenance/passages.js';
import type { Direction } from '../src/provenance/relations.js';
import { directionIndex, majorityDecided, medianOfBitsDecided, pairKey, sourceWeights, undecidedAnyway } from '../src/provenance/sourcing.js';
import { hashKGram } from '../src/sketch/hash.js';

// One story copied by n outlets asks the sourcing rules about every pair of copies and every
// third copy. The fast paths that keep this from being cubic in everything (packed triples,
// per-document counts, early stops of majority votes, maps made once) must give what the
// straightforward computations they replaced give: each is compared with that computation here.

const bits = (len: number) => fc.array(fc.integer({ min: 0, max: 1 }), { minLength: len, maxLength: len }).map((xs) => Uint8Array.from(xs));

describe('tripleFromBits', () => {
  /** The unpacked count (the code it replaced): over the grams inside both masks, which of the two holders keep them. */
  const unpacked = (tokens: number, mx: Uint8Array, my: Uint8Array, kx: Uint8Array, ky: Uint8Array) => {
    const ev = { n: 0, n01: 0, n10: 0, n00: 0 };
    for (let i = 0; i + 3 <= tokens; i++) {
      if (!(mx[i] && my[i] && mx[i + 2] && my[i + 2])) continue;
      ev.n++;
      if (!kx[i] && ky[i]) ev.n01++;
      else if (kx[i] && !ky[i]) ev.n10++;
      else if (!kx[i] && !ky[i]) ev.n00++;
    }
    return ev;
  };

  it('counts what the unpacked count counts, for any masks and kept grams', () => {
    const sides = fc.nat(150).chain((n) => fc.tuple(bits(n), bits(n), bits(n), bits(n)));
    fc.assert(
      fc.property(sides, ([mx, my, kx, ky]) => {
        expect(tripleFromBits(gramBits(mx, kx), gramBits(my, ky))).toEqual(unpacked(mx.length, mx, my, kx, ky));
      }),
      { seed: 9, numRuns: 500 },
    );
  });
});

describe('thirdStretches', () => {
  /** The straightforward stretch: OR of every other partner's mask, within `other`'s. */
  const plain = (partners: ReadonlyMap<string, readonly string[]>, maskOf: (t: string, x: string) => Uint8Array | null, id: string, other: string): Uint8Array | undefined => {
    const all = partners.get(id) ?? [];
    const region = maskOf(id, other);
    if (all.length < 2 || !region) return undefined;
    const third = new Uint8Array(region.length);
    for (const z of all) {
      if (z === other) continue;
      const m = maskOf(id, z);
      if (m) for (let i = 0; i < m.length; i++) third[i] = third[i]! | m[i]!;
    }
    for (let i = 0; i < third.length; i++) third[i] = third[i]! & region[i]!;
    return third;
  };
  it('is the OR of the other partners’ masks within the asked one, duplicates and missing masks included', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const world = fc.nat(60).chain((len) =>
      fc.record({
        // up to 12 listed: documents with 8 or more partners keep their counts between asks
        partners: fc.array(fc.constantFrom(...ids.slice(1)), { maxLength: 12 }),
        masks: fc.array(fc.option(bits(len), { nil: null }), { minLength: ids.length, maxLength: ids.length }),
      }),
    );
    fc.assert(
      fc.property(world, ({ partners, masks }) => {
        const p = new Map([['a', partners]]);
        const maskOf = (t: string, x: string): Uint8Array | null => (t === 'a' ? masks[ids.indexOf(x)]! : null);
        // one closure asked about every other document in turn, as wordEvidence asks it
        const third = thirdStretches(p, maskOf);
        for (const other of ids) expect(third('a', other)).toEqual(plain(p, maskOf, 'a', other));
      }),
      { seed: 10, numRuns: 500 },
    );
  });
});

describe('privateShare and keptOnlyBy from per-document marks', () => {
  /** The straightforward versions: each gram inside the mask looked up in every holder. */
  const plainShare = (t: AlignText, mask: Uint8Array, grams: readonly Uint32Array[]): { n: number; share: number } => {
    const ids = t.tokens.ids;
    let n = 0;
    let own = 0;
    for (let i = 0; i + 3 <= ids.length; i++) {
      if (!(mask[i] && mask[i + 2])) continue;
      n++;
      const h = hashKGram(ids, i, 3);
      if (!grams.some((g) => sortedHas(g, h))) own++;
    }
    return { n, share: n === 0 ? 0 : own / n };
  };
  const plainKept = (t: AlignText, mask: Uint8Array, gramsX: Uint32Array, others: readonly Uint32Array[]): { n: number; kept: number } => {
    const ids = t.tokens.ids;
    let n = 0;
    let kept = 0;
    for (let i = 0; i + 3 <= ids.length; i++) {
      if (!(mask[i] && mask[i + 2])) continue;
      n++;
      const h = hashKGram(ids, i, 3);
      if (sortedHas(gramsX, h) && !others.some((g) => sortedHas(g, h))) kept++;
    }
    return { n, kept };
  };
  const WORDS = ['seoul', 'said', 'the', 'north', 'missile'];
  const text = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 30 }).map((ws) => ws.join(' '));
  it('give the counts of looking every gram up in every holder', () => {
    const world = fc.record({ t: text, holders: fc.array(text, { minLength: 1, maxLength: 5 }), dup: fc.boolean(), pick: fc.nat(), seedMask: fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 40 }) });
    fc.assert(
      fc.property(world, ({ t, holders, dup, pick, seedMask }) => {
        const T = prepareAlignText(t);
        const mask = Uint8Array.from({ length: T.tokens.ids.length }, (_, i) => seedMask[i] ?? 1);
        const named = holders.map((h, i) => ({ id: `h${i}`, grams: gramSet(prepareAlignText(h)) }));
        // a partner listed twice (as wordEvidence's partner lists could) is still one holder
        const listed = dup ? [...named, named[0]!] : named;
        const x = named[pick % named.length]!;
        expect(privateShare(mask, heldByNone(T, listed.map((h) => h.grams)))).toEqual(plainShare(T, mask, listed.map((h) => h.grams)));
        const others = listed.filter((h) => h.id !== x.id).map((h) => h.grams);
        expect(keptOnlyBy(mask, soleHolders(T, listed), x.id)).toEqual(plainKept(T, mask, x.grams, others));
      }),
      { seed: 11, numRuns: 400 },
    );
  });
});

// Early stops: at every point of a vote, when the helper says the answer is settled, reading the
// rest must give that answer; and each helper must settle some votes (else it would stop nothing).
describe('early stops of the sourcing votes', () => {
  const stopsAgree = <O, R>(outcomes: readonly O[], final: (xs: readonly O[]) => R, decided: (prefix: readonly O[], left: number) => R | undefined): number => {
    const answer = final(outcomes);
    let settled = 0;
    for (let i = 0; i <= outcomes.length; i++) {
      const d = decided(outcomes.slice(0, i), outcomes.length - i);
      if (d === undefined) continue;
      settled++;
      expect(d).toEqual(answer);
    }
    return settled;
  };

  it('copiesByWords: majorityDecided never contradicts the whole count', () => {
    // per third holder: not heard, heard and not against, heard and against
    type O = 'skip' | 'for' | 'against';
    const count = (xs: readonly O[]) => ({ heard: xs.filter((x) => x !== 'skip').length, against: xs.filter((x) => x === 'against').length });
    const final = (xs: readonly O[]): boolean | undefined => {
      const { heard, against } = count(xs);
      return heard === 0 || against * 2 === heard ? undefined : against * 2 < heard;
    };
    let settled = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom<O>('skip', 'for', 'against'), { maxLength: 30 }), (xs) => {
        settled += stopsAgree(xs, final, (p, left) => majorityDecided(count(p).against, count(p).heard, left));
      }),
      { seed: 12, numRuns: 1000 },
    );
    expect(settled).toBeGreaterThan(100);
  });

  it('wordsDirection: undecidedAnyway only when the whole vote is undecided', () => {
    // per relative: not cast, cast for neither, for a, for b
    type O = 0 | 1 | 2 | 3;
    const tally = (xs: readonly O[]) => ({ cast: xs.filter((x) => x > 0).length, vote: xs.filter((x) => x === 2).length - xs.filter((x) => x === 3).length });
    const final = (xs: readonly O[]): number | undefined => {
      const { vote, cast } = tally(xs);
      return vote === 0 || Math.abs(vote) * 2 <= cast ? undefined : Math.sign(vote);
    };
    let settled = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom<O>(0, 1, 1, 1, 2, 3), { maxLength: 30 }), (xs) => {
        const answer = final(xs);
        for (let i = 0; i < xs.length; i++) {
          const { vote, cast } = tally(xs.slice(0, i));
          if (!undecidedAnyway(vote, cast, xs.length - i)) continue;
          settled++;
          expect(answer).toBeUndefined();
        }
      }),
      { seed: 13, numRuns: 1000 },
    );
    expect(settled).toBeGreaterThan(100);
  });

  it('ownBranch: medianOfBitsDecided is the median of all the bits', () => {
    type O = 'skip' | 0 | 1;
    const final = (xs: readonly O[]): number | undefined => {
      const bs = xs.filter((x): x is 0 | 1 => x !== 'skip').sort((a, b) => a - b);
      return bs.length === 0 ? undefined : bs[Math.floor((bs.length - 1) / 2)];
    };
    let settled = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom<O>('skip', 0, 1), { maxLength: 30 }), (xs) => {
        settled += stopsAgree(xs, final, (p, left) => medianOfBitsDecided(p.filter((x) => x === 0).length, p.filter((x) => x === 1).length, left));
      }),
      { seed: 14, numRuns: 1000 },
    );
    expect(settled).toBeGreaterThan(100);
  });
});

describe('maps made once', () => {
  it('directionIndex answers as the directions map does for every pair, or declines (ids it cannot split back)', () => {
    const id = fc.oneof(fc.constantFrom('a', 'b', 'ab', 'b\u0000', '\u0000a', 'c'), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(id, id, fc.boolean()), { maxLength: 8 }), (entries) => {
        const directions = new Map<string, Direction>();
        for (const [a, b, f] of entries) directions.set(pairKey(a, b), { from: f ? a : b, to: f ? b : a, basis: 'date', confidence: 'low' });
        const index = directionIndex(directions);
        const all = entries.flatMap(([a, b]) => [a, b]);
        if (index === null) {
          expect([...directions.keys()].some((k) => k.split('\u0000').length !== 2 || k.split('\u0000')[0] === k.split('\u0000')[1])).toBe(true);
          return;
        }
        for (const a of all) for (const b of all) expect(index.get(a)?.get(b)).toBe(directions.get(pairKey(a, b)));
      }),
      { seed: 15, numRuns: 1000 },
    );
    expect(directionIndex(new Map([[pairKey('x', 'y'), { from: 'x', to: 'y', basis: 'date', confidence: 'low' } as Direction]]))).not.toBeNull();
  });

  it('sourceWeights gives each source, in order of first appearance, the length of the stretches it could be the source of', () => {
    const stretch = fc.record({ start: fc.nat(100), len: fc.nat(50), sources: fc.array(fc.constantFrom('a', 'b', 'c', '(latent)'), { maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(stretch, { maxLength: 8 }), (raw) => {
        const open = raw.map((s) => ({ seg: { start: s.start, end: s.start + s.len }, sources: s.sources }));
        const cands = [...new Set(open.flatMap((s) => s.sources))];
        const plain = cands.map((c) => [c, open.reduce((w, s) => w + (s.sources.includes(c) ? s.seg.end - s.seg.start : 0), 0)] as const);
        expect([...sourceWeights(open)]).toEqual(plain);
      }),
      { seed: 16, numRuns: 500 },
    );
  });
});
