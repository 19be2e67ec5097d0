import { describe, expect, it } from 'vitest';
import { alignPassages } from '../src/index.js';
import { seedText } from './helpers.js';
import { prepareAlignText, sharedSentences, stemSentences } from '../src/compare/align.js';
import { mulberry32 } from '../src/sketch/hash.js';

const wire = `SEOUL, Feb. 20 (Yonhap) -- North Korean leader Kim Jong-un has received a Russian-made car from Russian President Vladimir Putin as a gift, state media reported Tuesday.

The car was delivered to Kim's aides on Sunday, the Korean Central News Agency said. Kim's sister Kim Yo-jong conveyed his thanks to the Russian side, saying the gift serves as a clear demonstration of the special personal relations between the top leaders.

The gift could violate U.N. Security Council resolutions that ban the supply of luxury vehicles to North Korea, observers said. (END)`;

const rewrite = `North Korean leader Kim Jong-un has received a Russian-made car from Russian President Vladimir Putin as a gift, state media reported Tuesday.

The foreign ministry in Seoul declined to comment on the matter.

Observers noted that the gift may violate U.N. Security Council resolutions banning the supply of luxury vehicles to North Korea.

Kim's sister Kim Yo-jong conveyed his thanks to the Russian side, saying the gift serves as a clear demonstration of the special personal relations between the top leaders.`;

describe('alignPassages', () => {
  const ps = alignPassages(wire, rewrite);

  it('finds the verbatim lede with exact spans in both originals, outside the dateline', () => {
    const lede = ps.find((p) => rewrite.slice(p.b.start, p.b.end).startsWith('North Korean leader'))!;
    expect(lede.kind).toBe('verbatim');
    expect(wire.slice(lede.a.start, lede.a.end)).toBe('North Korean leader Kim Jong-un has received a Russian-made car from Russian President Vladimir Putin as a gift, state media reported Tuesday');
    expect(rewrite.slice(lede.b.start, lede.b.end)).toBe(wire.slice(lede.a.start, lede.a.end));
    expect(lede.similarity).toBe(1);
  });

  it('finds a reordered, lightly rewritten sentence as rewritten', () => {
    const rw = ps.find((p) => wire.slice(p.a.start, p.a.end).includes('violate'))!;
    expect(rw).toBeDefined();
    expect(rw.kind).toBe('rewritten');
    expect(rw.similarity).toBeGreaterThanOrEqual(0.6);
    expect(rw.similarity).toBeLessThan(1);
    expect(rewrite.slice(rw.b.start, rw.b.end)).toContain('banning the supply of luxury vehicles');
  });

  it('keeps reordered verbatim sentences, and passages never overlap in either text', () => {
    expect(ps.some((p) => wire.slice(p.a.start, p.a.end).startsWith("Kim's sister Kim Yo-jong conveyed"))).toBe(true);
    for (const side of ['a', 'b'] as const) {
      const spans = ps.map((p) => p[side]).sort((x, y) => x.start - y.start);
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
    // the unrelated sentence and the dateline are in no passage
    const seoul = rewrite.indexOf('The foreign ministry');
    expect(ps.every((p) => p.b.end <= seoul || p.b.start > seoul + 40)).toBe(true);
    expect(ps.every((p) => p.a.start >= wire.indexOf('North'))).toBe(true);
  });

  it('merges small gaps into one passage and drops passages below the minimum', () => {
    const a = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen';
    const b = 'one two three four five six seven CHANGED nine ten eleven twelve thirteen fourteen';
    const merged = alignPassages(a, b, { rewrites: false });
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ a: { start: 0, end: a.length }, b: { start: 0, end: b.length }, tokens: 14 });
    expect(merged[0]!.similarity).toBeCloseTo(13 / 14, 3);
    expect(alignPassages(a, b, { rewrites: false, maxGap: 0 })).toHaveLength(0); // two 7-word runs < minTokens 8
    expect(alignPassages('short shared run here', 'a short shared run here too', { rewrites: false })).toHaveLength(0);
  });

  it('marks a passage inside quotation marks in both texts as a quote', () => {
    const a = 'Officials said: “the gift serves as a clear demonstration of the special personal relations between the leaders,” it said.';
    const b = 'Her statement read “the gift serves as a clear demonstration of the special personal relations between the leaders,” KCNA said.';
    const [p] = alignPassages(a, b);
    expect(p!.kind).toBe('quote');
    // the seeds: 000 and 003 share the KCNA line, quoted in both
    const s0 = seedText('000');
    const s3 = seedText('003');
    const q = alignPassages(s0, s3).find((x) => x.kind === 'quote')!;
    // "as a" precedes the quote mark in 000 and sits inside the quote in 003: shared words all the same
    expect(s0.slice(q.a.start, q.a.end)).toBe('as a “clear demonstration of the special personal relations between the');
    expect(s3.slice(q.b.start, q.b.end)).toBe('as a clear demonstration of the special personal relations between the');
  });

  it('flags passages made of corpus-common shingles', () => {
    const ps2 = alignPassages(wire, rewrite, { commonShingles: new Set<number>() });
    expect(ps2.some((p) => p.common)).toBe(false);
  });

  it('validates its options and inputs', () => {
    expect(() => alignPassages('a', 'b', { minMatch: 1 })).toThrow(expect.objectContaining({ code: 'E_OPTIONS' }));
    expect(() => alignPassages({ id: 'x' } as never, 'b')).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(alignPassages('', '')).toEqual([]);
  });
});

describe('rewritten-sentence candidates', () => {
  it('count the content stems each sentence of A shares with each of B, in first-met order, as a Map of Sets did', () => {
    const r = mulberry32(11);
    const words = ['kim', 'met', 'putin', 'the', 'in', 'moscow', 'on', 'tuesday', 'car', 'gift', 'said', 'a', 'of'];
    const text = (n: number): string => Array.from({ length: n }, (_, i) => words[Math.floor(r() * words.length)] + (r() < 0.15 || i === n - 1 ? '.' : '')).join(' ').replace(/(^|\. )(\w)/g, (_m, p: string, c: string) => p + c.toUpperCase());
    for (let k = 0; k < 200; k++) {
      const A = prepareAlignText(text(40));
      const B = prepareAlignText(text(40));
      const use = (kb: number): boolean => kb % 3 !== 1;
      // the reference: a Set of stems per B sentence, a Map of counts per A sentence
      const ref = new Map<number, number[]>();
      B.sentences.forEach((s, kb) => {
        if (!use(kb)) return;
        const seen = new Set<number>();
        for (let t = s.from; t < s.to; t++) if (!B.stop[t] && !seen.has(B.tokens.ids[t]!)) (seen.add(B.tokens.ids[t]!), ref.set(B.tokens.ids[t]!, [...(ref.get(B.tokens.ids[t]!) ?? []), kb]));
      });
      const byStem = stemSentences(B, use);
      expect(new Map([...byStem].map(([id, e]) => [id, e.sentences]))).toEqual(ref);
      const counts = new Int32Array(B.sentences.length);
      A.sentences.forEach((s, ka) => {
        const want = new Map<number, number>();
        const seen = new Set<number>();
        for (let t = s.from; t < s.to; t++) {
          const id = A.tokens.ids[t]!;
          if (A.stop[t] || seen.has(id)) continue;
          seen.add(id);
          for (const kb of ref.get(id) ?? []) want.set(kb, (want.get(kb) ?? 0) + 1);
        }
        expect(sharedSentences(A, s, ka, byStem, counts)).toEqual([...want]);
        expect(counts.every((c) => c === 0)).toBe(true);
      });
    }
  });
});
