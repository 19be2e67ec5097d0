import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { alignMany, alignPassages, analyze, analyzeParallel, findNearDuplicates, findNearDuplicatesParallel, fingerprint, fingerprintMany, WorkerPool, type Doc, type Fingerprint } from '../src/index.js';
import { candidatePairs, resolvePairOptions } from '../src/compare/pairs.js';
import { candidatePairsParallel } from '../src/parallel/index.js';
import { inPairsOf, inSeveralPairs, LARGE_CORPUS, splitByPairs } from '../src/parallel/analyze.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, seedDocs } from './helpers.js';
import { prepareAlignText } from '../src/compare/align.js';
import { foldedIds } from '../src/compare/template.js';
import { alignStage, LazyPrepared, runAttributionsTask, runDocsTask, runPairsTokensTask } from '../src/provenance/stages.js';
import { corpusCounts, KnownOnly, planAnalysis, releaseFingerprints, sourceAnalysis } from '../src/provenance/analyze.js';
import { findPairsInFingerprints } from '../src/compare/pairs.js';
import { resolveFingerprintParams } from '../src/sketch/fingerprint.js';
import { hashKGram } from '../src/sketch/hash.js';

// Workers here run the TypeScript sources (through tsx), as the built bundles run dist/worker.js.
const docs: Doc[] = [...generateCorpus({ size: 420, seed: 17, words: 250 }), ...seedDocs()];
const WORKERS = [1, 2, 3];

/** Every byte of a fingerprint list, typed arrays included. */
function dump(fps: readonly Fingerprint[]): string {
  return JSON.stringify(fps, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v));
}

describe('fingerprintMany', () => {
  it('gives, for 1, 2 and 3 workers, byte for byte what fingerprint() gives, in input order', async () => {
    const serial = dump(docs.map((d) => fingerprint(d)));
    for (const workers of WORKERS) expect(dump(await fingerprintMany(docs, { workers }))).toBe(serial);
    const lean = dump(docs.map((d) => fingerprint(d, { keepTokens: false, shingleSize: 4 })));
    expect(dump(await fingerprintMany(docs, { workers: 2, keepTokens: false, shingleSize: 4 }))).toBe(lean);
  }, 120_000);

  it('checks documents and options in the calling thread, all problems at once', async () => {
    await expect(fingerprintMany([{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }], { workers: 2 })).rejects.toMatchObject({ code: 'E_INPUT' });
    await expect(fingerprintMany(docs, { workers: 0 })).rejects.toMatchObject({ code: 'E_OPTIONS' });
    await expect(fingerprintMany(docs, { workers: 2, shingleSize: 0, numPerm: 1 })).rejects.toThrow(/2 invalid options/);
  });
});

describe('findNearDuplicatesParallel', () => {
  it('returns the pairs of findNearDuplicates, same order and figures, for 1, 2 and 3 workers', async () => {
    const serial = JSON.stringify(findNearDuplicates(docs, { threshold: 0.2, containment: 0.1 }));
    expect(JSON.parse(serial).length).toBeGreaterThan(50);
    for (const workers of WORKERS) expect(JSON.stringify(await findNearDuplicatesParallel(docs, { workers, threshold: 0.2, containment: 0.1 }))).toBe(serial);
  }, 120_000);
});

describe('candidatePairsParallel', () => {
  it('gives the candidates of candidatePairs when workers count slices of shared postings (2 and 3 workers)', async () => {
    const fps = docs.map((d) => fingerprint(d, { keepTokens: false }));
    for (const containment of [0.25, 0.05]) {
      const po = resolvePairOptions({ containment, maxDocFrequency: 20 }, 'test');
      const want = Array.from(candidatePairs(fps, po));
      expect(want.length).toBeGreaterThan(100);
      for (const workers of [2, 3]) {
        const pool = new WorkerPool({ workers });
        try {
          expect(Array.from(await candidatePairsParallel(fps, po, pool, 0))).toEqual(want);
        } finally {
          await pool.close();
        }
      }
    }
  }, 120_000);
});

