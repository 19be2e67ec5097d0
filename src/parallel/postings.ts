/**
 * The postings of the containment search (buildPostings, src/compare/postings.ts) built by this
 * thread and the workers together: its first pass is one radix sort per top-bits bucket of the
 * hash range (bucketRuns), and each thread takes the next bucket not yet taken (a counter in
 * shared memory) until none is left; the buckets joined in order are the postings one thread
 * builds. The winnowed hashes are read where they are, in arena blocks of SharedArrayBuffers.
 * Built in this thread alone, the postings kept both workers waiting (~0.3 s of CPU at 20,000
 * articles, 1 s under load), which the attributions queued before them had to fill.
 */
import { bucketRuns, POSTING_BUCKETS, postingsOfBuckets, RadixBuffers, type BucketRuns, type SharedPostings } from '../compare/postings.js';

export interface PostingsShared {
  /** Per set: block, offset and length (in values) of its winnowed hashes in `blocks`. */
  where: Int32Array;
  blocks: SharedArrayBuffer[];
  maxDf: number;
  /** next[0]: the next bucket not yet taken (shared by all who build). */
  next: Int32Array;
}
/** A worker's task: its number, for nothing but the record. */
export type PostingsTask = number;
/** The buckets a thread built: their numbers and runs. */
export interface BucketParts {
  buckets: number[];
  runs: BucketRuns[];
}

/** The shared data of the bucket tasks; null when a set is not in shared memory. */
export function postingsShared(sets: readonly Uint32Array[], maxDf: number): PostingsShared | null {
  const blockOf = new Map<ArrayBufferLike, number>();
  const where = new Int32Array(3 * sets.length);
  for (let i = 0; i < sets.length; i++) {
    const a = sets[i]!;
    if (!(a.buffer instanceof SharedArrayBuffer)) {
      if (a.length > 0) return null;
      where[3 * i] = -1; // an empty set: no block (empty arrays are replaced by one of their own)
      continue;
    }
    let b = blockOf.get(a.buffer);
    if (b === undefined) blockOf.set(a.buffer, (b = blockOf.size));
    where[3 * i] = b;
    where[3 * i + 1] = a.byteOffset / 4;
    where[3 * i + 2] = a.length;
  }
  return { where, blocks: [...blockOf.keys()] as SharedArrayBuffer[], maxDf, next: new Int32Array(new SharedArrayBuffer(4)) };
}

/** Builds buckets until none is left untaken (`sets`: this thread's own views; a worker makes them from the blocks). */
export function takeBuckets(s: PostingsShared, sets?: readonly Uint32Array[]): BucketParts {
  const out: BucketParts = { buckets: [], runs: [] };
  let own = sets;
  const buf = new RadixBuffers();
  for (let k = Atomics.add(s.next, 0, 1); k < POSTING_BUCKETS; k = Atomics.add(s.next, 0, 1)) {
    own ??= setsOf(s);
    out.buckets.push(k);
    out.runs.push(bucketRuns(own, s.maxDf, k, buf));
  }
  return out;
}

const NONE = new Uint32Array(0);

function setsOf(s: PostingsShared): Uint32Array[] {
  const views = s.blocks.map((b) => new Uint32Array(b));
  const out: Uint32Array[] = [];
  for (let at = 0; at < s.where.length; at += 3) out.push(s.where[at]! < 0 ? NONE : views[s.where[at]!]!.subarray(s.where[at + 1]!, s.where[at + 1]! + s.where[at + 2]!));
  return out;
}

/**
 * takeBuckets in a worker. Once it returns every bucket is taken, so a later task of the run has
 * nothing to read: the worker lets go of the blocks (collected after the task: COLLECT_AFTER in
 * src/parallel/worker.ts).
 */
export function runPostingsTask(_t: PostingsTask, s: PostingsShared): BucketParts {
  const out = takeBuckets(s);
  s.blocks = [];
  return out;
}

/** The postings from every thread's buckets, joined in bucket order (in shared memory, for the count tasks). */
export function joinBuckets(all: readonly BucketParts[], n: number): SharedPostings {
  const byBucket: (BucketRuns | undefined)[] = [];
  for (const p of all) p.buckets.forEach((k, i) => (byBucket[k] = p.runs[i]));
  const runs = Array.from({ length: POSTING_BUCKETS }, (_, k) => {
    const r = byBucket[k];
    if (!r) throw new Error(`wiretrace: internal: bucket ${k} of the postings was not built`);
    return r;
  });
  return postingsOfBuckets(n, runs, true);
}

/** The results' arrays, moved. */
export const bucketPartsTransfer = (p: BucketParts): ArrayBuffer[] => p.runs.flatMap((r) => [r.docs.buffer as ArrayBuffer, r.runEnds.buffer as ArrayBuffer, r.stockSets.buffer as ArrayBuffer]);
