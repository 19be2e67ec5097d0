/**
 * Inverted index of many sorted hash sets, in flat typed arrays, and the pair counting that
 * candidate generation runs over it. No Map of postings, no per-pair objects or string keys:
 * at 20,000 news articles the Map-based version spent 80% of `findNearDuplicates` here.
 */
import { lowerBound } from '../sketch/sort.js';

/**
 * Postings in compressed-sparse-row form, only for hashes found in 2..maxDf sets (a hash in
 * one set pairs nothing; a hash in more than maxDf sets is stock wording). `docs` holds the
 * postings of every kept hash one after the other, each run in increasing set order;
 * for set i, `from[k]..to[k]` (k in `entryStart[i]..entryStart[i + 1]`) are the positions
 * in `docs` of the sets *after* i that share one of i's hashes.
 */
export interface SharedPostings {
  docs: Uint32Array;
  entryStart: Uint32Array;
  from: Uint32Array;
  to: Uint32Array;
  /** Per set, how many of its hashes were left out for being in more than maxDf sets. */
  stock: Uint32Array;
}

const BUCKET_BITS = 4; // hashes are grouped by their top bits and sorted one group at a time

/** Builds the postings of `sets` (each sorted ascending, unique) for hashes of document frequency 2..maxDf. */
export function buildPostings(sets: readonly Uint32Array[], maxDf: number, shared = false): SharedPostings {
  // shared: the arrays are made in shared memory, not copied there (a second copy of ~110 MB at 100,000 articles)
  const alloc = shared ? sharedU32 : (n: number) => new Uint32Array(n);
  const runs = sortedRuns(sets, maxDf, alloc);
  return { ...entriesBySet(sets.length, runs.docs, runs.runStart, runs.runCount, alloc), stock: runs.stock };
}

type Alloc = (n: number) => Uint32Array;
const sharedU32: Alloc = (n) => new Uint32Array(new SharedArrayBuffer(4 * n));

/**
 * Splits the sets 0..n into about `parts` ranges of equal counting work (the postings each
 * set walks), for worker threads. Returns the range bounds, starting at 0 and ending at n.
 */
export function balancedRanges(p: SharedPostings, parts: number): number[] {
  const n = p.entryStart.length - 1;
  let total = 0;
  for (let e = 0; e < p.from.length; e++) total += p.to[e]! - p.from[e]!;
  const bounds = [0];
  let acc = 0;
  for (let i = 0; i < n; i++) {
    for (let e = p.entryStart[i]!; e < p.entryStart[i + 1]!; e++) acc += p.to[e]! - p.from[e]!;
    if (acc >= (total * bounds.length) / parts && bounds.length < parts) bounds.push(i + 1);
  }
  if (bounds[bounds.length - 1] !== n) bounds.push(n);
  return bounds;
}

/**
 * Pass 1: the kept postings grouped by hash, one top-bits bucket after the other (appendRuns),
 * into one array with room for every value: a large array's pages take memory only once
 * written, and this one is neither grown (a copy and its garbage) nor copied at the end (~160 MB
 * of scratch at 100,000 articles); the sets of hashes in more than maxDf sets are counted in `stock`.
 */
function sortedRuns(sets: readonly Uint32Array[], maxDf: number, alloc: Alloc): { docs: Uint32Array; runStart: Uint32Array; runCount: number; stock: Uint32Array } {
  const stock = alloc(sets.length);
  let total = 0;
  for (const s of sets) total += s.length;
  const out = new Runs(alloc(total));
  const buf = new RadixBuffers();
  // where each set's next bucket starts: the buckets are taken in order
  const cursor = new Uint32Array(sets.length);
  for (let bucket = 0; bucket < 1 << BUCKET_BITS; bucket++) appendRuns(sets, maxDf, bucket, buf, out, cursor, stock);
  return { docs: out.docs.subarray(0, out.nd), runStart: out.ends.subarray(0, out.nr + 1), runCount: out.nr, stock };
}

