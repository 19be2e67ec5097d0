import { existsSync } from 'node:fs';
import type { Attribution } from '../attribution/extract.js';
import { intersectionSize } from '../compare/overlap.js';
import { pairOf, type Pair } from '../compare/pairs.js';
import type { Doc } from '../doc.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { candidatePairsParallel, withPool } from '../parallel/index.js';
import { chunks, pairTasks } from '../parallel/analyze.js';
import { resolveWorkers, type ParallelOptions, type WorkerPool } from '../parallel/pool.js';
import type { Fingerprint } from '../sketch/fingerprint.js';
import { corpusCounts, finishAnalysis, planAnalysis, type Analysis, type AnalysisPlan, type AnalyzeOptions } from '../provenance/analyze.js';
import type { PairAnalysis } from '../provenance/graph.js';
import { readsHold, type RecordedPair } from '../provenance/incremental.js';
import { gramsCache, LazyPrepared, type DocScan, type PairsShared } from '../provenance/stages.js';
import { AnalysisCache, optionsKey, pairHash, textHash, type CachedScan } from './analysis-cache.js';
import { openCorpusIndex } from './persistent.js';
import { SqliteStore } from './sqlite.js';
import type { CorpusStore } from './store.js';

/**
 * `analyze` over the documents of a SQLite index, incrementally. Texts are read from the index
 * a batch at a time; each document's scan and attributions, and each candidate pair's result,
 * are kept in the index file (analysis-cache.ts) and reused by the next run:
 * 1. scans: only documents that are new or whose text changed are scanned;
 * 2. candidates: found again over every document's stored fingerprint (whole corpus, exact:
 *    the candidate search has corpus-dependent caps — the document-frequency cap on winnowed
 *    hashes grows with the corpus and a hash crossing it changes old pairs — so candidates
 *    are not patched, they are recomputed; 1–2 s at 20,000 documents); each is verified on its
 *    stored count of shared shingles, or on shingles made again from the texts when it has none;
 * 3. corpus counts: from the stored scans (whole corpus);
 * 4. pairs: a stored result is reused when both texts and the options are the same and what
 *    it read from the corpus counts gives the same under the new counts (each passage's common
 *    flag, each stock-phrase and formula-word answer: provenance/incremental.ts); the others are
 *    aligned (texts read for them only);
 * 5. attributions: stored with the scans;
 * 6. graph: whole corpus, as `analyze`.
 * The result is `analyze` of the same documents in id order, byte for byte (tests prove it).
 */

export interface AnalyzeIndexOptions extends AnalyzeOptions, ParallelOptions {
  /** Ignore stored results: scan and align everything again (and store it). Default false. */
  full?: boolean;
  /** Documents read from the index at a time (scans), and pairs aligned per batch ÷ 2. Default 500. */
  batchSize?: number;
}

/** What an incremental run reused and what it computed. */
export interface IncrementalStats {
  documents: number;
  /** Documents scanned in this run (new, changed, or all with `full`). */
  scanned: number;
  /** Documents whose stored scan was reused. */
  reusedDocuments: number;
  /** Candidate pairs (verified) of the whole corpus. */
  candidates: number;
  /** Stored documents whose shingles were made again from their texts, to verify candidates not verified before. */
  reshingled: number;
  /** Candidate pairs aligned in this run: new pairs, pairs with a changed text, and… */
  aligned: number;
  /** …of those, stored pairs aligned again because what they read from the corpus counts changed (a passage's common flag, a stock or formula-word answer). */
  recounted: number;
  /** Candidate pairs whose stored result was reused. */
  reusedPairs: number;
  /** Stored scans and pairs deleted because their document left the index. */
  dropped: { documents: number; pairs: number };
}

export interface IndexAnalysis {
  analysis: Analysis;
  stats: IncrementalStats;
}

const OWN_OPTIONS = ['workers', 'full', 'batchSize'];

/**
 * Analyses every document of the SQLite index `sqlite` (in id order), reusing what earlier
 * runs stored in the same file; the result equals `analyze` of those documents.
 *
 * @example
 * const { analysis, stats } = await analyzeIndex({ sqlite: 'wire.db' });
 * console.log(`${stats.scanned} new documents, ${stats.aligned} pairs aligned, ${stats.reusedPairs} reused`);
 */
