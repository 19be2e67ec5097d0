import { describe, expect, it } from 'vitest';
import { mentions } from '../src/attribution/extract.js';
import { builtinGazetteer, Gazetteer } from '../src/attribution/gazetteer.js';
import { mulberry32 } from '../src/sketch/hash.js';

const PIECES = ['AP', 'AFP', 'Reuters', 'Yonhap', 'Yonhap News', 'Agency', 'x', ' ', '(', ')', '1', 'é', '新华社', '연합뉴스', '𝐀', '\ud835', '\udc00', 'Tass', 'ITAR-', 'dpa', '-', 'The ', 'New York Times', 'KCNA', '😀', 'Q新华', 'Q', 'A', 'Ag', 'Th', 'Re', 'Y', '新', '연'];

describe('gazetteer mentions', () => {
  it('are the matches of the gazetteer regex, on random strings, with built-in and odd custom aliases', () => {
    const r = mulberry32(3);
    const gazetteers = [builtinGazetteer(), new Gazetteer([{ id: 'x', name: 'X', kind: 'outlet', aliases: ['😀 News', 'é', '\udc00b', 'Q新华'] }])];
    for (let k = 0; k < 5000; k++) {
      let s = '';
      for (let i = Math.floor(r() * 20); i > 0; i--) s += PIECES[Math.floor(r() * PIECES.length)];
      for (const g of gazetteers) {
        const expected: string[] = [];
        g.re.lastIndex = 0;
        for (let m = g.re.exec(s); m; m = g.re.exec(s)) expected.push(`${m.index}:${m[0]}`);
        expect([...mentions(g, s)].map((m) => `${m.index}:${m[0]}`), JSON.stringify(s)).toEqual(expected);
      }
    }
  });
});