/** Top-bits buckets of sortedRuns: the parts its pass 1 can be split into (bucketRuns). */
export const POSTING_BUCKETS = 1 << BUCKET_BITS;

/**
 * Pass 1 of sortedRuns for one bucket, on its own: the postings of its hashes of document
 * frequency 2..maxDf, in hash order (`docs`, each run's end in `runEnds`), and for each of its
 * hashes in more than maxDf sets, the sets that have it (`stockSets`). The buckets joined in
 * order (postingsOfBuckets) are sortedRuns' result, so that threads can take a bucket each.
 */
export interface BucketRuns {
  docs: Uint32Array;
  runEnds: Uint32Array;
  stockSets: Uint32Array;
}

export function bucketRuns(sets: readonly Uint32Array[], maxDf: number, bucket: number, buf = new RadixBuffers()): BucketRuns {
  const out = new Runs(new Uint32Array(0));
  appendRuns(sets, maxDf, bucket, buf, out);
  return { docs: out.docs.slice(0, out.nd), runEnds: out.ends.slice(1, out.nr + 1), stockSets: out.stockSets.slice(0, out.ns) };
}

/**
 * Where appendRuns puts pass 1's runs: the kept postings in hash order (`docs`, `nd` of them),
 * where each run ends (`ends[r + 1]` for run r, after `ends[0] = 0`, so `ends` also holds the
 * starts; `nr` runs), and the sets of the stock hashes when they are listed (`ns` of them).
 */
class Runs {
  ends = new Uint32Array(256);
  stockSets = new Uint32Array(256);
  nd = 0;
  nr = 0;
  ns = 0;
  constructor(public docs: Uint32Array) {}
}

/**
 * Appends bucket `bucket`'s runs to `out`: its (hash, set) pairs are radix-sorted by hash (stable,
 * so sets stay in order), and each hash's sets are a run when they are 2..maxDf, stock sets when
 * more: counted in `stock` when given, else listed in `out.stockSets`. `out.docs` is grown only
 * when it lacks room for the bucket's pairs. `cursor`: see gatherBucket.
 */
function appendRuns(sets: readonly Uint32Array[], maxDf: number, bucket: number, buf: RadixBuffers, out: Runs, cursor?: Uint32Array, stock?: Uint32Array): void {
  const nk = gatherBucket(sets, bucket, buf, cursor);
  const { keys, vals } = buf.sort(nk);
  if (out.docs.length < out.nd + nk) out.docs = growU32(out.docs, out.nd + nk);
  const docs = out.docs;
  let { ends, stockSets, nd, nr, ns } = out;
  for (let a = 0; a < nk; ) {
    const h = keys[a]!;
    let b = a + 1;
    while (b < nk && keys[b] === h) b++;
    const df = b - a;
    if (df >= 2 && df <= maxDf) {
      for (let x = a; x < b; x++) docs[nd++] = vals[x]!;
      if (nr + 2 > ends.length) ends = growU32(ends, nr + 2);
      ends[++nr] = nd;
    } else if (df > maxDf && stock) {
      for (let x = a; x < b; x++) stock[vals[x]!]!++;
    } else if (df > maxDf) {
      // no counts to add to (a bucket built on its own): the sets are listed
      if (ns + df > stockSets.length) stockSets = growU32(stockSets, ns + df);
      for (let x = a; x < b; x++) stockSets[ns++] = vals[x]!;
    }
    a = b;
  }
  Object.assign(out, { ends, stockSets, nd, nr, ns });
}

/**
 * Puts the (hash, set) pairs of the bucket's hashes in `buf` (each set is sorted: they are a
 * contiguous slice of it); returns how many. With `cursor` (the buckets taken in order), a set's
 * slice starts at its cursor, moved past it, instead of being searched for.
 */
