/**
 * `analyze` on worker threads: the per-document and per-pair stages are spread over a
 * `WorkerPool`, the corpus-wide stages (candidates, counts, graph) run in this thread (on a
 * large corpus, the counts on a worker: src/parallel/counts.ts). The
 * result is the `Analysis` of `analyze`, byte for byte, for any number of workers.
 */
import { verifyCandidates, type Pair } from '../compare/pairs.js';
import type { Attribution } from '../attribution/extract.js';
import type { Doc } from '../doc.js';
import type { TokenTable } from '../text/tokenize.js';
import { analyze, corpusCounts, corpusCountsWith, countsBothAtOnce, planAnalysis, sourceAnalysis, releaseFingerprints, type Analysis, type AnalysisPlan, type AnalyzeOptions } from '../provenance/analyze.js';
import { independentGroups, STOCK_DF } from '../provenance/passages.js';
import type { PairAnalysis } from '../provenance/graph.js';
import { countSlots, gramsCache, groupMembers, LazyPrepared, type DocScan, type DocsShared, type DocsTask, type PairsShared, type PairsTask } from '../provenance/stages.js';
import { U32Arena } from './arena.js';
import { countGramParts, countsTask, gramRangeShared, joinGramParts } from './counts.js';
import { collectGarbage } from './collect.js';
import { candidatePairsParallel, withPool } from './index.js';
import { resolveWorkers, type ParallelOptions, type WorkerPool } from './pool.js';

/** Documents per fingerprint-and-scan task, and per attribution task at least. */
const DOC_CHUNK = 128;
/** Candidate pairs per alignment task, at least (each task prepares the texts it needs once). */
const PAIR_CHUNK = 128;
/**
 * On a large corpus, the share of the documents whose attributions are queued before the
 * candidate count, to keep the workers busy while this thread builds the postings (the rest are
 * taken while a worker counts): a share small enough that the packed texts in flight (~45 MB a
 * worker at 100,000 articles) stay clear of the peak RSS, which is reached about then. Below
 * LARGE_CORPUS none: the workers build the postings with this thread (a third of the documents
 * went first before, ~0.3 s of attributions a worker, which the end of the run now takes while
 * this thread sources the pairs).
 */