describe('alignMany', () => {
  it('aligns every pair like alignPassages, in input order, for 1, 2 and 3 workers', async () => {
    const pairs = findNearDuplicates(docs, { threshold: 0.2, containment: 0.05 }).slice(0, 150);
    // reversed order too: the output follows the input, not the pair order of the corpus
    const input = [...pairs, ...pairs.slice(0, 20).map((p) => ({ a: p.b, b: p.a }))];
    const byId = new Map(docs.map((d) => [d.id, d]));
    const want = input.map((p) => alignPassages(byId.get(p.a)!, byId.get(p.b)!, { minTokens: 6 }));
    expect(want.filter((x) => x.length > 0).length).toBeGreaterThan(100);
    for (const workers of WORKERS) {
      const got = await alignMany(input, byId, { minTokens: 6 }, { workers });
      expect(JSON.stringify(got.map((r) => r.passages))).toBe(JSON.stringify(want));
      expect(got.every((r) => r.coverage.a >= 0 && r.coverage.a <= 1)).toBe(true);
    }
  }, 120_000);

  it('names a pair whose text is missing, and takes texts from a function', async () => {
    await expect(alignMany([{ a: 'nope', b: '000' }], new Map(), {}, { workers: 2 })).rejects.toMatchObject({ code: 'E_INPUT' });
    const seeds = new Map(seedDocs().map((d) => [d.id, d.text]));
    const got = await alignMany([{ a: '000', b: '003' }], (id) => seeds.get(id)!, {}, { workers: 1 });
    expect(got[0]!.passages).toEqual(alignPassages(seeds.get('000')!, seeds.get('003')!));
  });
});

describe('WorkerPool', () => {
  const pool = new WorkerPool({ workers: 2 });
  afterAll(() => pool.close());

  it('is reusable across runs and hands back errors thrown in a worker with their code', async () => {
    const texts = seedDocs().map((d) => d.text);
    const task = { texts, pairs: Uint32Array.of(0, 3, 1, 2) };
    const a = await pool.run('align', [task, task], { options: {} });
    const b = await pool.run('align', [task, task, task], { options: {} });
    expect(JSON.stringify(b.slice(0, 2))).toBe(JSON.stringify(a));
    // options are checked inside the worker here (alignMany checks them before dispatch)
    await expect(pool.run('align', [task, task], { options: { minMatch: 1 } })).rejects.toMatchObject({ code: 'E_OPTIONS', name: 'WiretraceError' });
    // and the pool still works after a failed task
    expect(JSON.stringify(await pool.run('align', [task, task], { options: {} }))).toBe(JSON.stringify(a));
  }, 60_000);
});

describe('analyzeParallel', () => {
  // big enough to cross every threshold: slot words (200 documents), the containment count on
  // workers (2,000), several alignment and document tasks per worker
  const big: Doc[] = [...generateCorpus({ size: 2200, seed: 7, words: 300 }), ...seedDocs()];

  it('gives the JSON of analyze, byte for byte, for 1, 2 and 3 workers (seeds, with options)', async () => {
    const opts = { minTokens: 6, commonDocFrequency: 3, skipSameOutlet: true };
    const want = JSON.stringify(analyze(seedDocs(), opts));
    for (const workers of WORKERS) expect(JSON.stringify(await analyzeParallel(seedDocs(), { ...opts, workers }))).toBe(want);
  }, 120_000);

  it('gives the JSON of analyze, byte for byte, for 1, 2 and 3 workers on a generated corpus past the worker thresholds', async () => {
    const serial = analyze(big);
    // the corpus exercises what can differ: template and common passages, stock phrases, many pairs
    const passages = serial.pairs.flatMap((p) => p.passages);
    expect(serial.pairs.length).toBeGreaterThan(500);
    expect(passages.some((x) => x.common)).toBe(true);
    const want = JSON.stringify(serial);
    for (const workers of WORKERS) expect(JSON.stringify(await analyzeParallel(big, { workers }))).toBe(want);
  }, 300_000);

  it('gives the same JSON on the path of a large corpus (3-grams in a second pass, counted on a worker while the others take the attributions)', async () => {
    const want = JSON.stringify(analyze(big));
    const from = LARGE_CORPUS.documents;
    LARGE_CORPUS.documents = 0;
    try {
      for (const workers of [2, 3]) expect(JSON.stringify(await analyzeParallel(big, { workers }))).toBe(want);
    } finally {
      LARGE_CORPUS.documents = from;
    }
  }, 300_000);

  it('runs on a pool it is given and leaves it open; refuses bad options in the calling thread', async () => {
    const pool = new WorkerPool({ workers: 2 });
    try {
      const want = JSON.stringify(analyze(docs.slice(0, 300)));
      expect(JSON.stringify(await analyzeParallel(docs.slice(0, 300), { pool }))).toBe(want);
      expect(JSON.stringify(await analyzeParallel(docs.slice(0, 300), { pool }))).toBe(want);
    } finally {
      await pool.close();
    }
    await expect(analyzeParallel(docs, { workers: 0 })).rejects.toMatchObject({ code: 'E_OPTIONS' });
    await expect(analyzeParallel(docs, { shingle: 5 } as never)).rejects.toMatchObject({ code: 'E_OPTIONS' });
    await expect(analyzeParallel([{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }])).rejects.toMatchObject({ code: 'E_INPUT' });
  }, 120_000);
});

