import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker } from '../errors.js';
import { fingerprintWith, resolveFingerprintParams, type Fingerprint, type FingerprintOptions } from '../sketch/fingerprint.js';
import { LshIndex, type LshWeights } from '../sketch/lsh.js';
import { intersectionSize } from './overlap.js';

/** A verified pair of documents; `a` comes before `b` in the input. */
export interface Pair {
  a: string;
  b: string;
  /** Exact Jaccard of the shingle sets. */
  jaccard: number;
  /** Exact containment both ways: aInB = share of a's shingles found in b. */
  containment: { aInB: number; bInA: number };
  /** Number of shared shingles. */
  shared: number;
}

export interface PairOptions extends FingerprintOptions {
  /** Report pairs with exact Jaccard ≥ this. Default 0.3. LSH banding is tuned for it. */
  threshold?: number;
  /**
   * Also report pairs where either document has at least this share of its shingles in the
   * other (a rewrite that kept part of the wire copy). Found through winnowed fingerprints,
   * not LSH. Default 0.25; `1.01` turns containment search off.
   */
  containment?: number;
  /** Candidate generation: `auto` (LSH + winnow postings) or `exact` (inverted index over all shingles). Default `auto`. */
  candidates?: 'auto' | 'exact';
  /** LSH trade-off. Default favours recall: { falsePositive: 0.2, falseNegative: 0.8 }. */
  lshWeights?: Partial<LshWeights>;
  /** Winnowed fingerprints found in more documents than this are ignored for candidates (boilerplate). Default 1000. */
  maxDocFrequency?: number;
  /** Called with (done, total) while documents are fingerprinted. */
  onProgress?: (done: number, total: number) => void;
}

export interface ResolvedPairOptions {
  threshold: number;
  containment: number;
  candidates: 'auto' | 'exact';
  lshWeights: LshWeights;
  maxDocFrequency: number;
}

export const DEFAULT_PAIR_OPTIONS: ResolvedPairOptions = {
  threshold: 0.3,
  containment: 0.25,
  candidates: 'auto',
  lshWeights: { falsePositive: 0.2, falseNegative: 0.8 },
  maxDocFrequency: 1000,
};

export function resolvePairOptions(opts: PairOptions | undefined, where: string): ResolvedPairOptions {
  const o = opts ?? {};
  const c = new OptionChecker(where);
  c.num('threshold', o.threshold, 0.01, 1);
  c.num('containment', o.containment, 0.001, 1.01);
  c.oneOf('candidates', o.candidates, ['auto', 'exact']);
  c.int('maxDocFrequency', o.maxDocFrequency, 2, Number.MAX_SAFE_INTEGER);
  c.done();
  return {
    threshold: o.threshold ?? DEFAULT_PAIR_OPTIONS.threshold,
    containment: o.containment ?? DEFAULT_PAIR_OPTIONS.containment,
    candidates: o.candidates ?? DEFAULT_PAIR_OPTIONS.candidates,
    lshWeights: { ...DEFAULT_PAIR_OPTIONS.lshWeights, ...o.lshWeights },
    maxDocFrequency: o.maxDocFrequency ?? DEFAULT_PAIR_OPTIONS.maxDocFrequency,
  };
}

/** Index pairs (i < j) keyed as i * n + j. */
type PairKeys = Set<number>;

function lshCandidates(fps: readonly Fingerprint[], threshold: number, weights: LshWeights, into: PairKeys): void {
  if (threshold > 0.99) threshold = 0.99;
  const numPerm = fps[0]!.params.numPerm;
  const index = new LshIndex({ threshold, numPerm, weights });
  fps.forEach((fp, i) => index.insert(String(i), fp.signature));
  const n = fps.length;
  for (const [x, y] of index.candidatePairs()) into.add(Number(x) * n + Number(y));
}

/**
 * For every pair (i < j) of sets that share at least one element of document frequency
 * ≤ maxDf, calls visit(i, j, sharedCount). Inverted index, then per-document accumulation
 * in a dense counter array: O(Σ df²) increments, each a typed-array add rather than a Map
 * update. Sets must be sorted unique. Exported for the benchmarks' exact oracle.
 */
