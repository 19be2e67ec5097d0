import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeInput, encodeInput } from '../src/parallel/tasks.js';
import { packTexts, TextList } from '../src/parallel/texts.js';
import { releaseFingerprints } from '../src/provenance/analyze.js';
import { fingerprint } from '../src/index.js';

// texts as they cross to a worker (src/parallel/texts.ts): every code unit must come back
const TEXTS = ['', 'plain ASCII', 'Café “quoted” — dash', 'emoji 😀 pair', 'lone \ud800 high', 'lone \udc00 low', 'end \ud83d', '한국어 기사', 'long '.repeat(20_000)];

describe('packed texts', () => {
  it('gives back every text, lone surrogates included, one at a time', () => {
    const list = new TextList(packTexts(TEXTS));
    expect(list.length).toBe(TEXTS.length);
    for (let i = 0; i < TEXTS.length; i++) expect(list.at(i)).toBe(TEXTS[i]);
    expect(list.at(TEXTS.length)).toBeUndefined();
    expect(list.at(-1)).toBeUndefined();
  });

  it('stores UTF-8 where it can: smaller than the UTF-16 a clone carries', () => {
    const text = 'A news “story” — with quotes. '.repeat(100);
    const p = packTexts([text]);
    expect(p.bytes.length).toBe(Buffer.byteLength(text, 'utf8'));
    expect(p.bytes.length).toBeLessThan(0.65 * 2 * text.length);
    expect(p.wide[0]).toBe(0);
    expect(packTexts(['lone \ud800']).wide[0]).toBe(1);
  });

  it('moves the texts of document and attribution tasks, and gives the task what it was given', () => {
    const docs = TEXTS.map((text, i) => ({ id: `d${i}`, text }));
    for (const kind of ['analyzeDocs', 'fingerprint', 'analyzePairsTokens'] as const) {
      const input = { docs, candidates: [], tokensOf: ['d1'] };
      const { data, transfer } = encodeInput(kind, input);
      expect(transfer.length).toBeGreaterThan(0);
      expect(decodeInput(kind, structuredClone(data, { transfer }))).toEqual(input);
    }
    const { data, transfer } = encodeInput('attributions', { texts: TEXTS });
    const got = decodeInput('attributions', structuredClone(data, { transfer })) as { texts: TextList };
    expect(Array.from({ length: got.texts.length }, (_, i) => got.texts.at(i))).toEqual(TEXTS);
    expect(encodeInput('count', { fromSet: 0, untilSet: 1 })).toEqual({ data: { fromSet: 0, untilSet: 1 }, transfer: [] });
  });
});

describe('releaseFingerprints', () => {
  it('keeps ids and token counts, drops the hashes', () => {
    const f = fingerprint({ id: 'a', text: 'one two three four five six seven eight nine ten' });
    releaseFingerprints([f]);
    expect([f.id, f.tokenCount, f.shingles.length, f.signature.length, f.winnowed.length]).toEqual(['a', 10, 0, 0, 0]);
  });
});