describe('wiretrace analyze --workers', () => {
  it('writes the same JSON with 1 and 2 worker threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-workers-'));
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, generateCorpus({ size: 400, seed: 3, words: 200 }).map((d) => JSON.stringify({ id: d.id, text: d.text, outlet: d.outlet, publishedAt: d.publishedAt, kind: d.kind })).join('\n'));
    const one = await runCli(['analyze', file, '--format', 'json', '--workers', '1'], dir);
    const two = await runCli(['analyze', file, '--format', 'json', '--workers', '2'], dir);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out).pairs.length).toBeGreaterThan(50);
    expect(two.out).toBe(one.out);
  }, 120_000);
});

describe('the document stage of analyze', () => {
  it('folds figures as foldedIds does on fully prepared texts, computing few normal forms', () => {
    const tricky = 'Ten tens of twenty-one, 1,000 and １２ Ⅻ items; one ones Eleven 3rd 90s nil niles hundred thousands fifteen FIFTY ½ — 7.5% rose.';
    const texts = [tricky, ...docs.slice(0, 60).map((d) => d.text), ...seedDocs().map((d) => d.text)];
    const shared = { params: resolveFingerprintParams({}, 'test'), boilerplate: true, grams: true, folded: true, slots: false };
    const scans = runDocsTask({ docs: texts.map((text, i) => ({ id: `t${i}`, text })) }, shared);
    const grams = (ids: Uint32Array): number[] => [...new Set(Array.from({ length: Math.max(0, ids.length - 2) }, (_, i) => hashKGram(ids, i, 3)))].sort((a, b) => a - b);
    texts.forEach((text, i) => {
      const prepared = prepareAlignText(text);
      expect(Array.from(scans[i]!.folded!)).toEqual(grams(foldedIds(prepared)));
      expect(Array.from(scans[i]!.grams!)).toEqual(grams(prepared.tokens.ids));
    });
    expect(Array.from(scans[0]!.folded!)).not.toEqual(Array.from(scans[0]!.grams!)); // figures were folded
  });
});