function gatherBucket(sets: readonly Uint32Array[], bucket: number, buf: RadixBuffers, cursor?: Uint32Array): number {
  const lo = bucket * 2 ** (32 - BUCKET_BITS);
  const limit = (bucket + 1) * 2 ** (32 - BUCKET_BITS); // exclusive upper bound of the bucket's hashes
  let nk = 0;
  for (let i = 0; i < sets.length; i++) {
    const s = sets[i]!;
    const a = cursor ? cursor[i]! : lowerBound(s, lo);
    let c = a;
    while (c < s.length && s[c]! < limit) c++;
    if (cursor) cursor[i] = c;
    buf.ensure(nk + c - a);
    for (let x = a; x < c; x++) {
      buf.keys[nk] = s[x]!;
      buf.vals[nk++] = i;
    }
  }
  return nk;
}

/** buildPostings from the runs of every bucket (bucketRuns, in bucket order): the same postings. */
export function postingsOfBuckets(n: number, buckets: readonly BucketRuns[], shared = false): SharedPostings {
  const alloc = shared ? sharedU32 : (k: number) => new Uint32Array(k);
  const stock = alloc(n);
  let total = 0;
  let runCount = 0;
  for (const b of buckets) {
    total += b.docs.length;
    runCount += b.runEnds.length;
  }
  const docs = alloc(total);
  const runStart = new Uint32Array(runCount + 1);
  let nd = 0;
  let nr = 0;
  for (const b of buckets) {
    docs.set(b.docs, nd);
    for (const e of b.runEnds) runStart[++nr] = nd + e;
    nd += b.docs.length;
    for (const i of b.stockSets) stock[i]!++;
  }
  return { ...entriesBySet(n, docs, runStart, runCount, alloc), stock };
}

/** Stable LSD radix sort of (uint32 key, uint32 value) pairs, two 16-bit passes, reusing its buffers. */
export class RadixBuffers {
  keys = new Uint32Array(1024);
  vals = new Uint32Array(1024);
  private k2 = new Uint32Array(1024);
  private v2 = new Uint32Array(1024);
  private readonly count = new Uint32Array(65537);

  ensure(n: number): void {
    if (n <= this.keys.length) return;
    const size = Math.max(n, this.keys.length * 2);
    const k = new Uint32Array(size);
    k.set(this.keys);
    const v = new Uint32Array(size);
    v.set(this.vals);
    this.keys = k;
    this.vals = v;
    this.k2 = new Uint32Array(size);
    this.v2 = new Uint32Array(size);
  }

  /** Sorts the first n pairs by key; returns the arrays that hold the result. */
  sort(n: number): { keys: Uint32Array; vals: Uint32Array } {
    this.pass(n, this.keys, this.vals, this.k2, this.v2, 0);
    this.pass(n, this.k2, this.v2, this.keys, this.vals, 16);
    return { keys: this.keys, vals: this.vals };
  }