const EARLY_LARGE = 1 / 5;

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
  const large = n >= LARGE_CORPUS.documents;
  const docTasks = chunks(docs, DOC_CHUNK).map((c) => ({ docs: c.map((d) => ({ id: d.id, text: d.text })) }));
  const firstPass = large ? { ...plan.docs, grams: false, folded: false } : plan.docs;
  // below LARGE_CORPUS the winnowed hashes and the 3-grams are kept in shared memory, where the
  // workers read them too (the postings: candidatePairsParallel; the counts: countsOnAll)
  const { scans, slotDf } = await scanDocs(pool, docTasks, firstPass, !large && pool.size > 1);
  progress?.('fingerprint', n, n);
  const fps = scans.map((x) => x.fp);
  // attributions keep the workers busy while this thread works alone: on a large corpus a first
  // part while it builds the postings of the candidate count (one task per worker, as it cannot
  // hand out tasks meanwhile) and the rest while a worker takes the corpus counts (largeCounts);
  // below LARGE_CORPUS those of documents in candidate pairs after the counts (the sourcing of the
  // pairs reads them), and the others, which only the last step of the graph reads, while it sources the pairs
  const early = large ? Math.ceil(n * EARLY_LARGE) : 0;
  const attrEarly = handled(attributionsOnPool(pool, docs.slice(0, early), plan));
  const counted = candidatePairsParallel(fps, plan.pairOpts, pool, undefined, true); // queues its count tasks before it returns
  const candidates = verifyCandidates(fps, await counted, plan.pairOpts);
  collectIfReleased(releaseFingerprints(fps));
  // on a large corpus all of them now: the last ones, one task per worker, held ~80 MB of packed
  // texts each beside the graph stage at 100,000 articles (peak RSS 1,943 MiB in one run, ~1,865 before)
  const { inPairs, late } = large ? { inPairs: docs.slice(early), late: [] } : splitByPairs(docs, early, candidates);
  const { shared, attributions: rest } = large ? await largeCounts(pool, docs, plan, docTasks, scans, candidates, slotDf, inPairs) : await countsOnAll(pool, plan, docs, scans, candidates, slotDf, () => handled(attributionsOnPool(pool, inPairs, plan)));
  const byId = new Map(docs.map((d) => [d.id, d]));
  // on threads, tasks as large as balance allows (a text in pairs of several tasks is prepared in each);
  // on a queue, tasks of PAIR_CHUNK (machines come and go)
  const textOf = (id: string): string => byId.get(id)!.text;
  const tasks = runPairs ? pairTasks(candidates, textOf, PAIR_CHUNK) : pairTasksOf(guidedChunks(candidates, Math.max(PAIR_CHUNK, Math.ceil(candidates.length / (8 * pool.size))), PAIR_CHUNK, 2 * pool.size), textOf);
  const paired = runPairs ? runPairs(tasks, shared).then((r) => ({ pairs: r.flat(), tokens: new Map<string, TokenTable>() })) : pairsWithTokens(pool, tasks, shared, large ? inSeveralPairs(candidates) : inPairsOf(candidates));
  // queued behind the pair tasks, one task per worker: this thread cannot hand out tasks while it sources the pairs
  const attrLate = handled(attributionsOnPool(pool, late, plan));
  const { pairs, tokens } = await paired;
  progress?.('align', candidates.length, candidates.length);
  const known = new Map<string, Attribution[]>();
  const [first, second] = await Promise.all([attrEarly, rest]);
  docs.slice(0, early).forEach((d, i) => known.set(d.id, first[i]!));
  inPairs.forEach((d, i) => known.set(d.id, second[i]!));
  // the graph stage weighs word evidence for some documents only: prepared when asked for
  const prepared = new LazyPrepared((id) => byId.get(id)!.text, plan.alignOpts.boilerplate, tokens);
  const finish = sourceAnalysis(plan, docs, fps, pairs, known, { prepared, gramsOf: gramsCache(prepared) }, shared);
  (await attrLate).forEach((a, i) => known.set(late[i]!.id, a));
  progress?.('attribution', n, n);
  return finish(docs.map((d) => known.get(d.id)!));
}

/**
 * The documents from `from` on, in input order: those in a candidate pair (whose attributions the
 * sourcing of the graph reads) and the others (read only by its last step: citations, origins).
 */
export function splitByPairs(docs: readonly Doc[], from: number, candidates: readonly Pair[]): { inPairs: Doc[]; late: Doc[] } {
  const paired = inPairsOf(candidates);
  const inPairs: Doc[] = [];
  const late: Doc[] = [];
  for (let i = from; i < docs.length; i++) (paired.has(docs[i]!.id) ? inPairs : late).push(docs[i]!);
  return { inPairs, late };
}

/**
 * A promise awaited later, marked handled now: if a worker dies in the pair stage, the pool
 * rejects the attribution tasks still queued before anything awaits them, and an unhandled
 * rejection ends the process (Node 20) instead of rejecting `analyzeParallel`. The `await` later
 * still throws the error to the caller.
 */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * From this many documents `analyzeParallel` puts memory before overlap (peak RSS at 100,000
 * generated articles, in traced runs: 2,233 → 1,874 MiB): the 3-grams of the corpus counts are
 * taken in a second pass over the texts once the candidates are verified, so that they and the
 * fingerprints are never held together (233 MiB each), and the attributions in tasks of
 * ATTRIBUTION_CHUNK documents, not of a third of the texts each (packed texts that the workers
 * held beside everything else). The counts then run on one worker while the others take the
 * attributions (largeCounts): counted in this thread, both workers waited ~7–10 s. Below it the
 * memory is small and the overlap of the small path is worth more.
 */
export const LARGE_CORPUS = { documents: 50_000 };