export async function analyzeIndex(target: { sqlite: string }, opts: AnalyzeIndexOptions = {}): Promise<IndexAnalysis> {
  const { workers: _w, full = false, batchSize = 500, ...rest } = opts;
  const c = new OptionChecker('analyzeIndex');
  c.check(typeof target?.sqlite === 'string' && target.sqlite.length > 0, 'sqlite must be a file path');
  c.oneOf('full', opts.full, [true, false]);
  c.int('batchSize', opts.batchSize, 1, 1_000_000);
  c.done();
  resolveWorkers(opts, 'analyzeIndex');
  planAnalysis([], rest, 'analyzeIndex', OWN_OPTIONS); // the options, before opening anything
  if (!existsSync(target.sqlite)) throw new WiretraceError('E_NOT_FOUND', 'analyzeIndex', `${target.sqlite}: no such index (make one with openCorpusIndex, or wiretrace index add)`);
  await (await openCorpusIndex({ sqlite: target.sqlite, readOnly: true })).close(); // an index, not any file
  const index = await openCorpusIndex({ sqlite: target.sqlite });
  try {
    const ids = (await index.ids()).sort();
    if (ids.length === 0) throw new WiretraceError('E_INPUT', 'analyzeIndex', `the index ${target.sqlite} has no documents`);
    const plan = planAnalysis(ids.map((id) => ({ id, text: '' })), rest, 'analyzeIndex', OWN_OPTIONS);
    const cache = new AnalysisCache((index.store as SqliteStore).database(), target.sqlite);
    const run = new IndexRun(index.store, cache, plan, ids, { full, batch: batchSize, progress: opts.onProgress });
    return await withPool(opts, 'analyzeIndex', (pool) => run.analyze(pool));
  } finally {
    await index.close();
  }
}

interface RunOptions {
  full: boolean;
  batch: number;
  progress: AnalyzeOptions['onProgress'];
}

/** One run of analyzeIndex: the stages, in order, over the index's documents. */
class IndexRun {
  private readonly hashes: Buffer[] = [];
  /** Each document's number of shingles; its shingles are in memory only when scanned in this run (`fresh`) or made again for verification. */
  private readonly counts: number[] = [];
  private readonly fresh = new Set<number>();
  private readonly stats: IncrementalStats;
  private readonly scanKey: string;
  private readonly pairKey: string;
  private readonly verifyKey: string;

  constructor(
    private readonly store: CorpusStore,
    private readonly cache: AnalysisCache,
    private readonly plan: AnalysisPlan,
    private readonly ids: readonly string[],
    private readonly o: RunOptions,
  ) {
    this.stats = { documents: ids.length, scanned: 0, reusedDocuments: 0, candidates: 0, reshingled: 0, aligned: 0, recounted: 0, reusedPairs: 0, dropped: { documents: 0, pairs: 0 } };
    this.scanKey = optionsKey({ params: plan.params, attributions: { generic: plan.attributions.generic, sources: plan.attributions.sources ?? null } });
    this.pairKey = optionsKey({ params: plan.params, align: plan.alignOpts });
    this.verifyKey = optionsKey({ params: plan.params });
  }

  async analyze(pool: WorkerPool): Promise<IndexAnalysis> {
    const dropped = this.cache.prune();
    this.stats.dropped = { documents: dropped.scans, pairs: dropped.pairs };
    const { scans, attributions } = await this.scanAll(pool);
    const fps = scans.map((x) => x.fp);
    const candidates = await this.verify(fps, await candidatePairsParallel(fps, this.plan.pairOpts, pool), pool);
    this.stats.candidates = candidates.length;
    const shared = corpusCounts(this.plan, this.ids.map((id) => ({ id, text: '' })), scans, candidates);
    const pairs = await this.pairsOf(candidates, shared, pool);
    for (const f of fps) f.shingles = new Uint32Array(0); // read no more: only ids and token counts from here
    const docs = await this.readDocs(this.ids);
    const byId = new Map(docs.map((d) => [d.id, d]));
    const prepared = new LazyPrepared((id) => byId.get(id)!.text, this.plan.alignOpts.boilerplate);
    const analysis = finishAnalysis(this.plan, docs, fps, pairs, attributions, { prepared, gramsOf: gramsCache(prepared) }, shared);
    return { analysis, stats: this.stats };
  }

