import { readdirSync, readFileSync } from 'node:fs';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { porterStem } from '../src/text/porter.js';

/** natural's stem of each word, and porter.ts's where they differ (none expected). */
function differences(words: Iterable<string>): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const w of words) {
    const want = PorterStemmer.stem(w);
    const got = porterStem(w);
    if (got !== want && out.length < 10) out.push([w, want, got]);
  }
  return out;
}

/** Every suffix the steps read, and a few endings around them (y after a vowel, doubled letters, w/x/y). */
const SUFFIXES = ['s', 'es', 'sses', 'ies', 'eed', 'ed', 'ing', 'y', 'e', 'll', 'l', 'at', 'bl', 'iz', 'ational', 'tional', 'enci', 'anci', 'izer', 'abli', 'bli', 'alli', 'entli', 'eli', 'ousli', 'ization', 'ation', 'ator', 'alism', 'iveness', 'fulness', 'ousness', 'aliti', 'iviti', 'biliti', 'logi', 'icate', 'ative', 'alize', 'iciti', 'ical', 'ful', 'ness', 'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'sion', 'tion', 'ion', 'ss', 'yy', 'ey', 'ay', 'w', 'x', 'z'];

describe('porterStem (natural’s Porter stemmer without regular expressions)', () => {
  it('stems as natural does every word of the seeds and of a generated corpus', () => {
    const words = new Set<string>();
    for (const f of readdirSync('seeds')) for (const w of readFileSync(`seeds/${f}`, 'utf8').toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
    for (const d of generateCorpus({ size: 300, seed: 7, words: 600 })) for (const w of d.text.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
    expect(words.size).toBeGreaterThan(5000);
    expect(differences(words)).toEqual([]);
  });

  it('stems as natural does every word of up to six letters over a small alphabet (the consonant/vowel patterns, y and doubled letters)', () => {
    const words: string[] = [];
    const grow = (p: string, k: number): void => {
      if (p) words.push(p);
      if (k > 0) for (const c of 'abeilsty') grow(p + c, k - 1);
    };
    grow('', 6);
    expect(differences(words)).toEqual([]);
  });

  it('stems as natural does stems followed by one to three of the suffixes the steps read', () => {
    const rand = mulberry32(11);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const words: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      let w = '';
      for (let n = Math.floor(rand() * 7); n > 0; n--) w += letters[Math.floor(rand() * 26)];
      for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) w += SUFFIXES[Math.floor(rand() * SUFFIXES.length)];
      words.push(w);
    }
    for (const a of SUFFIXES) for (const b of SUFFIXES) for (const s of ['', 'b', 'tr', 'a', 'y', 'hop', 'by', 'ay', 'cry']) words.push(s + a + b, s + a);
    expect(differences(words)).toEqual([]);
  });

  it('leaves words of fewer than three letters as they are', () => {
    for (const w of ['a', 'is', 'ys', 'ed']) expect(porterStem(w)).toBe(w);
  });
});