/** The document tasks, their scans kept in arenas (scanKeeper) and their slot words counted as they come in. */
async function scanDocs(pool: WorkerPool, tasks: DocsTask[], shared: DocsShared, inSharedMemory: boolean): Promise<{ scans: DocScan[]; slotDf: Map<string, number> }> {
  // slot words counted as the scans come in: 50 strings a document otherwise wait for the corpus counts
  const slotDf = new Map<string, number>();
  const keep = scanKeeper(inSharedMemory);
  const each = (out: DocScan[]): DocScan[] => {
    for (const x of out) {
      countSlots(slotDf, x.slots);
      delete x.slots;
      keep(x);
    }
    return out;
  };
  return { scans: (await pool.run('analyzeDocs', tasks, shared, each)).flat(), slotDf };
}

/** corpusCounts in this thread, the garbage collected if its 3-grams were large. */
function countsHere(plan: AnalysisPlan, docs: readonly Doc[], scans: DocScan[], candidates: readonly Pair[], slotDf: Map<string, number>): PairsShared {
  const gramBytes = scans.reduce((b, x) => b + (x.grams?.byteLength ?? 0), 0);
  const shared = corpusCounts(plan, docs, scans, candidates, slotDf);
  collectIfReleased(gramBytes);
  return shared;
}

/**
 * The corpus stage below LARGE_CORPUS: the 3-gram counts in parts of the hash range taken by this
 * thread and the workers together (src/parallel/counts.ts), the attribution tasks of `queueAfter`
 * queued behind the workers' part (so a worker counts first, then takes them). Where the counts
 * cannot be split (other options, one worker, 3-grams not in shared memory): all here, as before.
 */
async function countsOnAll(
  pool: WorkerPool,
  plan: AnalysisPlan,
  docs: readonly Doc[],
  scans: DocScan[],
  candidates: readonly Pair[],
  slotDf: Map<string, number>,
  queueAfter: () => Promise<Attribution[][]>,
): Promise<{ shared: PairsShared; attributions: Promise<Attribution[][]> }> {
  if (!countsBothAtOnce(plan) || pool.size === 1) {
    const attributions = queueAfter();
    return { shared: countsHere(plan, docs, scans, candidates, slotDf), attributions };
  }
  const groups = independentGroups(docs, candidates);
  const ids = docs.map((d) => d.id);
  const members = groupMembers(ids, groups);
  const parts = GRAM_PARTS_PER_THREAD * (pool.size + 1);
  const rangeShared = gramRangeShared(scans, members, plan.commonDf, STOCK_DF, parts);
  if (!rangeShared) {
    const attributions = queueAfter();
    return { shared: countsHere(plan, docs, scans, candidates, slotDf), attributions };
  }
  const gramBytes = scans.reduce((b, x) => b + (x.grams?.byteLength ?? 0), 0);
  const remote = pool.run('gramRange', Array.from({ length: pool.size }, (_, k) => k), rangeShared);
  // handled if this thread's own part throws first: a worker's failure then is no unhandled rejection
  remote.catch(() => {});
  const attributions = queueAfter();
  const mine = countGramParts(rangeShared, scans, members);
  const both = joinGramParts([mine, ...(await remote)], parts);
  const shared = corpusCountsWith(plan, ids, scans, groups, slotDf, both);
  collectIfReleased(gramBytes);
  return { shared, attributions };
}

/** Parts of the hash range per counting thread in countsOnAll: small enough that a thread that starts late takes fewer (each part reads every document's slice of it). */
const GRAM_PARTS_PER_THREAD = 2;

/**
 * The corpus stage of a large corpus: the 3-grams in a second pass over the texts, counted on one
 * worker (src/parallel/counts.ts) while the others, and all of them once it is done, take the
 * attributions in tasks of ATTRIBUTION_CHUNK documents, handed out by this thread meanwhile.
 * Counted here (~7–10 s at 100,000 articles), both workers waited.
 */