  /** Stage 1 and 5: every document's scan and attributions, from the cache or made now, a batch at a time. */
  private async scanAll(pool: WorkerPool): Promise<{ scans: DocScan[]; attributions: Attribution[][] }> {
    const scans: DocScan[] = [];
    const attributions: Attribution[][] = [];
    const n = this.ids.length;
    for (let i = 0; i < n; i += this.o.batch) {
      const docs = await this.readDocs(this.ids.slice(i, i + this.o.batch));
      const hashes = docs.map((d) => textHash(d.text));
      for (const h of hashes) this.hashes.push(h); // not spread: a batch may hold up to 1,000,000
      const cached = docs.map((d, k) => (this.o.full ? undefined : this.cache.scan(d.id, hashes[k]!, this.scanKey, this.plan.params)));
      const todo = docs.flatMap((_, k) => (cached[k] ? [] : [k]));
      const made = await this.scanNow(todo.map((k) => docs[k]!), pool);
      this.cache.putScans(todo.map((k, j) => ({ id: docs[k]!.id, hash: hashes[k]!, cached: made[j]! })), this.scanKey);
      let m = 0;
      for (const x of cached) {
        const y = x ?? made[m++]!;
        if (!x) this.fresh.add(scans.length);
        scans.push(y.scan);
        this.counts.push(y.shingleCount);
        attributions.push(y.attributions);
      }
      this.stats.scanned += todo.length;
      this.stats.reusedDocuments += docs.length - todo.length;
      this.o.progress?.('fingerprint', Math.min(n, i + this.o.batch), n);
    }
    return { scans, attributions };
  }

  /** Scans and attributions of documents, on the pool; every per-document array is made, whatever the corpus size needs. */
  private async scanNow(docs: readonly Doc[], pool: WorkerPool): Promise<CachedScan[]> {
    if (docs.length === 0) return [];
    const parts = chunks(docs, Math.max(16, Math.ceil(docs.length / (2 * pool.size))));
    const scans = (await pool.run('analyzeDocs', parts.map((c) => ({ docs: c.map((d) => ({ id: d.id, text: d.text })) })), { ...this.plan.docs, grams: true, folded: true, slots: true })).flat();
    const attrs = (await pool.run('attributions', parts.map((c) => ({ texts: c.map((d) => d.text) })), this.plan.attributions)).flat();
    return scans.map((scan, k) => ({ scan, shingleCount: scan.fp.shingles.length, attributions: attrs[k]! }));
  }

  /**
   * Stage 2's exact check of the candidates (packed i · n + j, as candidatePairs gives them): the
   * count of shared shingles stored for the pair, or counted now on shingles made again from the
   * texts (documents scanned in this run have theirs), then verifyCandidates' rule (pairOf).
   */
  private async verify(fps: Fingerprint[], keys: Float64Array, pool: WorkerPool): Promise<Pair[]> {
    const n = fps.length;
    const ij = (k: number): [number, number] => {
      const i = Math.floor(keys[k]! / n);
      return [i, keys[k]! - i * n];
    };
    const hash = (i: number, j: number): Buffer => pairHash(this.hashes[i]!, this.hashes[j]!);
    const shared = new Float64Array(keys.length).fill(-1);
    const need = new Set<number>();
    for (let k = 0; k < keys.length; k++) {
      const [i, j] = ij(k);
      const s = this.o.full ? undefined : this.cache.shared(fps[i]!.id, fps[j]!.id, hash(i, j), this.verifyKey);
      if (s !== undefined) shared[k] = s;
      else for (const x of [i, j]) if (!this.fresh.has(x)) need.add(x);
    }
    await this.remakeShingles(fps, [...need].sort((x, y) => x - y), pool);
    this.stats.reshingled = need.size;
    const counted: { a: string; b: string; hash: Buffer; shared: number }[] = [];
    for (let k = 0; k < keys.length; k++) {
      if (shared[k]! >= 0) continue;
      const [i, j] = ij(k);
      shared[k] = intersectionSize(fps[i]!.shingles, fps[j]!.shingles);
      counted.push({ a: fps[i]!.id, b: fps[j]!.id, hash: hash(i, j), shared: shared[k]! });
    }
    this.cache.putShared(counted, this.verifyKey);
    const out: Pair[] = [];
    for (let k = 0; k < keys.length; k++) {
      const [i, j] = ij(k);
      const p = pairOf(fps[i]!.id, fps[j]!.id, this.counts[i]!, this.counts[j]!, shared[k]!, this.plan.pairOpts);
      if (p) out.push(p);
    }
    return out;
  }

