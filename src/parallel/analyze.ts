/**
 * `analyze` on worker threads: the per-document and per-pair stages are spread over a
 * `WorkerPool`, the corpus-wide stages (candidates, counts, graph) run in this thread. The
 * result is the `Analysis` of `analyze`, byte for byte, for any number of workers.
 */
import { verifyCandidates, type Pair } from '../compare/pairs.js';
import type { Attribution } from '../attribution/extract.js';
import type { Doc } from '../doc.js';
import type { TokenTable } from '../text/tokenize.js';
import { analyze, corpusCounts, finishAnalysis, planAnalysis, releaseFingerprints, type Analysis, type AnalysisPlan, type AnalyzeOptions } from '../provenance/analyze.js';
import type { PairAnalysis } from '../provenance/graph.js';
import { countSlots, gramsCache, LazyPrepared, type DocScan, type PairsShared, type PairsTask } from '../provenance/stages.js';
import { candidatePairsParallel, withPool } from './index.js';
import { resolveWorkers, type ParallelOptions, type WorkerPool } from './pool.js';

/** Documents per fingerprint-and-scan task, and per attribution task at least. */
const DOC_CHUNK = 128;
/** Candidate pairs per alignment task, at least (each task prepares the texts it needs once). */
const PAIR_CHUNK = 128;
/**
 * Share of the documents whose attributions are queued before the candidate count (the rest
 * after it): the postings build in this thread takes about half as long as the corpus counts.
 */
const EARLY_ATTRIBUTIONS = 1 / 3;

export interface AnalyzeParallelOptions extends AnalyzeOptions, ParallelOptions {
  /** A pool to run on (left open, e.g. shared by several calls); by default one is started and closed for the call. */
  pool?: WorkerPool;
}

/**
 * `analyze` with fingerprinting, alignment and attribution on worker threads (default: all
 * cores; `workers: 1` runs everything in this thread). Same options, same `Analysis`, byte for
 * byte, for any number of workers. Progress is reported once per stage, when it is done.
 *
 * @example
 * const analysis = await analyzeParallel(docs, { workers: 4 });
 */
export async function analyzeParallel(docs: readonly Doc[], opts: AnalyzeParallelOptions = {}): Promise<Analysis> {
  const { workers: _w, pool: _p, ...rest } = opts;
  const plan = planAnalysis(docs, rest, 'analyzeParallel', ['workers', 'pool']);
  // one thread: analyze itself (it keeps the prepared texts of the pair stage for the graph stage)
  if (!opts.pool && resolveWorkers(opts, 'analyzeParallel') === 1) return analyze(docs, rest);
  return withPool(opts, 'analyzeParallel', (pool) => analyzeOnPool(docs, plan, pool, opts.onProgress));
}

/** Runs the pair tasks of one analysis somewhere (a pool, a queue): their outputs, in input order. */
export type PairRunner = (tasks: PairsTask[], shared: PairsShared) => Promise<PairAnalysis[][]>;

/**
 * The stages of a planned analysis: documents and attributions on the pool, candidates,
 * counts and graph in this thread, the pair tasks on the pool or on `runPairs` (the queue of
 * `analyzeDistributed`).
 */
