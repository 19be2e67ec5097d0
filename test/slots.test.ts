import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { foldedIds, slotWords, slotWordsByRegex } from '../src/compare/slots.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { seedDocs } from './helpers.js';

// pieces that exercise every branch: names, figures, number words and their \b, marks, astral letters and digits, lone surrogates
const PIECES = ['A', 'Z', 'a', 'e', 'o', 'n', 't', 'one', 'two', 'ten', 'tens', 'thousand', 'nil', 'x', '_', '1', '9', '.', ',', ':', '/', '-', "'", '’', '&', ' ', '\n', 'É', 'é', 'Ⅻ', '½', '²', '٣', '\u0301', '𝐀', '𝟎', '😀', '\ud835', '\udc00', 'İ', 'ß', 'the', 'The', 'IN', 'U.S.', '3.5', '1,000', 'ONE', 'One'];

describe('slotWords (char-code scan)', () => {
  it('finds the words the slot regex finds, on random strings and spans', () => {
    const r = mulberry32(11);
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      for (let i = Math.floor(r() * 24); i > 0; i--) s += PIECES[Math.floor(r() * PIECES.length)];
      const start = Math.floor(r() * (s.length + 1));
      const span = { start, end: start + Math.floor(r() * (s.length + 2 - start)) };
      expect(slotWords(s, span), JSON.stringify([s, span])).toEqual(slotWordsByRegex(s, span));
    }
  });

  it('finds the words the slot regex finds in whole articles, up to its bound of 400', () => {
    const texts = [...generateCorpus({ size: 40, seed: 3, words: 900 }), ...seedDocs()].map((d) => d.text);
    texts.push(texts.join(' '));
    for (const t of texts) expect(slotWords(t, { start: 0, end: t.length })).toEqual(slotWordsByRegex(t, { start: 0, end: t.length }));
    expect(slotWords(texts.at(-1)!, { start: 0, end: texts.at(-1)!.length })).toHaveLength(400);
  });
});

describe('foldedIds', () => {
  it('folds figures and number words, and nothing for a missing normal form', () => {
    const ids = Uint32Array.from([1, 2, 3, 4, 5, 6, 7]);
    const norms = ['12', 'fifteen', 'twelfth', '½', undefined, '𝟎', 'a1'];
    expect(Array.from(foldedIds({ tokens: { ids, norms } }))).toEqual([0x9e3779b9, 0x9e3779b9, 3, 0x9e3779b9, 5, 0x9e3779b9, 7]);
  });
});