describe('the pair stage of analyzeParallel', () => {
  it('gives back, for the graph stage, the token ids and offsets it would scan itself', () => {
    const some = docs.slice(0, 60);
    const plan = planAnalysis(some, {}, 'test');
    const candidates = findNearDuplicates(some, { containment: 0.05 }).slice(0, 20);
    expect(candidates.length).toBeGreaterThan(1);
    const ids = [...new Set(candidates.flatMap((p) => [p.a, p.b]))];
    const byId = new Map(some.map((d) => [d.id, d.text]));
    const shared = { align: plan.alignOpts, common: null, stock: null, frequentSlots: null };
    const out = runPairsTokensTask({ docs: ids.map((id) => ({ id, text: byId.get(id)! })), candidates, tokensOf: ids.slice(1) }, shared);
    expect(out.tokens.length).toBe(ids.length - 1);
    const lazy = new LazyPrepared((id) => byId.get(id)!, plan.alignOpts.boilerplate);
    ids.slice(1).forEach((id, i) => {
      const want = lazy.get(id)!.tokens;
      expect(out.tokens[i]).toEqual({ ids: want.ids, starts: want.starts, ends: want.ends });
    });
    // with those tables given, the lazy texts are the same as scanned ones
    const known = new LazyPrepared((id) => byId.get(id)!, plan.alignOpts.boilerplate, new Map(ids.slice(1).map((id, i) => [id, out.tokens[i]!])));
    for (const id of ids) expect(known.get(id)).toEqual(lazy.get(id));
  });

  it('keeps the token tables of documents in more than one candidate pair', () => {
    const pair = (a: string, b: string) => ({ a, b, jaccard: 0.5, containment: { aInB: 0.5, bInA: 0.5 }, shared: 1 });
    expect([...inSeveralPairs([pair('a', 'b'), pair('c', 'd'), pair('a', 'e'), pair('d', 'f'), pair('g', 'a')])].sort()).toEqual(['a', 'd']);
    // below LARGE_CORPUS, those of every document in a pair
    expect([...inPairsOf([pair('a', 'b'), pair('c', 'a')])].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('the graph stage of analyzeParallel in two steps', () => {
  const pair = (a: string, b: string) => ({ a, b, jaccard: 0.5, containment: { aInB: 0.5, bInA: 0.5 }, shared: 1 });

  it('splits the documents after the first ones into those in a candidate pair and the others, in input order', () => {
    const some = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, text: id }));
    const { inPairs, late } = splitByPairs(some, 1, [pair('e', 'b'), pair('a', 'c')]);
    expect(inPairs.map((d) => d.id)).toEqual(['b', 'c', 'e']);
    expect(late.map((d) => d.id)).toEqual(['d', 'f']);
  });

  it('refuses to read the attributions of a document it was not given (the sourcing step reads those of pairs only)', () => {
    const known = new KnownOnly(new Map([['a', []]]));
    expect(known.get('a')).toEqual([]);
    expect(() => known.get('b')).toThrow(/attributions of "b" were read before they were taken/);
  });

  it('sources the pairs with the attributions of their documents only, then finishes with all of them as analyze does', () => {
    const some = docs.slice(0, 120);
    const whole = analyze(some);
    expect(whole.pairs.length).toBeGreaterThan(3);
    const inPairs = new Set(whole.pairs.flatMap((p) => [p.a, p.b]));
    expect(inPairs.size).toBeLessThan(some.length);
    // the same stages as analyze, the graph started with the attributions of the documents in pairs
    const plan = planAnalysis(some, {}, 'test');
    const scans = runDocsTask({ docs: [...some] }, plan.docs);
    const fps = scans.map((x) => x.fp);
    const candidates = findPairsInFingerprints(fps, plan.pairOpts);
    releaseFingerprints(fps);
    const shared = corpusCounts(plan, some, scans, candidates);
    const { pairs, prepared, gramsOf } = alignStage(some, candidates, shared);
    const list = runAttributionsTask({ texts: some.map((d) => d.text) }, plan.attributions);
    const paired = new Map(some.flatMap((d, i) => (inPairs.has(d.id) ? [[d.id, list[i]!] as const] : [])));
    const finish = sourceAnalysis(plan, some, fps, pairs, paired, { prepared, gramsOf }, shared);
    expect(JSON.stringify(finish(list))).toBe(JSON.stringify(whole));
    // and a pair whose document's attributions are missing is refused, not read as none
    const missing = new Map([...paired].slice(1));
    const again = analyze(some);
    expect(() => sourceAnalysis(plan, some, fps, again.pairs.map((p) => ({ ...p, relation: undefined })), missing, { prepared, gramsOf }, shared)).toThrow(/were read before they were taken/);
  });
});