export async function analyzeOnPool(docs: readonly Doc[], plan: AnalysisPlan, pool: WorkerPool, progress?: AnalyzeOptions['onProgress'], runPairs?: PairRunner): Promise<Analysis> {
  const n = docs.length;
  const docTasks = chunks(docs, DOC_CHUNK).map((c) => ({ docs: c.map((d) => ({ id: d.id, text: d.text })) }));
  // slot words counted as the scans come in: 50 strings a document otherwise wait for the corpus counts
  const slotDf = new Map<string, number>();
  const dropSlots = (out: DocScan[]): DocScan[] => {
    for (const x of out) {
      countSlots(slotDf, x.slots);
      delete x.slots;
    }
    return out;
  };
  const scans: DocScan[] = (await pool.run('analyzeDocs', docTasks, plan.docs, dropSlots)).flat();
  progress?.('fingerprint', n, n);
  // attributions keep the workers busy while this thread works alone: a first part while it builds
  // the postings of the candidate count, the rest (queued behind the count tasks) while it takes
  // the corpus counts; one task per worker, as this thread cannot hand out tasks meanwhile
  const early = Math.ceil(n * EARLY_ATTRIBUTIONS);
  const attrEarly = attributionsOnPool(pool, docs.slice(0, early), plan);
  const fps = scans.map((x) => x.fp);
  const counted = candidatePairsParallel(fps, plan.pairOpts, pool); // queues its count tasks before it returns
  const attrLate = attributionsOnPool(pool, docs.slice(early), plan);
  const attributions = Promise.all([attrEarly, attrLate]).then(([a, b]) => [...a, ...b]);
  const candidates = verifyCandidates(fps, await counted, plan.pairOpts);
  releaseFingerprints(fps);
  const shared = corpusCounts(plan, docs, scans, candidates, slotDf);
  const byId = new Map(docs.map((d) => [d.id, d]));
  // on threads, tasks as large as balance allows (a text in pairs of several tasks is prepared in each);
  // on a queue, tasks of PAIR_CHUNK (machines come and go)
  const tasks = pairTasks(candidates, (id) => byId.get(id)!.text, runPairs ? PAIR_CHUNK : Math.max(PAIR_CHUNK, Math.ceil(candidates.length / (8 * pool.size))));
  const { pairs, tokens } = await (runPairs ? runPairs(tasks, shared).then((r) => ({ pairs: r.flat(), tokens: new Map() })) : pairsWithTokens(pool, tasks, shared));
  progress?.('align', candidates.length, candidates.length);
  const attributionList = await attributions;
  progress?.('attribution', n, n);
  // the graph stage weighs word evidence for some documents only: prepared when asked for
  const prepared = new LazyPrepared((id) => byId.get(id)!.text, plan.alignOpts.boilerplate, tokens);
  return finishAnalysis(plan, docs, fps, pairs, attributionList, { prepared, gramsOf: gramsCache(prepared) }, shared);
}

/**
 * The pair tasks on the pool, each giving back the token tables of the documents it is the first
 * to hold, for the graph stage (so that this thread need not scan those texts again).
 */
async function pairsWithTokens(pool: WorkerPool, tasks: PairsTask[], shared: PairsShared): Promise<{ pairs: PairAnalysis[]; tokens: Map<string, TokenTable> }> {
  const seen = new Set<string>();
  const inputs = tasks.map((t) => ({ ...t, tokensOf: t.docs.map((d) => d.id).filter((id) => !seen.has(id) && seen.add(id)) }));
  const out = await pool.run('analyzePairsTokens', inputs, shared);
  const tokens = new Map<string, TokenTable>();
  inputs.forEach((t, k) => t.tokensOf.forEach((id, i) => tokens.set(id, out[k]!.tokens[i]!)));
  return { pairs: out.flatMap((r) => r.pairs), tokens };
}

/** Attributions of some documents in one task per worker, in input order. */
async function attributionsOnPool(pool: WorkerPool, docs: readonly Doc[], plan: AnalysisPlan): Promise<Attribution[][]> {
  const tasks = chunks(docs, Math.max(DOC_CHUNK, Math.ceil(docs.length / pool.size))).map((c) => ({ texts: c.map((d) => d.text) }));
  return (await pool.run('attributions', tasks, plan.attributions)).flat();
}

/** Candidates in tasks of `size` pairs, each with the texts of its documents. */
export function pairTasks(candidates: readonly Pair[], textOf: (id: string) => string, size: number): PairsTask[] {
  return chunks(candidates, size).map((c) => {
    const ids = new Set<string>();
    for (const p of c) ids.add(p.a).add(p.b);
    return { docs: [...ids].map((id) => ({ id, text: textOf(id) })), candidates: c.map((p) => ({ a: p.a, b: p.b, jaccard: p.jaccard, containment: p.containment })) };
  });
}

/** Consecutive slices of `size` items. */
export function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
