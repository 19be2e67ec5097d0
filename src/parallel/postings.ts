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
import { allShared, arraysAt, inPartOrder, locateArrays, partCounter, takeParts, type Taken } from './parts.js';

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
export type BucketParts = Taken<BucketRuns>;

/** The shared data of the bucket tasks; null when a set is not in shared memory. */
export function postingsShared(sets: readonly Uint32Array[], maxDf: number): PostingsShared | null {
  const { blocks, where } = locateArrays(sets);
  if (!allShared(blocks)) return null;
  return { where, blocks: blocks as unknown as SharedArrayBuffer[], maxDf, next: partCounter() };
}

/** Builds buckets until none is left untaken (`sets`: this thread's own views; a worker makes them from the blocks). */
export function takeBuckets(s: PostingsShared, sets?: readonly Uint32Array[]): BucketParts {
  const buf = new RadixBuffers();
  const prepare = (): readonly Uint32Array[] => sets ?? arraysAt(s.blocks, s.where).map((a) => a!);
  return takeParts(s.next, POSTING_BUCKETS, prepare, (k, own) => bucketRuns(own, s.maxDf, k, buf));
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
  return postingsOfBuckets(n, inPartOrder(all, POSTING_BUCKETS, (k) => `bucket ${k} of the postings was not built`), true);
}

/** The results' arrays, moved. */
export const bucketPartsTransfer = (p: BucketParts): ArrayBuffer[] => p.results.flatMap((r) => [r.docs.buffer as ArrayBuffer, r.runEnds.buffer as ArrayBuffer, r.stockSets.buffer as ArrayBuffer]);