async function largeCounts(
  pool: WorkerPool,
  docs: readonly Doc[],
  plan: AnalysisPlan,
  docTasks: DocsTask[],
  scans: DocScan[],
  candidates: readonly Pair[],
  slotDf: Map<string, number>,
  attributionDocs: readonly Doc[],
): Promise<{ shared: PairsShared; attributions: Promise<Attribution[][]> }> {
  if (!plan.docs.grams && !plan.docs.folded) return { shared: countsHere(plan, docs, scans, candidates, slotDf), attributions: attributionsOnPool(pool, attributionDocs, plan, ATTRIBUTION_CHUNK) };
  await gramsOnPool(pool, docTasks, plan.docs, scans);
  // one thread: nothing to overlap, and counted here the 3-grams are let go of and collected
  if (pool.size === 1) return { shared: countsHere(plan, docs, scans, candidates, slotDf), attributions: attributionsOnPool(pool, attributionDocs, plan, ATTRIBUTION_CHUNK) };
  // countsTask detaches the scans' arena blocks: gramsOnPool's arena is no longer written to
  const { n, commonDf, alignOpts, docs: docsPlan } = plan;
  const counted = pool.runOnWorker('corpusCounts', countsTask(docs, scans, candidates, slotDf), { plan: { n, commonDf, alignOpts, docs: docsPlan } });
  const attributions = attributionsOnPool(pool, attributionDocs, plan, ATTRIBUTION_CHUNK);
  return { shared: await counted, attributions };
}

/** Documents per attribution task on a large corpus (~2 MB of packed texts; this thread is free to hand them out). */
const ATTRIBUTION_CHUNK = 512;

/** The second pass of a large corpus: each document's 3-grams and folded 3-grams, into its scan. */
async function gramsOnPool(pool: WorkerPool, tasks: DocsTask[], docsShared: DocsShared, scans: DocScan[]): Promise<void> {
  const keep = scanKeeper();
  const starts: number[] = [];
  tasks.reduce((at, t) => (starts.push(at), at + t.docs.length), 0);
  await pool.run('analyzeDocs', tasks, { ...docsShared, slots: false, gramsOnly: true }, (out, k) => {
    out.forEach((x, i) => {
      keep(x);
      const scan = scans[starts[k]! + i]!;
      for (const key of ['grams', 'folded', 'foldedDiff'] as const) if (x[key]) scan[key] = x[key];
    });
    return [];
  });
}

/**
 * The pair tasks on the pool, each giving back the token tables of the documents in `wanted` it is
 * the first to hold, for the graph stage (so that this thread need not scan those texts again).
 */
async function pairsWithTokens(pool: WorkerPool, tasks: PairsTask[], shared: PairsShared, wanted: ReadonlySet<string>): Promise<{ pairs: PairAnalysis[]; tokens: Map<string, TokenTable> }> {
  const seen = new Set<string>();
  const inputs = tasks.map((t) => ({ ...t, tokensOf: t.docs.map((d) => d.id).filter((id) => wanted.has(id) && !seen.has(id) && seen.add(id)) }));
  const out = await pool.run('analyzePairsTokens', inputs, shared);
  const tokens = new Map<string, TokenTable>();
  inputs.forEach((t, k) => t.tokensOf.forEach((id, i) => tokens.set(id, out[k]!.tokens[i]!)));
  return { pairs: out.flatMap((r) => r.pairs), tokens };
}

/**
 * The documents in more than one candidate pair: those whose word evidence the graph stage
 * mostly weighs (it compares a document's wording with two others'). Their token tables come back
 * from the pair tasks; the few others it asks for are scanned again. Measured at 20,000 generated
 * articles: 2,868 of the 10,875 documents in pairs, and 2,685 of the 2,873 it asked for; keeping
 * every table held 379 MiB at 100,000 articles through the pair and graph stages, for 7,259 asked.
 */
export function inSeveralPairs(candidates: readonly Pair[]): Set<string> {
  const once = new Set<string>();
  const more = new Set<string>();
  for (const p of candidates) for (const id of [p.a, p.b]) (once.has(id) ? more : once).add(id);
  return more;
}

/**
 * Every document in a candidate pair: whose token tables the pair tasks give back below
 * LARGE_CORPUS, where they cost little (~60 MB at 20,000 articles), so that the graph stage scans
 * none again in this thread, with a token memo that no scan has filled (188 documents, ~0.2 s at
 * 20,000 generated articles, while both workers waited).
 */