  /** The shingles of stored documents (by index), made again from their texts, a batch at a time, on the pool. */
  private async remakeShingles(fps: Fingerprint[], which: readonly number[], pool: WorkerPool): Promise<void> {
    for (let i = 0; i < which.length; i += this.o.batch) {
      const part = which.slice(i, i + this.o.batch);
      const docs = await this.readDocs(part.map((x) => fps[x]!.id));
      const tasks = chunks(docs, Math.max(16, Math.ceil(docs.length / (2 * pool.size)))).map((c) => ({ docs: c.map((d) => ({ id: d.id, text: d.text })) }));
      const made = (await pool.run('fingerprint', tasks, { params: this.plan.params, keepTokens: false })).flat();
      part.forEach((x, k) => (fps[x]!.shingles = made[k]!.shingles));
    }
  }

  /** Stage 4: each candidate's result, stored or aligned now, in candidate order (pairs sharing no passage left out). */
  private async pairsOf(candidates: readonly Pair[], shared: PairsShared, pool: WorkerPool): Promise<PairAnalysis[]> {
    const at = new Map(this.ids.map((id, i) => [id, i]));
    const hashOf = (p: { a: string; b: string }): Buffer => pairHash(this.hashes[at.get(p.a)!]!, this.hashes[at.get(p.b)!]!);
    const slots = shared.frequentSlots ? new Set(shared.frequentSlots) : null;
    const out: PairAnalysis[] = [];
    const step = Math.max(1, this.o.batch * 2);
    for (let i = 0; i < candidates.length; i += step) {
      const batch = candidates.slice(i, i + step);
      const stored = batch.map((p) => (this.o.full ? undefined : this.cache.pair(p.a, p.b, hashOf(p), this.pairKey)));
      const valid = stored.map((r) => (r && readsHold(r.reads, shared, slots) ? r : undefined));
      const todo = batch.filter((_, k) => !valid[k]);
      const made = await this.alignNow(todo, shared, pool);
      this.cache.putPairs(made, hashOf, this.pairKey);
      let m = 0;
      for (const r of valid.map((v) => v ?? made[m++]!)) if (r.result) out.push(r.result);
      this.stats.aligned += todo.length;
      this.stats.recounted += stored.filter((r, k) => r && !valid[k]).length;
      this.stats.reusedPairs += batch.length - todo.length;
      this.o.progress?.('align', i + batch.length, candidates.length);
    }
    return out;
  }

  /** Candidate pairs aligned on the pool, with their texts read from the index for them only. */
  private async alignNow(pairs: readonly Pair[], shared: PairsShared, pool: WorkerPool): Promise<RecordedPair[]> {
    if (pairs.length === 0) return [];
    const need = new Set<string>();
    for (const p of pairs) need.add(p.a).add(p.b);
    const texts = new Map((await this.readDocs([...need])).map((d) => [d.id, d.text]));
    const tasks = pairTasks(pairs, (id) => texts.get(id)!, Math.max(32, Math.ceil(pairs.length / (4 * pool.size))));
    return (await pool.run('recordedPairs', tasks, shared)).flat();
  }

  /** Documents of the index by id, in the order asked. */
  private async readDocs(ids: readonly string[]): Promise<Doc[]> {
    const got = await this.store.docs(ids);
    return ids.map((id) => {
      const d = got.get(id);
      if (!d) throw new WiretraceError('E_STORE', 'analyzeIndex', `document "${id}" left the index during the analysis`);
      return d;
    });
  }
}