export function forEachSharingPair(
  sets: readonly Uint32Array[],
  maxDf: number,
  visit: (i: number, j: number, shared: number) => void,
): void {
  const postings = new Map<number, number[]>();
  sets.forEach((set, i) => {
    for (let k = 0; k < set.length; k++) {
      const h = set[k]!;
      const list = postings.get(h);
      if (list) list.push(i);
      else postings.set(h, [i]);
    }
  });
  const n = sets.length;
  const counts = new Int32Array(n);
  const touched = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const set = sets[i]!;
    let nt = 0;
    for (let k = 0; k < set.length; k++) {
      const list = postings.get(set[k]!)!;
      if (list.length < 2 || list.length > maxDf) continue;
      // lists are in increasing document order; visit only the documents after i
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid]! <= i) lo = mid + 1;
        else hi = mid;
      }
      for (let x = lo; x < list.length; x++) {
        const j = list[x]!;
        if (counts[j] === 0) touched[nt++] = j;
        counts[j]!++;
      }
    }
    touched.subarray(0, nt).sort();
    for (let t = 0; t < nt; t++) {
      const j = touched[t]!;
      visit(i, j, counts[j]!);
      counts[j] = 0;
    }
  }
}

/**
 * Finds the pairs among already-fingerprinted documents (all made with the same parameters).
 * Candidates come from LSH over signatures (Jaccard) and from postings of winnowed
 * fingerprints (containment); every candidate is verified on the exact shingle sets.
 */
export function findPairsInFingerprints(fps: readonly Fingerprint[], opts: ResolvedPairOptions): Pair[] {
  const n = fps.length;
  if (n < 2) return [];
  const keys: PairKeys = new Set();
  if (opts.candidates === 'exact') {
    forEachSharingPair(
      fps.map((f) => f.shingles),
      Number.MAX_SAFE_INTEGER,
      (i, j) => keys.add(i * n + j),
    );
  } else {
    lshCandidates(fps, opts.threshold, opts.lshWeights, keys);
    if (opts.containment <= 1) {
      // Winnowed fingerprints are a near-uniform sample of the shingles, so the share of the
      // smaller document's fingerprints found in the other estimates its containment; accept
      // generously (half the target) and let the exact check decide.
      forEachSharingPair(
        fps.map((f) => f.winnowed),
        opts.maxDocFrequency,
        (i, j, s) => {
          if (s / Math.max(1, Math.min(fps[i]!.winnowed.length, fps[j]!.winnowed.length)) >= opts.containment * 0.5) keys.add(i * n + j);
        },
      );
    }
  }
  const out: Pair[] = [];
  for (const key of [...keys].sort((x, y) => x - y)) {
    const i = Math.floor(key / n);
    const a = fps[i]!;
    const b = fps[key - i * n]!;
    const shared = intersectionSize(a.shingles, b.shingles);
    if (shared === 0) continue;
    const union = a.shingles.length + b.shingles.length - shared;
    const pair: Pair = {
      a: a.id,
      b: b.id,
      jaccard: shared / union,
      containment: { aInB: shared / a.shingles.length, bInA: shared / b.shingles.length },
      shared,
    };
    if (pair.jaccard >= opts.threshold || Math.max(pair.containment.aInB, pair.containment.bInA) >= opts.containment) out.push(pair);
  }
  return out;
}

/**
 * Every pair of documents that shares enough wording: Jaccard ≥ `threshold` or containment
 * either way ≥ `containment`. Sub-quadratic (LSH + fingerprint postings), verified exactly.
 *
 * @example
 * findNearDuplicates(docs, { threshold: 0.5 })
 * // [{ a: 'wire-1', b: 'paper-7', jaccard: 0.62, containment: { aInB: 0.71, bInA: 0.83 }, shared: 412 }]
 */
export function findNearDuplicates(docs: readonly Doc[], opts?: PairOptions): Pair[] {
  validateDocs(docs, 'findNearDuplicates');
  const params = resolveFingerprintParams(opts, 'findNearDuplicates');
  const po = resolvePairOptions(opts, 'findNearDuplicates');
  const fps: Fingerprint[] = [];
  for (let i = 0; i < docs.length; i++) {
    fps.push(fingerprintWith(docs[i]!, params, false));
    if (opts?.onProgress && (i % 256 === 255 || i === docs.length - 1)) opts.onProgress(i + 1, docs.length);
  }
  return findPairsInFingerprints(fps, po);
}