  private pass(n: number, ks: Uint32Array, vs: Uint32Array, kd: Uint32Array, vd: Uint32Array, shift: number): void {
    const count = this.count;
    count.fill(0);
    for (let i = 0; i < n; i++) count[((ks[i]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 0; d < 65536; d++) count[d + 1]! += count[d]!;
    for (let i = 0; i < n; i++) {
      const k = ks[i]!;
      const at = count[(k >>> shift) & 0xffff]!++;
      kd[at] = k;
      vd[at] = vs[i]!;
    }
  }
}

/** Pass 2: for every set, the (from, to) ranges of later sets in each of its runs. */
function entriesBySet(n: number, docs: Uint32Array, runStart: Uint32Array, runCount: number, alloc: Alloc): Omit<SharedPostings, 'stock'> {
  const entryStart = alloc(n + 1);
  for (let r = 0; r < runCount; r++) for (let x = runStart[r]!; x < runStart[r + 1]! - 1; x++) entryStart[docs[x]! + 1]!++;
  for (let i = 0; i < n; i++) entryStart[i + 1]! += entryStart[i]!;
  const fill = entryStart.slice(0, n);
  const total = entryStart[n]!;
  const from = alloc(total);
  const to = alloc(total);
  for (let r = 0; r < runCount; r++) {
    const end = runStart[r + 1]!;
    for (let x = runStart[r]!; x < end - 1; x++) {
      const e = fill[docs[x]!]!++;
      from[e] = x + 1;
      to[e] = end;
    }
  }
  return { docs, entryStart, from, to };
}

/**
 * Calls `visit(i, j, shared)` for every pair i < j of sets that share at least one posted hash,
 * with the number of posted hashes they share; pairs come grouped by i ascending, j ascending
 * within i. Per-set accumulation in a dense counter: the work is Σ df² over the posted hashes,
 * each step a typed-array increment. With `filter`, only pairs with
 * shared / min(filter.sizes[i], filter.sizes[j]) ≥ filter.share are visited (tested inline, which
 * is what keeps the millions of pairs that share one stock phrase cheap). `fromSet`/`untilSet`
 * restrict i to a range.
 */
export function countSharedPairs(
  p: SharedPostings,
  visit: (i: number, j: number, shared: number) => void,
  filter?: { sizes: Uint32Array; share: number },
  fromSet = 0,
  untilSet = p.entryStart.length - 1,
): void {
  const n = p.entryStart.length - 1;
  const counts = new Int32Array(n);
  const touched = new Int32Array(n);
  const { docs, from, to, entryStart } = p;
  const sizes = filter?.sizes;
  const share = filter?.share ?? 0;
  for (let i = fromSet; i < untilSet; i++) {
    let nt = 0;
    for (let e = entryStart[i]!; e < entryStart[i + 1]!; e++) {
      const end = to[e]!;
      for (let x = from[e]!; x < end; x++) {
        const j = docs[x]!;
        const c = counts[j]!;
        if (c === 0) touched[nt++] = j;
        counts[j] = c + 1;
      }
    }
    if (nt === 0) continue;
    // keep the pairs that pass (compacting touched in place), then visit them in j order
    let kept = 0;
    const si = sizes ? sizes[i]! : 0;
    for (let k = 0; k < nt; k++) {
      const j = touched[k]!;
      const c = counts[j]!;
      if (sizes === undefined || c / Math.min(si, sizes[j]!) >= share) touched[kept++] = j;
      else counts[j] = 0;
    }
    const t = touched.subarray(0, kept).sort();
    for (let k = 0; k < kept; k++) {
      const j = t[k]!;
      visit(i, j, counts[j]!);
      counts[j] = 0;
    }
  }
}

export function growF64(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

function growU32(a: Uint32Array, need: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** A growable list of candidate pairs (i < j), packed as i · n + j in doubles. */
export class PairList {
  private keys = new Float64Array(1024);
  private count = 0;
  constructor(readonly n: number) {}

  add(i: number, j: number): void {
    if (this.count === this.keys.length) this.keys = growF64(this.keys);
    this.keys[this.count++] = i * this.n + j;
  }

  /** Adds pairs already packed as i · n + j (with the same n). */
  addKeys(keys: Float64Array): void {
    while (this.count + keys.length > this.keys.length) this.keys = growF64(this.keys);
    this.keys.set(keys, this.count);
    this.count += keys.length;
  }

  /** The pairs added so far, packed, in the order they came. */
  packed(): Float64Array {
    return this.keys.slice(0, this.count);
  }

  /** The pairs sorted by (i, j), each once. */
  sortedUnique(): Float64Array {
    const k = this.keys.subarray(0, this.count).sort();
    let w = 0;
    for (let r = 0; r < k.length; r++) if (w === 0 || k[r] !== k[w - 1]) k[w++] = k[r]!;
    return k.slice(0, w);
  }
}
