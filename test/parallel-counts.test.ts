import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { findPairsInFingerprints } from '../src/compare/pairs.js';
import type { Doc } from '../src/doc.js';
import { corpusCounts, planAnalysis } from '../src/provenance/analyze.js';
import { countSlots, frequentPlainAndFoldedInGroups, frequentPlainAndFoldedInRange, groupMembers, runDocsTask, type DocScan } from '../src/provenance/stages.js';
import { independentGroups, STOCK_DF } from '../src/provenance/passages.js';
import { guidedChunks } from '../src/parallel/analyze.js';
import { U32Arena } from '../src/parallel/arena.js';
import { countGramParts, countsTask, gramRangeShared, hashRanges, joinGramParts, runCountsTask } from '../src/parallel/counts.js';
import { WorkerPool } from '../src/parallel/pool.js';

// a corpus with near-copies (groups of several documents), common and stock 3-grams
const docs: Doc[] = generateCorpus({ size: 300, seed: 5, words: 250, derivedShare: 0.4 });
const plan = planAnalysis(docs, { commonDocFrequency: 3 }, 'test');

/** The scans of analyze, their 3-gram arrays copied into small arena blocks (several documents a block, as analyzeParallel keeps them). */
function scansInArenas(shared = false): DocScan[] {
  const scans = runDocsTask({ docs }, plan.docs);
  const arena = new U32Arena(4096, shared);
  for (const x of scans) for (const k of ['grams', 'folded', 'foldedDiff'] as const) if (x[k]) x[k] = arena.copy(x[k]);
  return scans;
}

/** What the counts give, every array as a plain list. */
const plain = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v));

/** The slot words' document frequencies, taken off the scans (as analyzeParallel counts them when the scans come in). */
function slotDfOf(scans: DocScan[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const x of scans) {
    countSlots(df, x.slots);
    delete x.slots;
  }
  return df;
}

/** A CountsTask of fresh scans. */
function freshTask(candidates: Parameters<typeof countsTask>[2]): ReturnType<typeof countsTask> {
  const scans = scansInArenas();
  return countsTask(docs, scans, candidates, slotDfOf(scans));
}

describe('the corpus counts on a worker (src/parallel/counts.ts)', () => {
  const reference = scansInArenas();
  const candidates = findPairsInFingerprints(reference.map((x) => x.fp), plan.pairOpts);
  const want = plain(corpusCounts(plan, docs, scansInArenas(), candidates));
  const { n, commonDf, alignOpts, docs: docsPlan } = plan;
  const pool = new WorkerPool({ workers: 2 });
  afterAll(() => pool.close());

  it('counts what corpusCounts counts, from 3-gram arrays that share blocks', () => {
    expect(plan.docs.folded).toBe('diff'); // the folded 3-grams as their difference from the plain ones
    const c = JSON.parse(want) as { common: number[]; stock: number[]; frequentSlots: string[] };
    expect(c.common.length).toBeGreaterThan(0);
    expect(c.stock.length).toBeGreaterThan(0);
    expect(c.frequentSlots.length).toBeGreaterThan(0);
    const scans = scansInArenas();
    const task = countsTask(docs, scans, candidates, slotDfOf(scans));
    expect(task.blocks.length).toBeGreaterThan(1);
    expect(task.blocks.length).toBeLessThan(docs.length); // documents share blocks
    expect(scans.every((x) => !x.grams && !x.folded && !x.foldedDiff)).toBe(true); // taken off the scans
    expect(plain(runCountsTask(task, { plan: { n, commonDf, alignOpts, docs: docsPlan } })) === want).toBe(true);
  });

  it('runs on a worker: the blocks are moved there, and the result is the same', async () => {
    const task = freshTask(candidates);
    const blocks = [...task.blocks];
    const out = await pool.runOnWorker('corpusCounts', task, { plan: { n, commonDf, alignOpts, docs: docsPlan } });
    expect(plain(out) === want).toBe(true);
    expect(blocks.every((b) => b.byteLength === 0)).toBe(true); // detached here: moved, not copied
  });

  it('runs in this thread when the pool has one worker', async () => {
    const one = new WorkerPool({ workers: 1 });
    const task = freshTask(candidates);
    expect(plain(await one.runOnWorker('corpusCounts', task, { plan: { n, commonDf, alignOpts, docs: docsPlan } })) === want).toBe(true);
    expect(task.blocks.every((b) => b.byteLength > 0)).toBe(true);
    await one.close();
  });
});

