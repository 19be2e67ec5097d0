/**
 * Batch entry points that spread their work over worker threads (default: all cores), with
 * output byte-identical for any number of workers.
 */
import type { AlignOptions } from '../compare/align.js';
import { resolveAlignOptions } from '../compare/align.js';
import { candidatePairs, containmentJob, containmentJobOf, effectiveMaxDf, jaccardCandidates, resolvePairOptions, verifyCandidates, type ContainmentJob, type Pair, type PairOptions, type ResolvedPairOptions } from '../compare/pairs.js';
import { balancedRanges, PairList } from '../compare/postings.js';
import { validateDocs, type Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { resolveFingerprintParams, type Fingerprint, type FingerprintOptions } from '../sketch/fingerprint.js';
import { collectGarbage } from './collect.js';
import { resolveWorkers, WorkerPool, type ParallelOptions } from './pool.js';
import { joinBuckets, postingsShared, takeBuckets } from './postings.js';
import type { AlignResult, AlignTask, FingerprintTask } from './tasks.js';

/** Documents per fingerprint task: big enough that messaging is noise, small enough to balance. */
const FINGERPRINT_CHUNK = 128;
/** Below this many documents the containment count is not worth shipping to workers. */
const COUNT_MIN_DOCS = 2000;
/** Pairs per alignment task. */
const ALIGN_CHUNK = 64;

export interface FingerprintManyOptions extends FingerprintOptions, ParallelOptions {
  /** A pool to run on (left open); by default one is started and closed for the call. */
  pool?: WorkerPool;
}

/**
 * Fingerprints many documents on worker threads; the same result as
 * `docs.map((d) => fingerprint(d, opts))`, in input order.
 *
 * @example
 * const fps = await fingerprintMany(docs, { keepTokens: false, workers: 4 });
 */
export async function fingerprintMany(docs: readonly Doc[], opts?: FingerprintManyOptions): Promise<Fingerprint[]> {
  validateDocs(docs, 'fingerprintMany');
  const params = resolveFingerprintParams(opts, 'fingerprintMany');
  const keepTokens = opts?.keepTokens ?? true;
  const tasks: FingerprintTask[] = [];
  for (let i = 0; i < docs.length; i += FINGERPRINT_CHUNK) {
    tasks.push({ docs: docs.slice(i, i + FINGERPRINT_CHUNK).map((d) => ({ id: d.id, text: d.text })) });
  }
  const out = (await withPool(opts, 'fingerprintMany', (pool) => pool.run('fingerprint', tasks, { params, keepTokens }))).flat();
  for (const f of out) f.params = params; // one shared params object, as the serial path gives
  return out;
}

/**
 * `findNearDuplicates` with the documents fingerprinted on worker threads. Same pairs, same
 * order, for any number of workers.
 */
export async function findNearDuplicatesParallel(docs: readonly Doc[], opts?: PairOptions & ParallelOptions): Promise<Pair[]> {
  validateDocs(docs, 'findNearDuplicates');
  resolveFingerprintParams(opts, 'findNearDuplicates');
  const po = resolvePairOptions(opts, 'findNearDuplicates');
  resolveWorkers(opts, 'findNearDuplicates');
  return withPool(opts, 'findNearDuplicates', async (pool) => {
    const fps = await fingerprintMany(docs, { ...opts, keepTokens: false, pool });
    opts?.onProgress?.(docs.length, docs.length);
    return verifyCandidates(fps, await candidatePairsParallel(fps, po, pool), po);
  });
}

/**
 * `candidatePairs` with the containment count spread over the pool's workers (the postings
 * sit in shared memory; each worker counts a slice of documents of equal work) while this
 * thread does the LSH banding. Same candidates as `candidatePairs`. With `release`, each
 * fingerprint's winnowed hashes are dropped once the postings are built and its signature once
 * banded (only the shingles are left, for verification), the garbage collected when large.
 */
export async function candidatePairsParallel(fps: readonly Fingerprint[], po: ResolvedPairOptions, pool: WorkerPool, minDocs = COUNT_MIN_DOCS, release = false): Promise<Float64Array> {
  if (pool.size === 1 || po.candidates === 'exact' || po.containment > 1 || fps.length < minDocs) return candidatePairs(fps, po);
  const job = (await containmentJobOnPool(fps, po, pool)) ?? containmentJob(fps, po, true);
  if (release) dropArrays(fps, 'winnowed');
  const bounds = balancedRanges(job.postings, pool.size * 4);
  const tasks = bounds.slice(1).map((until, k) => ({ fromSet: bounds[k]!, untilSet: until }));
  const counted = pool.run('count', tasks, job); // the workers start on it now
  const list = new PairList(fps.length);
  jaccardCandidates(fps, po, list);
  if (release) dropArrays(fps, 'signature');
  for (const keys of await counted) list.addKeys(keys);
  return list.sortedUnique();
}

/**
 * containmentJob with its postings built by this thread and the workers together
 * (src/parallel/postings.ts), when the winnowed hashes are in shared memory (analyzeParallel
 * keeps them there below LARGE_CORPUS); undefined when they are not.
 */
async function containmentJobOnPool(fps: readonly Fingerprint[], po: ResolvedPairOptions, pool: WorkerPool): Promise<ContainmentJob | undefined> {
  const sets = fps.map((f) => f.winnowed);
  const shared = postingsShared(sets, effectiveMaxDf(fps.length, po.maxDocFrequency));
  if (!shared) return undefined;
  const remote = pool.run('postingsBuckets', Array.from({ length: pool.size }, (_, k) => k), shared);
  // handled if takeBuckets throws first: a worker's failure then is no unhandled rejection
  remote.catch(() => {});
  const mine = takeBuckets(shared, sets);
  return containmentJobOf(fps, po, joinBuckets([mine, ...(await remote)], fps.length), true);
}

/** Drops one kind of the fingerprints' arrays, collecting the garbage when that let go of COLLECT_DROPPED bytes or more. */
function dropArrays(fps: readonly Fingerprint[], kind: 'winnowed' | 'signature'): void {
  let bytes = 0;
  for (const f of fps) {
    bytes += f[kind].byteLength;
    f[kind] = NONE;
  }
  if (bytes >= COLLECT_DROPPED) collectGarbage();
}
const NONE = new Uint32Array(0);
/** Bytes let go from which a full collection pays (with the postings build's scratch, garbage by then). */
const COLLECT_DROPPED = 64 * 2 ** 20;

/** Something with an id and a text, or the text itself, looked up by id. */
export type TextSource = ReadonlyMap<string, string | { text: string }> | ((id: string) => string);

export interface AlignManyOptions extends ParallelOptions {
  pool?: WorkerPool;
}

/**
 * Aligns many pairs of texts on worker threads: for each `{ a, b }` (ids looked up in
 * `texts`), the passages of `alignPassages(a, b, alignOptions)` and their coverage, in input order.
 */
export async function alignMany(pairs: readonly { a: string; b: string }[], texts: TextSource, alignOptions?: AlignOptions, opts?: AlignManyOptions): Promise<AlignResult[]> {
  resolveAlignOptions(alignOptions, 'alignMany');
  const lookup = textLookup(texts);
  const tasks: AlignTask[] = [];
  for (let i = 0; i < pairs.length; i += ALIGN_CHUNK) {
    const slice = pairs.slice(i, i + ALIGN_CHUNK);
    const index = new Map<string, number>();
    const list: string[] = [];
    const at = (id: string): number => {
      let k = index.get(id);
      if (k === undefined) {
        index.set(id, (k = list.length));
        list.push(lookup(id));
      }
      return k;
    };
    const ab = new Uint32Array(slice.length * 2);
    slice.forEach((p, k) => {
      ab[2 * k] = at(p.a);
      ab[2 * k + 1] = at(p.b);
    });
    tasks.push({ texts: list, pairs: ab });
  }
  return (await withPool(opts, 'alignMany', (pool) => pool.run('align', tasks, { options: alignOptions ?? {} }))).flat();
}

function textLookup(texts: TextSource): (id: string) => string {
  return (id) => {
    const t = typeof texts === 'function' ? texts(id) : texts.get(id);
    const s = typeof t === 'string' ? t : t?.text;
    if (typeof s !== 'string') throw new WiretraceError('E_INPUT', 'alignMany', `no text for document "${id}"`);
    return s;
  };
}

/** Runs f on the given pool, or on a fresh one that is closed afterwards. */
export async function withPool<T>(opts: (ParallelOptions & { pool?: WorkerPool }) | undefined, where: string, f: (pool: WorkerPool) => Promise<T>): Promise<T> {
  if (opts?.pool) return f(opts.pool);
  const pool = new WorkerPool({ workers: resolveWorkers(opts, where) });
  try {
    return await f(pool);
  } finally {
    await pool.close();
  }
}
