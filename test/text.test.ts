import { describe, expect, it } from 'vitest';
import { findBoilerplate, normalizeText, normalizeToken, tokenize } from '../src/index.js';
import { seedDocs } from './helpers.js';
import { coveredShare, endsAbbreviation, endsAbbreviationRe, spanChars, splitSentences, uncovered } from '../src/text/sentences.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { isStopword, resolveTextOptions, scanTokens, scanTokensWithStops } from '../src/text/tokenize.js';

describe('tokenize', () => {
  it('keeps offsets into the original text for every token of every seed', () => {
    for (const d of seedDocs()) {
      const toks = tokenize(d.text, { boilerplate: false });
      expect(toks.length).toBeGreaterThan(250);
      for (const t of toks) expect(normalizeToken(d.text.slice(t.start, t.end))).toBe(t.norm);
      for (let i = 1; i < toks.length; i++) expect(toks[i]!.start).toBeGreaterThanOrEqual(toks[i - 1]!.end);
    }
  });

  it.each([
    ['Russia’s car', ['russia', 'car']],
    ["Don't stop", ['dont', 'stop']],
    ['Kim Yo-jong', ['kim', 'yo', 'jong']],
    ['ＦＵＬＬ width', ['full', 'width']],
    ['“Quoted” — dash', ['quoted', 'dash']],
    ['Ünïcödé naïve', ['ünïcödé', 'naïve']],
    ['1,000 cars', ['1', '000', 'cars']],
    ['', []],
    ['   \n\t ', []],
  ])('%j → %j', (text, norms) => {
    expect(tokenize(text).map((t) => t.norm)).toEqual(norms);
  });

  it('splits CJK into characters and keeps Hangul words', () => {
    expect(tokenize('普京送车 푸틴 선물').map((t) => t.norm)).toEqual(['普', '京', '送', '车', '푸틴', '선물']);
  });

  it('survives lone surrogates, astral characters and binary noise', () => {
    const text = 'ok \uD800 broken \uDC00 𝐁𝐨𝐥𝐝 😀 end\u0000\u0001\uFFFF';
    const toks = tokenize(text);
    expect(toks.map((t) => t.norm)).toEqual(['ok', 'broken', 'bold', 'end']);
    for (const t of toks) expect(t.end).toBeLessThanOrEqual(text.length);
  });

  it('stems with Porter when asked, and drops stop words when asked', () => {
    expect(tokenize('The leaders reported relations', { stem: true }).map((t) => t.norm)).toEqual(['the', 'leader', 'report', 'relat']);
    expect(tokenize('The leaders reported to the agency', { dropStopwords: true }).map((t) => t.norm)).toEqual(['leaders', 'reported', 'agency']);
  });

  it('rejects a non-string with a named error', () => {
    expect(() => tokenize(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => tokenize('x', { stem: 'yes' as unknown as boolean })).toThrow(expect.objectContaining({ code: 'E_OPTIONS' }));
  });
});

describe('boilerplate', () => {
  const text = [
    'SEOUL, Feb. 20 (Yonhap) -- North Korean leader Kim Jong-un received a car.',
    'by Zain ul Abedin',
    '© Matthew Stockman/Getty Images',
    'Kim and Putin (Credits: UPI) met.',
    'Advertisement',
    'Leave a Reply',
    'The gift was delivered on Sunday. (END)',
  ].join('\n');

  it('finds datelines, bylines, credits, widgets and end marks as exact spans', () => {
    const spans = findBoilerplate(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual([
      'SEOUL, Feb. 20 (Yonhap) -- ',
      'by Zain ul Abedin',
      '© Matthew Stockman/Getty Images',
      '(Credits: UPI)',
      'Advertisement',
      'Leave a Reply',
      '(END)',
    ]);
  });

  it('trims lines as String.prototype.trim does and finds every parenthesised credit and end mark', () => {
    const long = 'Officials said the talks would resume. '.repeat(6);
    const t = [
      '\u00a0\u3000Advertisement\ufeff',
      `PYONGYANG, Feb 20 (AFP) - ${long}`,
      `Kim (CREDITS : Reuters Ltd) met (photo: AFP) Putin (the (Source: x) one) (MORE)`,
      `${long}/END/`,
      'Ahead (Reuters) -- no dateline: lower case after the capital',
    ].join('\n');
    expect(findBoilerplate(t).map((s) => t.slice(s.start, s.end))).toEqual(['Advertisement', 'PYONGYANG, Feb 20 (AFP) - ', '(CREDITS : Reuters Ltd)', '(photo: AFP)', '(Source: x)', '(MORE)', '/END/']);
  });

  it('leaves boilerplate tokens out while keeping offsets exact', () => {
    const toks = tokenize(text);
    const norms = toks.map((t) => t.norm);
    for (const gone of ['seoul', 'yonhap', 'zain', 'getty', 'upi', 'advertisement', 'reply', 'end']) expect(norms).not.toContain(gone);
    expect(norms.slice(0, 4)).toEqual(['north', 'korean', 'leader', 'kim']);
    expect(text.slice(toks[0]!.start, toks[0]!.end)).toBe('North');
    expect(tokenize(text, { boilerplate: false }).map((t) => t.norm)).toContain('yonhap');
  });
});

describe('normalizeText', () => {
  it('folds NFKC, quotes, dashes, whitespace and case', () => {
    expect(normalizeText('  “Ｈｉ”  —\n‘there’ ')).toBe('"hi" - \'there\'');
  });
});

describe('splitSentences', () => {
  it('tells abbreviations and initials before a period by char code as the regexes do, on random strings', () => {
    const pieces = ['U.N', 'u.s', 'Feb', 'Mr', 'mr', 'J', 'j', 'É', 'é', 'Ü.N', 'No', 'vs', 'etc', 'x', ' ', '.', '..', '1', 'Sept', 'Gen', 'ß', '𝐀', 'ab', 'ABC', '-', '\n', 'Dr', 'Jr', 'St', 'Ltd', 'Inc'];
    const r = mulberry32(5);
    let abbreviations = 0;
    for (let k = 0; k < 20000; k++) {
      let s = '';
      for (let i = Math.floor(r() * 6); i > 0; i--) s += pieces[Math.floor(r() * pieces.length)];
      const from = Math.floor(r() * (s.length + 1));
      const want = endsAbbreviationRe(s.slice(from));
      if (want) abbreviations++;
      expect(endsAbbreviation(s, from, s.length), JSON.stringify([s, from])).toBe(want);
    }
    expect(abbreviations).toBeGreaterThan(1000);
    expect(splitSentences('Mr. Kim met U.N. envoys. Donald J. Trump said so. It ended.').map((x) => x.start)).toEqual([0, 25, 50]);
  });
});

describe('scanTokensWithStops', () => {
  it('flags the tokens whose normal form is a stop word, as isStopword of each norm, while the memo grows', () => {
    const opts = resolveTextOptions({ stem: true, boilerplate: false }, 'test');
    const r = mulberry32(21);
    const words = ['the', 'The', 'of', 'and', 'was', 'is', 'Kim', 'car', 'gift', 'its', 'it’s', "don't", 'über', 'ab', 'A', 'I'];
    let stops = 0;
    for (let k = 0; k < 300; k++) {
      // fresh tokens each time, so that the memo grows (and is rebuilt) between scans
      const text = Array.from({ length: 200 }, (_, i) => (r() < 0.5 ? words[Math.floor(r() * words.length)] : `w${k}x${i}${Math.floor(r() * 1e6)}`)).join(' ');
      const { tokens, stop } = scanTokensWithStops(text, opts);
      expect(tokens).toEqual(scanTokens(text, opts, true));
      expect(Array.from(stop)).toEqual(tokens.norms!.map((n) => (isStopword(n) ? 1 : 0)));
      stops += stop.reduce((a, b) => a + b, 0);
    }
    expect(stops).toBeGreaterThan(5000);
  });
});

describe('span measures', () => {
  it('counts the characters of spans and the share of them another set of spans covers', () => {
    expect(spanChars([{ start: 0, end: 10 }, { start: 20, end: 25 }])).toBe(15);
    expect(coveredShare([{ start: 0, end: 10 }, { start: 20, end: 30 }], [{ start: 5, end: 25 }])).toBe(0.5);
    expect(coveredShare([{ start: 0, end: 10 }], [{ start: 10, end: 20 }])).toBe(0);
    expect(coveredShare([], [{ start: 0, end: 10 }])).toBeUndefined();
  });

  it('gives the parts of spans another set of spans leaves uncovered', () => {
    expect(uncovered([{ start: 0, end: 10 }, { start: 20, end: 30 }], [{ start: 5, end: 25 }])).toEqual([{ start: 0, end: 5 }, { start: 25, end: 30 }]);
    expect(uncovered([{ start: 0, end: 30 }], [{ start: 5, end: 10 }, { start: 15, end: 20 }])).toEqual([{ start: 0, end: 5 }, { start: 10, end: 15 }, { start: 20, end: 30 }]);
    expect(uncovered([{ start: 0, end: 10 }], [{ start: 0, end: 10 }])).toEqual([]);
  });
});
