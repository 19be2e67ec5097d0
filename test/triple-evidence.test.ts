import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareAlignText } from '../src/compare/align.js';
import type { AlignText } from '../src/compare/align.js';
import { coverMask, gramBits, gramSet, keptGrams, sortedHas, tripleFromBits } from '../src/compare/closeness.js';
import { hashKGram } from '../src/sketch/hash.js';

// The word evidence of sourcing reads, for a text t and two holders x and y, which of t's 3-grams
// over the stretch all three share each holder keeps. It is read from each holder's kept grams,
// looked up once per (t, holder) pair and packed (keptGrams, gramBits, tripleFromBits), instead of
// once per gram and per triple: it must give the counts of a plain lookup of every gram in both
// holders (the oracle below).

/** The triple as the word evidence reads it. */
const fromKeeps = (t: AlignText, mx: Uint8Array, my: Uint8Array, gx: Uint32Array, gy: Uint32Array) => tripleFromBits(gramBits(mx, keptGrams(t, mx, gx)), gramBits(my, keptGrams(t, my, gy)));

/** The counts read directly: each 3-gram of t inside both masks looked up in both holders' grams. */
function oracle(t: AlignText, mx: Uint8Array, my: Uint8Array, gx: Uint32Array, gy: Uint32Array): { n: number; n01: number; n10: number; n00: number } {
  const ids = t.tokens.ids;
  const ev = { n: 0, n01: 0, n10: 0, n00: 0 };
  for (let i = 0; i + 3 <= ids.length; i++) {
    if (!(mx[i] && my[i] && mx[i + 2] && my[i + 2])) continue;
    const h = hashKGram(ids, i, 3);
    const kx = sortedHas(gx, h);
    const ky = sortedHas(gy, h);
    ev.n++;
    if (!kx && ky) ev.n01++;
    else if (kx && !ky) ev.n10++;
    else if (!kx && !ky) ev.n00++;
  }
  return ev;
}
const WORDS = ['seoul', 'said', 'the', 'north', 'missile', 'launch', 'on', 'tuesday', 'officials', 'korea', 'test', 'fired', 'into', 'sea', 'east', 'of'];

// few words, so that the three texts share many grams and each holder keeps some the other lacks
const sentence = fc.array(fc.constantFrom(...WORDS.slice(0, 4)), { minLength: 4, maxLength: 40 }).map((ws) => ws.join(' '));

describe('keptGrams, gramBits and tripleFromBits', () => {
  it('gives the counts of a plain lookup for any text, holders and covered stretches', () => {
    fc.assert(
      fc.property(sentence, sentence, sentence, fc.nat(200), fc.nat(200), fc.nat(200), fc.nat(200), (t, x, y, a, b, c, d) => {
        const T = prepareAlignText(t);
        const span = (p: number, q: number) => {
          const start = p % (t.length + 1);
          return { start, end: start + (q % (t.length - start + 1)) };
        };
        const mx = coverMask(T, [span(a, b)]);
        const my = coverMask(T, [span(c, d), span(a, d)]);
        const gx = gramSet(prepareAlignText(x));
        const gy = gramSet(prepareAlignText(y));
        expect(fromKeeps(T, mx, my, gx, gy)).toEqual(oracle(T, mx, my, gx, gy));
      }),
      { seed: 14, numRuns: 400 },
    );
  });

  it('tells the grams only one holder keeps apart (x keeps the first half, y all of it)', () => {
    const T = prepareAlignText('north korea fired a missile into the sea east of seoul on tuesday officials said');
    const all = coverMask(T, [{ start: 0, end: 500 }]);
    const gx = gramSet(prepareAlignText('north korea fired a missile into the sea'));
    const gy = gramSet(T);
    const ev = fromKeeps(T, all, all, gx, gy);
    expect(ev).toEqual(oracle(T, all, all, gx, gy));
    expect(ev.n01).toBeGreaterThan(0);
    expect(ev.n10).toBe(0);
  });

  it('counts a gram as kept by a holder only where that holder covers it', () => {
    const T = prepareAlignText('north korea fired a missile into the sea east of the peninsula on tuesday');
    const all = coverMask(T, [{ start: 0, end: 200 }]);
    const none = new Uint8Array(all.length);
    const g = gramSet(T);
    // every gram is the holder's own, but outside its stretch nothing is read
    expect([...keptGrams(T, none, g)].every((k) => k === 0)).toBe(true);
    expect(fromKeeps(T, all, all, g, new Uint32Array())).toMatchObject({ n10: oracle(T, all, all, g, new Uint32Array()).n });
  });
});
