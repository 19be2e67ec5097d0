// Hostile words in the formula and provenance rules: each input below took seconds to minutes
// (quadratic in its length) before the fix and takes milliseconds after. The bounds are generous
// hang guards for a shared machine, not speed targets; each test also checks what came out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slotWords, slotWordsByRegex } from '../src/compare/slots.js';
import { specificFigure } from '../src/compare/template.js';
import { parseDate } from '../src/doc.js';
import { analyze, type Doc } from '../src/index.js';
import { charsIn, trimEndWhere, trimStartWhere, trimToLetters } from '../src/text/trim.js';

/** Milliseconds `f` takes, and what it returns. */
function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

// words of letters only ("wa", "wb", …, "wba"): distinct, and no stop word
const word = (k: number): string => {
  let s = '';
  do {
    s += String.fromCharCode(97 + (k % 26));
    k = Math.floor(k / 26);
  } while (k > 0);
  return `w${s}`;
};
/** `n` sentences of distinct words (shared wording two items can carry). */
const sentences = (n: number, from: number): string =>
  Array.from({ length: n }, (_, i) => `The ${word(from + 5 * i)} committee voted on the ${word(from + 5 * i + 1)} plan to ${word(from + 5 * i + 2)} the ${word(from + 5 * i + 3)} budget after talks with ${word(from + 5 * i + 4)} officials.`).join(' ');
/** 198 short unrelated articles: with the two items of a test the corpus reaches the 200 documents from which the rules read informative names. */
const fillers: Doc[] = Array.from({ length: 198 }, (_, i) => ({ id: `f${i}`, outlet: `Paper ${i}`, kind: 'article', publishedAt: '2024-01-01T00:00:00Z', text: `${Array.from({ length: 40 }, (_, k) => word(1_000_000 + 40 * i + k)).join(' ')}.` }));
const wire = (id: string, hour: number, title: string, text: string): Doc => ({ id, outlet: 'Reuters', kind: 'wire', publishedAt: `2024-03-01T0${hour}:00:00Z`, title, text });

