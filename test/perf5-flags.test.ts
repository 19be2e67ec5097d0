import { describe, expect, it } from 'vitest';
import { alignPassages, alignTextOptions } from '../src/compare/align.js';
import { isFigureForm } from '../src/compare/slots.js';
import { DEFAULT_TEXT_OPTIONS, scanIntoScratch } from '../src/text/tokenize.js';

describe('scanIntoScratch alsoFlag', () => {
  it("gives the test's answer for each token's final form, through memo growth and a change of test", () => {
    const also = alignTextOptions(true);
    const texts = [
      'Shares rose 4.5% to 1,200 yen on Tuesday, three days after twenty analysts said one thing.',
      'Ten ministers met 12 times; ELEVEN of them said “nil” — the 2nd meeting was in ٣ days.',
      // many distinct tokens: the memo grows (its slots move) between the first texts and the last
      Array.from({ length: 40_000 }, (_, i) => `w${i.toString(36)}x`).join(' '),
      'Shares rose 4.5% to 1,200 yen on Tuesday, three days after twenty analysts said one thing.',
    ];
    const startsWithT = (f: string): boolean => f.startsWith('t');
    let figures = 0;
    for (const test of [isFigureForm, startsWithT, isFigureForm]) {
      for (const text of texts) {
        const t = scanIntoScratch(text, DEFAULT_TEXT_OPTIONS, { also, alsoForms: true, alsoFlag: test });
        const forms = t.forms2!.slice(0, t.count);
        const flags = Array.from(t.flags2!.subarray(0, t.count));
        expect(flags).toEqual(forms.map((f) => (test(f) ? 1 : 0)));
        if (test === isFigureForm) figures += flags.reduce((a, b) => a + b, 0);
      }
    }
    expect(figures).toBeGreaterThan(10);
  });
});

describe('rewritten sentences past the sentence codes', () => {
  it('finds every rewritten sentence of two texts with more distinct words than UTF-16 units (the per-pair encoding takes over)', () => {
    const word = (n: number): string => {
      let s = '';
      for (let x = n; ; x = Math.floor(x / 26) - 1) {
        s = String.fromCharCode(97 + (x % 26)) + s;
        if (x < 26) break;
      }
      return `z${s}q`;
    };
    const sentences = 7000; // 70,000 distinct words in A, 21,000 more in B: past the ~63,000 units
    const a: string[] = [];
    const b: string[] = [];
    for (let i = 0; i < sentences; i++) {
      const ws = Array.from({ length: 10 }, (_, k) => word(i * 10 + k));
      // B: words 2, 5 and 8 changed, so no run of 4 shared words (no verbatim tile): a rewrite at 0.7
      const vs = ws.map((w, k) => (k % 3 === 2 ? word(1_000_000 + i * 10 + k) : w));
      const cap = (s: string[]): string => `${s[0]!.toUpperCase()} ${s.slice(1).join(' ')}.`;
      a.push(cap(ws));
      b.push(cap(vs));
    }
    const passages = alignPassages(a.join(' '), b.join(' '), { boilerplate: false });
    expect(passages.length).toBe(sentences);
    expect(passages.every((p) => p.kind === 'rewritten' && p.similarity === 0.7)).toBe(true);
  });
});
