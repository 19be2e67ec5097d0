import { describe, expect, it } from 'vitest';
import { bucketRuns, buildPostings, POSTING_BUCKETS, postingsOfBuckets } from '../src/compare/postings.js';
import { U32Arena } from '../src/parallel/arena.js';
import { WorkerPool } from '../src/parallel/pool.js';
import { joinBuckets, postingsShared, takeBuckets } from '../src/parallel/postings.js';

/** Sorted unique sets of hashes over the whole 32-bit range, drawn from a pool small enough that hashes repeat across sets (some in more than maxDf). */
function randomSets(n: number, seed: number): Uint32Array[] {
  let x = seed;
  const next = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x);
  const vocabulary = Array.from({ length: 3000 }, next);
  return Array.from({ length: n }, (_, i) => {
    // a few sets are empty; a few common hashes are in most sets (stock)
    const size = i % 17 === 0 ? 0 : 5 + (next() % 60);
    const s = new Set<number>(vocabulary.slice(0, 3));
    for (let k = 0; k < size; k++) s.add(vocabulary[next() % vocabulary.length]!);
    return Uint32Array.from([...s].sort((a, b) => a - b));
  });
}

const plain = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v));

describe('the containment postings in buckets (src/parallel/postings.ts)', () => {
  const sets = randomSets(400, 7);
  const maxDf = 40;
  const want = buildPostings(sets, maxDf);

  it('joined in bucket order, the buckets give the postings of buildPostings', () => {
    expect(want.docs.length).toBeGreaterThan(1000);
    expect(want.stock.some((c) => c > 0)).toBe(true); // hashes in more than maxDf sets are counted, not posted
    const runs = Array.from({ length: POSTING_BUCKETS }, (_, k) => bucketRuns(sets, maxDf, k));
    expect(runs.filter((r) => r.docs.length > 0).length).toBeGreaterThan(POSTING_BUCKETS / 2);
    expect(plain(postingsOfBuckets(sets.length, runs)) === plain(want)).toBe(true);
    // out of order, they are not: the order of the buckets is the order of the hashes
    expect(plain(postingsOfBuckets(sets.length, [...runs].reverse())) === plain(want)).toBe(false);
  });

  it('is built by this thread and the workers together from sets in shared memory, each bucket once', async () => {
    expect(postingsShared(sets, maxDf)).toBeNull(); // not in shared memory
    const arena = new U32Arena(1024, true);
    const inShared = sets.map((s) => (s.length ? arena.copy(s) : new Uint32Array(0)));
    const pool = new WorkerPool({ workers: 2 });
    try {
      const shared = postingsShared(inShared, maxDf)!;
      expect(shared.blocks.length).toBeGreaterThan(1);
      const remote = pool.run('postingsBuckets', [0, 1], shared);
      const all = [takeBuckets(shared, inShared), ...(await remote)];
      expect(all.flatMap((p) => p.parts).sort((a, b) => a - b)).toEqual([...Array(POSTING_BUCKETS).keys()]);
      expect(plain(joinBuckets(all, sets.length)) === plain(want)).toBe(true);
      // the workers alone (this thread may have taken every bucket above, before they started)
      const byWorkers = await pool.run('postingsBuckets', [0, 1], postingsShared(inShared, maxDf)!);
      const postings = joinBuckets(byWorkers, sets.length);
      expect(plain(postings) === plain(want)).toBe(true);
      expect(postings.docs.buffer).toBeInstanceOf(SharedArrayBuffer); // for the count tasks
      const one = byWorkers.find((p) => p.parts.length > 0)!;
      const short = byWorkers.map((p) => (p === one ? { parts: p.parts.slice(1), results: p.results.slice(1) } : p));
      expect(() => joinBuckets(short, sets.length)).toThrow(/bucket \d+ of the postings was not built/);
    } finally {
      await pool.close();
    }
  });
});