describe('trimming word edges in linear time (text/trim.ts)', () => {
  const piece = fc.constantFrom('a', 'Z', '1', '0', '.', ',', '!', ' ', "'", '’', '-', '<', '"', '”', 'é', '\u0301', '𝐀', '𝟎', '😀', '\ud835', '\udc00', 'ʼ');
  const str = fc.array(piece, { maxLength: 16 }).map((xs) => xs.join(''));

  it('drop what the regexes they replace dropped', () => {
    const TRAIL = charsIn(".,:/'’-");
    const LEAD = charsIn('<("“');
    fc.assert(
      fc.property(str, (s) => {
        expect(trimToLetters(s)).toBe(s.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
        expect(trimEndWhere(s, TRAIL)).toBe(s.replace(/[.,:/'’-]+$/, ''));
        expect(trimStartWhere(s, LEAD)).toBe(s.replace(/^[<("“]+/, ''));
      }),
      { numRuns: 3000, seed: 9 },
    );
  });

  it('on a 200,000-character run that stops short of the end', () => {
    const run = `a${'!'.repeat(200_000)}b`;
    const t = timed(() => [trimToLetters(run), trimEndWhere(`1${'.'.repeat(200_000)}x`, charsIn('.'))]);
    expect(t.value).toEqual([run, `1${'.'.repeat(200_000)}x`]);
    expect(t.ms).toBeLessThan(2_000);
  });
});

describe('specificFigure on a figure with a long run of zeros inside', () => {
  it('reads "1000…0001" (300,000 zeros) as specific, at once', () => {
    const t = timed(() => specificFigure(`1${'0'.repeat(300_000)}1`));
    expect(t.value).toBe(true);
    expect(specificFigure('1000')).toBe(false);
    expect(specificFigure('1001')).toBe(true);
    expect(specificFigure('0.0250')).toBe(false);
    expect(t.ms).toBeLessThan(3_000);
  });
});

describe('slotWords reads a word past its span a bounded way', () => {
  const chain = Array.from({ length: 40_000 }, (_, k) => `W${word(k)}`).join('-');

  it('a span ending inside a 200 KB hyphenated name reads at most 64 characters past its end, as the reference regex does', () => {
    const spans = [
      { start: 0, end: 1 },
      { start: 1000, end: 1010 },
      { start: 5, end: 200 },
    ];
    for (const span of spans) {
      const got = slotWords(chain, span);
      expect(got).toEqual(slotWordsByRegex(chain, span));
      expect(got.join('').length).toBeLessThanOrEqual(span.end - span.start + 64);
    }
  });

  it('analyze of two 370 KB texts of hyphen-joined names sharing blocks of twelve (thousands of passages)', () => {
    const a: string[] = [];
    const b: string[] = [];
    for (let k = 0; a.length < 66_000; k += 32) {
      const shared = Array.from({ length: 12 }, (_, i) => `W${word(k + i)}`);
      a.push(...shared, ...Array.from({ length: 10 }, (_, i) => `W${word(k + 12 + i)}`));
      b.push(...shared, ...Array.from({ length: 10 }, (_, i) => `W${word(k + 22 + i)}`));
    }
    const t = timed(() => analyze([{ id: 'a', text: a.join('-') }, { id: 'b', text: b.join('-') }]));
    expect(t.value.pairs).toHaveLength(1);
    expect(t.value.pairs[0]!.passages.length).toBeGreaterThan(2000);
    expect(t.ms).toBeLessThan(10_000);
  });
});

describe('the one-story rules on hostile words', () => {
  it('a results figure with 300,000 zeros inside, in two wire items of one company (oneStoryFacts, housePhrase)', () => {
    const fig = `1${'0'.repeat(300_000)}1`;
    const story = sentences(40, 0);
    const docs = [...fillers, wire('A', 8, 'ACME CORP <ACM> 4TH QTR NET', `Acme Corp said net profit was ${fig} dlrs. ${story}`), wire('B', 9, 'ACME CORP <ACM> SEES GROWTH', `Acme Corp said its net profit was ${fig} dlrs. ${story} More to come.`)];
    const t = timed(() => analyze(docs));
    expect(t.value.pairs.find((p) => p.a === 'A' && p.b === 'B')?.relation).toBeDefined();
    expect(t.ms).toBeLessThan(10_000);
  });

  it('a 300,000-mark run of "!" inside a running story\'s shared sentence (oneRunningStory)', () => {
    const shared = `The NYSE rule might be used by Baird Corp to limit the trading activities of London firms, charlie${'!'.repeat(300_000)}delta said the exchange. ${sentences(30, 0)}`;
    const docs = [...fillers, wire('A', 8, 'NYSE RULE COULD AFFECT TRADING IN LONDON', `NYSE officials met on Monday. ${shared} ${sentences(30, 500)}`), wire('B', 9, 'LONDON SEES NYSE RULE PROBLEM BEING SETTLED', `NYSE traders in London said talks went on. ${shared} ${sentences(30, 900)}`)];
    const t = timed(() => analyze(docs));
    expect(t.value.pairs.find((p) => p.a === 'A' && p.b === 'B')?.relation).toBeDefined();
    expect(t.ms).toBeLessThan(10_000);
  });

  it('an opening word of 250,000 full stops in two items of one company (openingSubject)', () => {
    const opening = `Acme${'.'.repeat(250_000)}x said it agreed to buy Baird Corp for cash. ${sentences(30, 0)}`;
    const docs = [...fillers, wire('A', 8, 'ACME CORP <ACM> SETS DEAL', `${opening} ${sentences(20, 400)}`), wire('B', 9, 'ACME CORP <ACM> DEAL DETAILS', `${opening} ${sentences(20, 800)}`)];
    const t = timed(() => analyze(docs));
    expect(t.value.pairs.find((p) => p.a === 'A' && p.b === 'B')?.relation).toBeDefined();
    expect(t.ms).toBeLessThan(10_000);
  });
});

describe('parseDate on a long date string', () => {
  it('reads a date followed by 20,000 "UTC "s and a line break at once, and real zones as before', () => {
    const hostile = `2024-03-01 08:00 (${'UTC '.repeat(20_000)}\nx)`;
    const t = timed(() => parseDate(hostile));
    expect(t.ms).toBeLessThan(3_000);
    expect(parseDate('Fri Mar 01 2024 08:00:00 GMT+0100 (Central European Standard Time)')).toBe(Date.UTC(2024, 2, 1, 7));
    expect(parseDate('2024-03-01T08:00')).toBe(Date.UTC(2024, 2, 1, 8));
    expect(parseDate('March 1, 2024 08:00 EST')).toBe(Date.UTC(2024, 2, 1, 13));
  });

  it('analyze orders two wire items whose publishedAt strings are 80,000 characters long', () => {
    const text = sentences(30, 0);
    const pub = (h: number): string => `2024-03-01 0${h}:00 (${'UTC '.repeat(20_000)}\nx)`;
    const docs: Doc[] = [
      { id: 'a', text, outlet: 'Reuters', kind: 'wire', title: 'ACME CORP <ACM> SETS DEAL', publishedAt: pub(8) },
      { id: 'b', text: `${text} More.`, outlet: 'Reuters', kind: 'wire', title: 'ACME CORP <ACM> DEAL DETAILS', publishedAt: pub(9) },
    ];
    const t = timed(() => analyze(docs));
    expect(t.value.pairs).toHaveLength(1);
    expect(t.ms).toBeLessThan(10_000);
  });
});
