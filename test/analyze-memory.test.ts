import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeInput, encodeInput } from '../src/parallel/tasks.js';
import { packTexts, TextList } from '../src/parallel/texts.js';
import { releaseFingerprints } from '../src/provenance/analyze.js';
import { frequentInGroups } from '../src/provenance/stages.js';
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
    for (const kind of ['analyzePairsTokens'] as const) {
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

describe('frequentInGroups', () => {
  // the counting as it was, over one array of every group's hashes
  const naive = (ids: string[], perDoc: Uint32Array[], groupOf: Map<string, string>, minDf: number): number[] => {
    const byGroup = new Map<string, Set<number>>();
    ids.forEach((id, i) => {
      const g = groupOf.get(id)!;
      if (!byGroup.has(g)) byGroup.set(g, new Set());
      for (const v of perDoc[i]!) byGroup.get(g)!.add(v);
    });
    const df = new Map<number, number>();
    for (const s of byGroup.values()) for (const v of s) df.set(v, (df.get(v) ?? 0) + 1);
    return [...df].filter(([, c]) => c >= minDf).map(([v]) => v).sort((a, b) => a - b);
  };

  it('counts each hash once per group, the same in one slice of the hash range or in many', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const ids = Array.from({ length: 300 }, (_, i) => `d${i}`);
    const common = Array.from({ length: 40 }, () => Math.floor(rnd() * 2 ** 32));
    const perDoc = ids.map(() => {
      const s = new Set<number>([0, 2 ** 32 - 1]);
      for (let k = 0; k < 30; k++) s.add(rnd() < 0.5 ? common[Math.floor(rnd() * common.length)]! : Math.floor(rnd() * 2 ** 32));
      return Uint32Array.from([...s].sort((a, b) => a - b));
    });
    const groupOf = new Map(ids.map((id, i) => [id, `g${i % 7 === 0 ? 0 : i}`])); // one group of 43 near-copies
    const want = naive(ids, perDoc, groupOf, 5);
    expect(want.length).toBeGreaterThan(10);
    expect(want).toContain(0); // in every document, but the group of 43 counts once
    for (const slice of [1 << 22, 1000, 37, 1]) {
      expect(Array.from(frequentInGroups(ids, perDoc.map((a) => a.slice()), groupOf, 5, slice))).toEqual(want);
    }
    const arrays: (Uint32Array | undefined)[] = perDoc.map((a) => a.slice());
    frequentInGroups(ids, arrays, groupOf, 5, 50);
    expect(arrays.every((a) => a === undefined)).toBe(true); // released
  });
});
