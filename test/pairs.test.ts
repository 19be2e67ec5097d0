import { describe, expect, it } from 'vitest';
import { exactPairs, generateCorpus } from '../bench/generate.js';
import { containment, findNearDuplicates, fingerprint, jaccard, overlap, type Doc } from '../src/index.js';
import { forEachSharingPair } from '../src/compare/pairs.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { seedDocs } from './helpers.js';

describe('exact overlap', () => {
  it('agrees with a Set-based oracle', () => {
    const [a, b] = seedDocs();
    const fa = fingerprint(a!);
    const fb = fingerprint(b!);
    const sa = new Set(fa.shingles);
    const inter = [...fb.shingles].filter((x) => sa.has(x)).length;
    expect(jaccard(fa, fb)).toBeCloseTo(inter / (fa.shingles.length + fb.shingles.length - inter), 12);
    expect(containment(fa, fb)).toBeCloseTo(inter / fa.shingles.length, 12);
    expect(overlap(fa, fb)).toMatchObject({ shared: inter, aInB: inter / fa.shingles.length, bInA: inter / fb.shingles.length });
  });

  it('refuses fingerprints made with different parameters', () => {
    const [a] = seedDocs();
    expect(() => jaccard(fingerprint(a!, { shingleSize: 3 }), fingerprint(a!, { shingleSize: 4 }))).toThrow(expect.objectContaining({ code: 'E_PARAMS' }));
  });
});

describe('forEachSharingPair (typed-array postings)', () => {
  it.each([2, 3, 7, Number.MAX_SAFE_INTEGER])('counts shared elements of document frequency ≤ %i exactly as a brute-force oracle, in (i, j) order', (maxDf) => {
    const rnd = mulberry32(maxDf % 1000);
    // values from a small pool spread over the whole uint32 range (every top-bits bucket, both ends)
    // and of every document frequency: a few common values and many rare ones
    const pool = Array.from({ length: 600 }, (_, k) => (k === 0 ? 0 : k === 1 ? 0xffffffff : Math.floor(rnd() * 4294967296)));
    const pick = (): number => pool[rnd() < 0.3 ? Math.floor(rnd() * 30) : Math.floor(rnd() * pool.length)]!;
    const sets = Array.from({ length: 90 }, () => Uint32Array.from(new Set(Array.from({ length: Math.floor(rnd() * 12) }, pick))).sort());
    const df = new Map<number, number>();
    for (const s of sets) for (const h of s) df.set(h, (df.get(h) ?? 0) + 1);
    const want: string[] = [];
    for (let i = 0; i < sets.length; i++) for (let j = i + 1; j < sets.length; j++) {
      const inJ = new Set(sets[j]);
      const c = [...sets[i]!].filter((h) => inJ.has(h) && df.get(h)! <= maxDf).length;
      if (c > 0) want.push(`${i},${j},${c}`);
    }
    const got: string[] = [];
    forEachSharingPair(sets, maxDf, (i, j, c) => got.push(`${i},${j},${c}`));
    expect(got).toEqual(want);
    expect(want.length).toBeGreaterThan(maxDf === 2 ? 10 : 50);
  });
});

