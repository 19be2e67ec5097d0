import { describe, expect, it } from 'vitest';
import { alignTextOptions } from '../src/compare/align.js';
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
