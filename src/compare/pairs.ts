import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker } from '../errors.js';
import { checkOptionNames, FINGERPRINT_OPTION_NAMES, fingerprintWith, resolveFingerprintParams, type Fingerprint, type FingerprintOptions } from '../sketch/fingerprint.js';
import { LshIndex, type LshWeights } from '../sketch/lsh.js';
import { EMPTY_BIN, minAgreement } from '../sketch/minhash.js';
import { intersectionSize } from './overlap.js';
import { buildPostings, countSharedPairs, PairList, RadixBuffers, type SharedPostings } from './postings.js';

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
  /**
   * Winnowed fingerprints found in more documents than this are ignored for containment
   * candidates (stock wording). The work of the containment search is at most this times the
   * number of fingerprints. Default (unset): √(n/2) for n documents, at least 100 and at most 1000 (see AUTO_MAX_DF).
   */
  maxDocFrequency?: number;
  /** Called with (done, total) while documents are fingerprinted. */
  onProgress?: (done: number, total: number) => void;
}

/** The options of the pair search itself (beyond the fingerprint's). */
export const PAIR_OPTION_NAMES: readonly string[] = ['threshold', 'containment', 'candidates', 'lshWeights', 'maxDocFrequency'];

export interface ResolvedPairOptions {
  threshold: number;
  containment: number;
  candidates: 'auto' | 'exact';
  lshWeights: LshWeights;
  maxDocFrequency: number | 'auto';
}

export const DEFAULT_PAIR_OPTIONS: ResolvedPairOptions = {
  threshold: 0.3,
  containment: 0.25,
  candidates: 'auto',
  lshWeights: { falsePositive: 0.2, falseNegative: 0.8 },
  maxDocFrequency: 'auto',
};

/**
 * The automatic document-frequency cap: √(n/2), clamped to [least, most]: 100 up to 20,000
 * documents, 224 at 100,000, 708 at 1,000,000. Counting costs up to cap × postings, so a cap
 * proportional to n would make the search quadratic again (measured at 100,000 articles:
 * 3.3 s of counting at cap 100, 6.8 s at 250, 11.5 s at 500), while a fixed cap forgets that
 * a larger archive holds larger story families (cap 100 at 100,000 lost 129 of 30,450 pairs,
 * cap 250 lost 21, all at the default thresholds).
 */
export const AUTO_MAX_DF = { least: 100, most: 1000 } as const;

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

/** The document-frequency cap in force for a corpus of n documents (see `maxDocFrequency`). */
export function effectiveMaxDf(n: number, maxDocFrequency: number | 'auto'): number {
  if (maxDocFrequency !== 'auto') return maxDocFrequency;
  return Math.min(AUTO_MAX_DF.most, Math.max(AUTO_MAX_DF.least, Math.ceil(Math.sqrt(n / 2))));
}

/**
 * Jaccard candidates: documents that agree on a whole band of their signatures. Banding tuned
 * for recall lets through a share of unrelated pairs that grows with n², so a band match is
 * kept only when the signatures' Jaccard estimate is within 4.5 standard errors of the
 * threshold (a pair at the threshold is dropped with probability ~3·10⁻⁶; a 128-value
 * comparison is ~50× cheaper than the exact check it saves).
 */
export function jaccardCandidates(fps: readonly Fingerprint[], opts: ResolvedPairOptions, into: PairList): void {
  if (fps.length < 2) return;
  const threshold = Math.min(0.99, opts.threshold);
  const weights = opts.lshWeights;
  const numPerm = fps[0]!.params.numPerm;
  const index = new LshIndex({ threshold, numPerm, weights });
  const keys = fps.map((fp) => (isEmptySignature(fp.signature) ? undefined : index.bandKeys(fp.signature)));
  const minAgree = minAgreement(threshold, numPerm);
  const found = new PairList(fps.length);
  // one band at a time: documents whose band keys agree are candidates (as LshIndex.candidatePairs;
  // an empty document is never one); a stable radix sort by key keeps each bucket in input order
  const buf = new RadixBuffers();
  buf.ensure(fps.length);
  for (let band = 0; band < index.bands; band++) {
    let m = 0;
    keys.forEach((k, i) => {
      if (!k) return;
      buf.keys[m] = k[band]!;
      buf.vals[m++] = i;
    });
    const { keys: sk, vals: sv } = buf.sort(m);
    for (let a = 0; a < m; ) {
      let b = a + 1;
      while (b < m && sk[b] === sk[a]) b++;
      for (let x = a; x < b; x++) for (let y = x + 1; y < b; y++) found.add(sv[x]!, sv[y]!);
      a = b;
    }
  }
  const pairs = found.sortedUnique();
  const n = fps.length;
  for (let k = 0; k < pairs.length; k++) {
    const i = Math.floor(pairs[k]! / n);
    const j = pairs[k]! - i * n;
    if (agreeing(fps[i]!.signature, fps[j]!.signature) >= minAgree) into.add(i, j);
  }
}

function agreeing(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let x = 0; x < a.length; x++) if (a[x] === b[x]) same++;
  return same;
}

function isEmptySignature(sig: Uint32Array): boolean {
  for (let i = 0; i < sig.length; i++) if (sig[i] !== EMPTY_BIN) return false;
  return true;
}

/**
 * For every pair (i < j) of sets that share at least one element of document frequency
 * ≤ maxDf, calls visit(i, j, sharedCount), in (i, j) order. Sets must be sorted unique.
 * Exported for the benchmarks' exact oracle.
 */