describe('findNearDuplicates', () => {
  it('on the seeds at a low threshold, returns every pair that shares wording, with exact figures', () => {
    const docs = seedDocs();
    const pairs = findNearDuplicates(docs, { threshold: 0.01, containment: 0.03 });
    const fps = new Map(docs.map((d) => [d.id, fingerprint(d)]));
    // oracle: every pair with any shared 3-gram at those thresholds
    const expected: string[] = [];
    for (let i = 0; i < docs.length; i++) for (let j = i + 1; j < docs.length; j++) {
      const o = overlap(fps.get(docs[i]!.id)!, fps.get(docs[j]!.id)!);
      if (o.jaccard >= 0.01 || Math.max(o.aInB, o.bInA) >= 0.03) expected.push(`${docs[i]!.id}-${docs[j]!.id}`);
    }
    expect(pairs.map((p) => `${p.a}-${p.b}`)).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    for (const p of pairs) {
      const o = overlap(fps.get(p.a)!, fps.get(p.b)!);
      expect(p.jaccard).toBe(o.jaccard);
      expect(p.containment).toEqual({ aInB: o.aInB, bInA: o.bInA });
    }
    // the strongest pair shares the KCNA sentence: 000 and 003 share the most 5-grams
    const strongest = findNearDuplicates(docs, { shingleSize: 5, threshold: 0.01, containment: 0.01 }).sort((x, y) => y.shared - x.shared)[0]!;
    expect([strongest.a, strongest.b]).toEqual(['000', '003']);
  });

  it('finds ≥ 98% of the exact all-pairs at the default thresholds on a generated corpus (fixed seed)', () => {
    const docs = generateCorpus({ size: 1500, seed: 11, words: 400 });
    const fps = docs.map((d) => fingerprint(d, { keepTokens: false }));
    const truthJ = exactPairs(fps.map((f) => f.shingles), 0.3, 'jaccard');
    const truthC = exactPairs(fps.map((f) => f.shingles), 0.25, 'containment');
    const truth = new Set([...truthJ, ...truthC]);
    expect(truth.size).toBeGreaterThan(200);
    const index = new Map(docs.map((d, i) => [d.id, i]));
    const got = new Set(findNearDuplicates(docs).map((p) => `${index.get(p.a)},${index.get(p.b)}`));
    let hit = 0;
    for (const t of truth) if (got.has(t)) hit++;
    expect(hit / truth.size).toBeGreaterThanOrEqual(0.98);
    // and nothing that the exact figures would reject
    for (const g of got) expect(truth.has(g)).toBe(true);
    // LSH alone (Jaccard candidates, containment search off) still meets the bar at its threshold
    const lshOnly = new Set(findNearDuplicates(docs, { containment: 1.01 }).map((p) => `${index.get(p.a)},${index.get(p.b)}`));
    let hitJ = 0;
    for (const t of truthJ) if (lshOnly.has(t)) hitJ++;
    expect(hitJ / truthJ.size).toBeGreaterThanOrEqual(0.98);
  });

  it('gives the same output for the same input, byte for byte', () => {
    const docs = generateCorpus({ size: 300, seed: 3, words: 300 });
    expect(JSON.stringify(findNearDuplicates(docs))).toBe(JSON.stringify(findNearDuplicates(docs)));
  });

  it('handles empty, whitespace-only, one-word, binary and very long documents without failing the batch', () => {
    const long = seedDocs()[2]!.text.repeat(Math.ceil(10_000_000 / seedDocs()[2]!.text.length));
    const docs: Doc[] = [
      { id: 'empty', text: '' },
      { id: 'blank', text: ' \n\t ' },
      { id: 'one', text: 'Putin' },
      { id: 'one-again', text: 'putin' },
      { id: 'binary', text: '\u0000\u0001\u0002\uD800garbage\uFFFF' },
      { id: 'long', text: long },
      { id: 'seed', text: seedDocs()[2]!.text },
    ];
    const pairs = findNearDuplicates(docs, { threshold: 0.5 });
    expect(pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['one-one-again', 'long-seed']);
    expect(pairs[1]!.containment.bInA).toBe(1);
  });

  it('names the offending documents, all at once', () => {
    const bad = [
      { id: 'a', text: 'x' },
      { id: 'a', text: 'y' },
      { id: 'b', text: 7 },
      { id: '', text: 'z' },
    ] as unknown as Doc[];
    try {
      findNearDuplicates(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'E_INPUT', name: 'WiretraceError' });
      const msg = String((e as Error).message);
      expect(msg).toMatch(/"a" appears twice/);
      expect(msg).toMatch(/"b" has no text/);
      expect(msg).toMatch(/#3 has no id/);
    }
    expect(() => findNearDuplicates([{ id: 'a', text: 'x' }], { threshold: 2 })).toThrow(expect.objectContaining({ code: 'E_OPTIONS' }));
  });
});