describe('the 3-gram counts in parts of the hash range (countsOnAll)', () => {
  const reference = scansInArenas();
  const candidates = findPairsInFingerprints(reference.map((x) => x.fp), plan.pairOpts);
  const groups = independentGroups(docs, candidates);
  const ids = docs.map((d) => d.id);
  const members = groupMembers(ids, groups);
  const whole = frequentPlainAndFoldedInGroups(ids, scansInArenas(), groups, plan.commonDf, STOCK_DF);

  it('gives, part by part and joined in order, the counts of the whole range', () => {
    expect(members.some((m) => m.length > 1)).toBe(true); // groups of near-copies: the folding changes of a group are counted
    expect(whole.common.length).toBeGreaterThan(100);
    expect(whole.stock.length).toBeGreaterThan(100);
    const scans = scansInArenas();
    for (const parts of [1, 2, 7, 64]) {
      const ranges = hashRanges(parts);
      expect(ranges[0]!.lo).toBe(0);
      expect(ranges.at(-1)!.hi).toBe(2 ** 32);
      const counted = ranges.map((r) => frequentPlainAndFoldedInRange(members, scans, plan.commonDf, STOCK_DF, r, 64)); // small slices: several a part
      counted.forEach((c, k) => expect([...c.common, ...c.stock].every((v) => v >= ranges[k]!.lo && v < ranges[k]!.hi)).toBe(true));
      const joined = joinGramParts([{ parts: [...ranges.keys()].reverse(), results: [...counted].reverse() }], parts);
      expect(plain(joined) === plain(whole)).toBe(true);
    }
    expect(scans.every((x) => x.grams && x.foldedDiff)).toBe(true); // read, not released
  });

  it('is counted by this thread and the workers together from 3-grams in shared memory, each part once', async () => {
    expect(gramRangeShared(scansInArenas(), members, plan.commonDf, STOCK_DF, 8)).toBeNull(); // not in shared memory: not split
    const scans = scansInArenas(true);
    const shared = gramRangeShared(scans, members, plan.commonDf, STOCK_DF, 24)!;
    expect(shared.blocks.length).toBeGreaterThan(1);
    const pool = new WorkerPool({ workers: 2 });
    try {
      const remote = pool.run('gramRange', [0, 1], shared);
      const mine = countGramParts(shared, scans, members);
      const all = [mine, ...(await remote)];
      expect(all.flatMap((p) => p.parts).sort((a, b) => a - b)).toEqual([...Array(24).keys()]);
      expect(plain(joinGramParts(all, 24)) === plain(whole)).toBe(true);
      // the workers alone (this thread may have taken every part above, before they started)
      const byWorkers = await pool.run('gramRange', [0, 1], { ...shared, next: new Int32Array(new SharedArrayBuffer(4)) });
      expect(byWorkers.flatMap((p) => p.parts).sort((a, b) => a - b)).toEqual([...Array(24).keys()]);
      expect(plain(joinGramParts(byWorkers, 24)) === plain(whole)).toBe(true);
      const one = byWorkers.find((p) => p.parts.length > 0)!;
      const short = byWorkers.map((p) => (p === one ? { parts: p.parts.slice(1), results: p.results.slice(1) } : p));
      expect(() => joinGramParts(short, 24)).toThrow(/part \d+ of the 3-gram counts was not counted/); // a part missing is an error, not a gap
    } finally {
      await pool.close();
    }
  });
});

describe('guidedChunks', () => {
  it('keeps every item in order, in slices of at most `most` that shrink towards the end, none below `least` but the last', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i);
    const slices = guidedChunks(xs, 1000, 50, 4);
    expect(slices.flat()).toEqual(xs);
    const sizes = slices.map((s) => s.length);
    expect(sizes[0]).toBe(1000);
    for (let k = 1; k < sizes.length; k++) expect(sizes[k]).toBeLessThanOrEqual(sizes[k - 1]!);
    expect(sizes.slice(0, -1).every((s) => s >= 50)).toBe(true);
    expect(sizes.at(-2)).toBe(50); // the end in small slices
    expect(guidedChunks([], 10, 1, 2)).toEqual([]);
    expect(guidedChunks([1, 2, 3], 10, 5, 2)).toEqual([[1, 2, 3]]);
  });
});

describe('a worker lost in the pair stage of a large corpus', () => {
  it('rejects analyzeParallel with the error, and leaves no rejection unhandled (the attributions still queued)', async () => {
    const { analyzeParallel } = await import('../src/index.js');
    const { LARGE_CORPUS } = await import('../src/parallel/analyze.js');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const saved = LARGE_CORPUS.documents;
    LARGE_CORPUS.documents = 0; // the large path at a small size
    const pool = new WorkerPool({ workers: 2 });
    const run = pool.run.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    // the first pair task kills a worker as it is handed out; the attribution tasks are handed out
    // late (as on a large corpus, where they are still queued when the pair stage starts)
    let killed!: () => void;
    const afterKill = new Promise<void>((r) => (killed = r));
    (pool as unknown as { run: (...args: unknown[]) => Promise<unknown> }).run = (kind, ...rest) => {
      if (kind === 'analyzePairsTokens') {
        void (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0]!.terminate();
        setTimeout(killed, 50);
      }
      if (kind === 'attributions') return afterKill.then(() => run(kind, ...rest));
      return run(kind, ...rest);
    };
    try {
      const corpus = generateCorpus({ size: 400, seed: 7, words: 600, derivedShare: 0.4 });
      await expect(analyzeParallel(corpus, { pool })).rejects.toThrow(/worker/);
      await new Promise((r) => setTimeout(r, 300));
      expect(unhandled).toEqual([]);
    } finally {
      LARGE_CORPUS.documents = saved;
      process.off('unhandledRejection', onUnhandled);
      await pool.close().catch(() => undefined);
    }
  });
});