export function inPairsOf(candidates: readonly Pair[]): Set<string> {
  const out = new Set<string>();
  for (const p of candidates) out.add(p.a).add(p.b);
  return out;
}

/**
 * What keeps a document's scan until the stage that reads it: its arrays copied out of the task's
 * buffers into one arena per kind (src/parallel/arena.ts), so that each kind, released at its
 * stage (winnowed hashes once the postings are built, signatures after the LSH bands,
 * shingles after verification, 3-grams after the counts), gives its memory back. With `shared`,
 * the winnowed hashes and 3-grams in SharedArrayBuffers, which the workers read in place.
 */
/** A fresh empty array (one of its own: a shared one would be detached for all if ever transferred). */
const none = (): Uint32Array => new Uint32Array(0);

function scanKeeper(shared = false): (x: DocScan) => void {
  const [shingles, signature, winnowed, grams, folded] = [0, 1, 2, 3, 4].map((k) => new U32Arena(undefined, shared && k >= 2));
  return (x) => {
    const f = x.fp;
    // an empty array is still a view on its task's whole buffer: it is replaced, not kept
    f.shingles = f.shingles.length ? shingles!.copy(f.shingles) : none();
    f.signature = f.signature.length ? signature!.copy(f.signature) : none();
    f.winnowed = f.winnowed.length ? winnowed!.copy(f.winnowed) : none();
    if (x.grams) x.grams = grams!.copy(x.grams);
    if (x.folded) x.folded = folded!.copy(x.folded);
    if (x.foldedDiff) x.foldedDiff = folded!.copy(x.foldedDiff);
  };
}

/**
 * Collects this thread's garbage when a stage has just let go of more than COLLECT_RELEASED bytes
 * of arrays (the shingles once verified, the 3-grams once counted: 233 MiB each at 100,000
 * articles), which V8 would otherwise keep through the next stages, the pair stage allocating
 * little in this thread: RSS stayed ~2.3–2.6 GB at 100,000 articles with ~850 MiB of it dead arrays.
 */
function collectIfReleased(bytes: number): void {
  if (bytes >= COLLECT_RELEASED) collectGarbage();
}
const COLLECT_RELEASED = 128 * 2 ** 20;

/** Attributions of some documents in tasks of `size` documents (default: one task per worker), in input order. */
async function attributionsOnPool(pool: WorkerPool, docs: readonly Doc[], plan: AnalysisPlan, size = Math.max(DOC_CHUNK, Math.ceil(docs.length / pool.size))): Promise<Attribution[][]> {
  const tasks = chunks(docs, size).map((c) => ({ texts: c.map((d) => d.text) }));
  return (await pool.run('attributions', tasks, plan.attributions)).flat();
}

/** Candidates in tasks of `size` pairs, each with the texts of its documents. */
export function pairTasks(candidates: readonly Pair[], textOf: (id: string) => string, size: number): PairsTask[] {
  return pairTasksOf(chunks(candidates, size), textOf);
}

/** A task of each slice of candidates, with the texts of its documents. */
function pairTasksOf(slices: readonly (readonly Pair[])[], textOf: (id: string) => string): PairsTask[] {
  return slices.map((c) => {
    const ids = new Set<string>();
    for (const p of c) ids.add(p.a).add(p.b);
    return { docs: [...ids].map((id) => ({ id, text: textOf(id) })), candidates: c.map((p) => ({ a: p.a, b: p.b, jaccard: p.jaccard, containment: p.containment })) };
  });
}

/**
 * Consecutive slices of at most `most` items, smaller towards the end (what is left shared by
 * `parts`, never below `least`), so that the workers finish together: in tasks of equal size the
 * last pair task of 100,000 articles kept one worker busy ~1.5 s after the other was done.
 */
export function guidedChunks<T>(xs: readonly T[], most: number, least: number, parts: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; ) {
    // at least one item a chunk, whatever the bounds (0 or NaN would never end or drop everything)
    const size = Math.max(1, least || 1, Math.min(most || 1, Math.ceil((xs.length - i) / parts)));
    out.push(xs.slice(i, (i += size)));
  }
  return out;
}

/** Consecutive slices of `size` items. */
export function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
