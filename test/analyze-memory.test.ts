import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeInput, encodeInput } from '../src/parallel/tasks.js';
import { packTexts, TextList } from '../src/parallel/texts.js';
import { releaseFingerprints } from '../src/provenance/analyze.js';
import { foldedDiffOf, frequentFoldedInGroups, frequentInGroups, type DocScan } from '../src/provenance/stages.js';
import { fingerprint } from '../src/index.js';
import { ROOT } from './helpers.js';

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

  it('counts folded 3-grams held as their difference from the plain ones as it counts the folded arrays', () => {
    let seed = 11;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const ids = Array.from({ length: 200 }, (_, i) => `d${i}`);
    const shared = Array.from({ length: 30 }, () => Math.floor(rnd() * 2 ** 32));
    const draw = (): number => (rnd() < 0.5 ? shared[Math.floor(rnd() * shared.length)]! : Math.floor(rnd() * 2 ** 32));
    const sorted = (s: Set<number>): Uint32Array => Uint32Array.from([...s].sort((a, b) => a - b));
    const grams = ids.map(() => sorted(new Set(Array.from({ length: 25 }, draw))));
    // folded: some plain 3-grams dropped (the ends of the hash range among them), some added
    const folded = grams.map((g, i) => {
      const s = new Set([...g].filter((v, k) => (k + i) % 4 !== 0));
      for (let k = 0; k < 4; k++) s.add(draw());
      if (i % 5 === 0) s.add(0).add(2 ** 32 - 1);
      return sorted(s);
    });
    const groupOf = new Map(ids.map((id, i) => [id, `g${i % 9 === 0 ? 0 : i}`]));
    for (const [slice, minDf] of [[1 << 22, 1], [100, 4], [7, 2], [1, 1]] as const) {
      const want = Array.from(frequentInGroups(ids, folded.map((a) => a.slice()), groupOf, minDf, slice));
      expect(want.length).toBeGreaterThan(5);
      // every other document with a diff, the others with their folded array
      const scans: DocScan[] = ids.map((id, i) => ({ fp: fingerprint({ id, text: 'x' }), grams: grams[i]!.slice(), ...(i % 2 ? { folded: folded[i]!.slice() } : { foldedDiff: foldedDiffOf(grams[i]!, folded[i]!) }) }));
      expect(scans.some((x) => x.foldedDiff!.length > 1)).toBe(true);
      expect(Array.from(frequentFoldedInGroups(ids, scans, groupOf, minDf, slice))).toEqual(want);
      expect(scans.every((x) => x.folded === undefined && x.foldedDiff === undefined && x.grams !== undefined)).toBe(true); // diffs released, plain kept
    }
  });
});

describe('collectGarbage and the host process flags', () => {
  const run = (flags: string[]): string =>
    execFileSync(process.execPath, [...flags, '--import', 'tsx', join(ROOT, 'test', 'fixtures', 'gc-flag.ts')], { cwd: ROOT, encoding: 'utf8' }).trim();

  it('leaves gc exposed for a host started with --expose-gc, and unexposed for one without', () => {
    expect(run(['--expose-gc'])).toBe('function function');
    expect(run([])).toBe('undefined undefined');
  }, 30_000);
});