export function forEachSharingPair(sets: readonly Uint32Array[], maxDf: number, visit: (i: number, j: number, shared: number) => void): void {
  countSharedPairs(buildPostings(sets, maxDf), visit);
}

/**
 * Containment candidates from winnowed fingerprints. Winnowed fingerprints are a near-uniform
 * sample of the shingles, so the share of the smaller document's fingerprints found in the
 * other estimates its containment; accept generously (half the target) and let the exact
 * check decide. Fingerprints in more than maxDf documents are stock wording and not posted,
 * which bounds the work by maxDf × the number of postings.
 */
function containmentCandidates(fps: readonly Fingerprint[], opts: ResolvedPairOptions, into: PairList): void {
  const job = containmentJob(fps, opts, false);
  countSharedPairs(job.postings, (i, j) => into.add(i, j), job.filter);
}

/** What the containment count needs: postings of the winnowed fingerprints and the acceptance rule. */
export interface ContainmentJob {
  postings: SharedPostings;
  filter: { sizes: Uint32Array; share: number };
}

/**
 * The containment search's inputs; with `shared`, in SharedArrayBuffers for worker threads to
 * count slices of. The share of fingerprints in common is taken over each document's
 * fingerprints that are not stock wording (in more than maxDf documents), since stock ones
 * are never counted: a partial copy of a story that also uses stock phrases is not penalised.
 */
export function containmentJob(fps: readonly Fingerprint[], opts: ResolvedPairOptions, shared: boolean): ContainmentJob {
  const postings = buildPostings(
    fps.map((f) => f.winnowed),
    effectiveMaxDf(fps.length, opts.maxDocFrequency),
    shared,
  );
  return containmentJobOf(fps, opts, postings, shared);
}

/** containmentJob with the postings of the fingerprints' winnowed hashes given (built elsewhere, e.g. on several threads). */
export function containmentJobOf(fps: readonly Fingerprint[], opts: ResolvedPairOptions, postings: SharedPostings, shared: boolean): ContainmentJob {
  const sizes = shared ? new Uint32Array(new SharedArrayBuffer(4 * fps.length)) : new Uint32Array(fps.length);
  fps.forEach((f, i) => (sizes[i] = Math.max(1, f.winnowed.length - postings.stock[i]!)));
  return { postings, filter: { sizes, share: opts.containment * 0.5 } };
}

/**
 * Finds the pairs among already-fingerprinted documents (all made with the same parameters).
 * Candidates come from LSH over signatures (Jaccard) and from postings of winnowed
 * fingerprints (containment); every candidate is verified on the exact shingle sets.
 * Pairs come in input order (by a, then b).
 */
export function findPairsInFingerprints(fps: readonly Fingerprint[], opts: ResolvedPairOptions): Pair[] {
  return verifyCandidates(fps, candidatePairs(fps, opts), opts);
}

/** Candidate pairs (i < j) packed as i · n + j, sorted, each once. */
export function candidatePairs(fps: readonly Fingerprint[], opts: ResolvedPairOptions): Float64Array {
  const n = fps.length;
  const list = new PairList(n);
  if (n < 2) return list.sortedUnique();
  if (opts.candidates === 'exact') {
    forEachSharingPair(
      fps.map((f) => f.shingles),
      Number.MAX_SAFE_INTEGER,
      (i, j) => list.add(i, j),
    );
  } else {
    jaccardCandidates(fps, opts, list);
    if (opts.containment <= 1) containmentCandidates(fps, opts, list);
  }
  return list.sortedUnique();
}

/** Exact check of packed candidate pairs (from `candidatePairs`); `from`/`until` select a slice of them. */
export function verifyCandidates(fps: readonly Fingerprint[], keys: Float64Array, opts: ResolvedPairOptions, from = 0, until = keys.length): Pair[] {
  const n = fps.length;
  const out: Pair[] = [];
  for (let k = from; k < until; k++) {
    const key = keys[k]!;
    const i = Math.floor(key / n);
    const a = fps[i]!;
    const b = fps[key - i * n]!;
    const p = pairOf(a.id, b.id, a.shingles.length, b.shingles.length, intersectionSize(a.shingles, b.shingles), opts);
    if (p) out.push(p);
  }
  return out;
}

/**
 * The verified pair of two documents with `na` and `nb` shingles, `shared` of them in common, or
 * undefined when they share too little (the rule of verifyCandidates; an incremental analysis
 * applies it to stored counts).
 */
export function pairOf(a: string, b: string, na: number, nb: number, shared: number, opts: Pick<ResolvedPairOptions, 'threshold' | 'containment'>): Pair | undefined {
  if (shared === 0) return undefined;
  const union = na + nb - shared;
  const jaccard = shared / union;
  const aInB = shared / na;
  const bInA = shared / nb;
  if (jaccard >= opts.threshold || Math.max(aInB, bInA) >= opts.containment) return { a, b, jaccard, containment: { aInB, bInA }, shared };
  return undefined;
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
  checkOptionNames(opts, [...FINGERPRINT_OPTION_NAMES, ...PAIR_OPTION_NAMES, 'onProgress'], 'findNearDuplicates');
  const params = resolveFingerprintParams(opts, 'findNearDuplicates');
  const po = resolvePairOptions(opts, 'findNearDuplicates');
  const fps: Fingerprint[] = [];
  for (let i = 0; i < docs.length; i++) {
    fps.push(fingerprintWith(docs[i]!, params, false));
    if (opts?.onProgress && (i % 256 === 255 || i === docs.length - 1)) opts.onProgress(i + 1, docs.length);
  }
  return findPairsInFingerprints(fps, po);
}
