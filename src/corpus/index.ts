import { markTemplates } from '../compare/template.js';
import { alignPrepared, prepareAlignText, resolveAlignOptions, type AlignOptions, type AlignText, type Passage } from '../compare/align.js';
import { intersectionSize } from '../compare/overlap.js';
import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { checkOptionNames, FINGERPRINT_OPTION_NAMES, fingerprintWith, resolveFingerprintParams, sameParams, type Fingerprint, type FingerprintOptions, type FingerprintParams } from '../sketch/fingerprint.js';
import { LshIndex } from '../sketch/lsh.js';
import { STOCK_MAX_TOKENS } from '../provenance/passages.js';
import { keepBandHit, minAgreement, sketchOf } from './band-filter.js';
import { fingerprintAndShapes, ShapeCounts } from './shapes.js';

export interface CorpusIndexOptions extends FingerprintOptions {
  /** Jaccard threshold the LSH banding is tuned for. Default 0.3. */
  threshold?: number;
  /** A document is a match when this share of the query's shingles is in it (or of its shingles in the query). Default 0.02. */
  minContainment?: number;
  /**
   * Winnowed fingerprints in more documents than this are not used for candidates (stock
   * phrases). Default 200: at 10,000 generated articles, 1000 let 3,500 candidates through per
   * query, 200 lets 31, with the true source found in every case (see README, Benchmarks).
   */
  maxDocFrequency?: number;
}

export interface Match {
  id: string;
  doc: Doc;
  /** Share of the query's shingles found in the document. */
  queryInDoc: number;
  /** Share of the document's shingles found in the query. */
  docInQuery: number;
  jaccard: number;
  passages?: Passage[];
}

export interface QueryOptions {
  /** Align passages for each match. Default false. */
  passages?: boolean;
  /** Most matches to return, best first. Default 50. */
  limit?: number;
  align?: AlignOptions;
  /**
   * Verify every LSH band hit, even one whose signature agrees with the query's too little to
   * be at the index's threshold (see README, Choosing the defaults: such hits are dropped by
   * default, and at a million articles they are most of the candidates). Default false.
   */
  allBandHits?: boolean;
}

/** Every option `query` takes (a typo such as `{ limitt: 3 }` is refused, with this list). */
export const QUERY_OPTION_NAMES: readonly string[] = ['passages', 'limit', 'align', 'allBandHits'];

interface Entry {
  doc: Doc;
  fp: Fingerprint;
  /** What a store keeps for the band filter (band-filter.ts). */
  sketch: Uint8Array;
  /** Its figure shapes (shapes.ts). */
  shapes: Uint32Array;
  prepared?: AlignText;
}

/**
 * An index of documents to check drafts against: LSH over signatures plus postings of
 * winnowed fingerprints, with the shingles kept for exact verification and the text kept for
 * alignment. In memory; see the README for the persistent stores.
 */
export class CorpusIndex {
  readonly params: FingerprintParams;
  readonly threshold: number;
  readonly minContainment: number;
  readonly maxDocFrequency: number;
  private readonly lsh: LshIndex;
  private readonly entries = new Map<string, Entry>();
  private readonly postings = new Map<number, string[]>();
  private readonly shapes = new ShapeCounts();

  constructor(opts: CorpusIndexOptions = {}) {
    const c = new OptionChecker('CorpusIndex');
    c.known(opts, [...FINGERPRINT_OPTION_NAMES, 'threshold', 'minContainment', 'maxDocFrequency']);
    checkIndexOptions(c, opts);
    c.done();
    this.params = resolveFingerprintParams(opts, 'CorpusIndex');
    this.threshold = opts.threshold ?? DEFAULT_INDEX.threshold;
    this.minContainment = opts.minContainment ?? DEFAULT_INDEX.minContainment;
    this.maxDocFrequency = opts.maxDocFrequency ?? DEFAULT_INDEX.maxDocFrequency;
    this.lsh = new LshIndex({ threshold: this.threshold, numPerm: this.params.numPerm, weights: DEFAULT_INDEX.lshWeights });
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): Doc | undefined {
    return this.entries.get(id)?.doc;
  }

  /** Adds documents (ids must be new: remove first to replace). */
  add(docs: readonly Doc[]): void {
    validateDocs(docs, 'CorpusIndex.add');
    const dup = docs.filter((d) => this.entries.has(d.id)).map((d) => `"${d.id}"`);
    if (dup.length > 0) throw new WiretraceError('E_INPUT', 'CorpusIndex.add', `already in the index: ${dup.join(', ')} (remove them first to replace)`);
    for (const d of docs) {
      const { fp, shapes } = fingerprintAndShapes(d, this.params);
      this.entries.set(d.id, { doc: { ...d }, fp, sketch: sketchOf(fp.signature), shapes });
      this.shapes.apply(shapes, 1);
      this.lsh.insert(d.id, fp.signature);
      for (const h of fp.winnowed) {
        const l = this.postings.get(h);
        if (l) l.push(d.id);
        else this.postings.set(h, [d.id]);
      }
    }
  }

  /** Removes a document; returns whether it was there. */
  remove(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    this.lsh.remove(id);
    this.shapes.apply(e.shapes, -1);
    for (const h of e.fp.winnowed) {
      const l = this.postings.get(h);
      if (!l) continue;
      const i = l.indexOf(id);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) this.postings.delete(h);
    }
    return true;
  }

  /** Documents sharing wording with `query` (a document or a plain draft text), verified exactly, best first. */
  query(query: Doc | string, opts: QueryOptions = {}): Match[] {
    checkOptionNames(opts, QUERY_OPTION_NAMES, 'CorpusIndex.query');
    const q = queryDoc(query, 'CorpusIndex.query');
    const fp = fingerprintWith(q, this.params, false);
    if (!sameParams(fp.params, this.params)) throw new WiretraceError('E_PARAMS', 'CorpusIndex.query', 'parameters differ');
    const counts = new Map<string, number>();
    for (const h of fp.winnowed) {
      const l = this.postings.get(h);
      if (!l || l.length > this.maxDocFrequency) continue;
      for (const id of l) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const sketch = sketchOf(fp.signature);
    const min = minAgreement(this.threshold, this.params.numPerm);
    const keep = (id: string): boolean => opts.allBandHits === true || keepBandHit(sketch, this.entries.get(id)!.sketch, min);
    const cands = candidateIds(this.lsh.query(fp.signature), counts, fp.winnowed.length, this.minContainment, keep);
    const out: Match[] = verifyCandidates(fp, q.id, cands, (id) => this.entries.get(id)?.fp.shingles, this.minContainment, this.threshold).map((v) => ({ ...v, doc: this.entries.get(v.id)!.doc }));
    const top = out.slice(0, opts.limit ?? 50);
    if (opts.passages) alignMatches(q.text, top, opts.align, this, 'CorpusIndex.query');
    return top;
  }

  /** @internal For each shape (shapes.ts), how many of its variants the indexed documents hold (at most SHAPE_CAP). */
  shapeVariants(shapes: Uint32Array): Uint8Array {
    return this.shapes.variants(shapes);
  }

  /** @internal A match's text, prepared for alignment (cached per document). */
  alignTextOf(m: Match, boilerplate: boolean): AlignText {
    const e = this.entries.get(m.id)!;
    e.prepared ??= prepareAlignText(e.doc.text, boilerplate);
    return e.prepared;
  }

  /** Every document, in insertion order. */
  documents(): Doc[] {
    return [...this.entries.values()].map((e) => e.doc);
  }
}

/** Defaults of the corpus indexes (in memory and stored). */
export const DEFAULT_INDEX = {
  threshold: 0.3,
  minContainment: 0.02,
  /**
   * Winnowed fingerprints in more documents than this are not used for candidates (stock
   * phrases): at 10,000 generated articles, 1000 let 3,500 candidates through per query, 200
   * lets 31, with the true source found in every case (see README, Choosing the defaults).
   */
  maxDocFrequency: 200,
  /** LSH tuned to miss little: a false negative weighs four times a false positive (candidates are verified exactly). */
  lshWeights: { falsePositive: 0.2, falseNegative: 0.8 },
} as const;

/** Checks the options every corpus index takes. */
export function checkIndexOptions(c: OptionChecker, opts: CorpusIndexOptions): void {
  c.num('threshold', opts.threshold, 0.01, 0.99);
  c.num('minContainment', opts.minContainment, 0, 1);
  c.int('maxDocFrequency', opts.maxDocFrequency, 2, Number.MAX_SAFE_INTEGER);
}

/** A query or draft as a document: a plain text becomes `(draft)`. */
export function queryDoc(query: Doc | string, where: string): Doc {
  const q: Doc = typeof query === 'string' ? { id: '(draft)', text: query } : query;
  if (typeof q?.text !== 'string') throw new WiretraceError('E_INPUT', where, where === 'checkDraft' ? 'the draft has no text' : 'the query has no text');
  return q;
}

/**
 * Aligns the query text (prepared once) with every match, filling `passages`; returns the
 * prepared query for reuse.
 */
export function alignMatches(text: string, matches: readonly Match[], align: AlignOptions | undefined, index: { alignTextOf(m: Match, boilerplate: boolean): AlignText }, where: string): AlignText {
  const ao = resolveAlignOptions({ ...align }, where);
  const qp = prepareAlignText(text, ao.boilerplate);
  // formula passages (same words, other names and figures) are templates here too; but a check
  // counts a long stretch repeated from an item whose figures are all other (a rolling story's
  // earlier take re-run with the new toll), where analyze reads the pair as two editions of a report
  for (const m of matches) m.passages = markTemplates(text, m.doc.text, alignPrepared(qp, index.alignTextOf(m, ao.boilerplate), ao), undefined, { longFrom: STOCK_MAX_TOKENS });
  return qp;
}

/** Documents sharing three winnowed hashes with the query (a run of about ten words) or enough of the query's. */
export function winnowCandidates(winnowCounts: ReadonlyMap<string, number>, queryWinnowed: number, minContainment: number): Set<string> {
  const cands = new Set<string>();
  for (const [id, n] of winnowCounts) if (n >= 3 || n / Math.max(1, queryWinnowed) >= minContainment) cands.add(id);
  return cands;
}

/**
 * Candidates: the winnowed ones, and every LSH hit that `keepBandHit` keeps (see
 * band-filter.ts: a hit whose signature rules out the threshold is not verified).
 */
export function candidateIds(lshHits: Iterable<string>, winnowCounts: ReadonlyMap<string, number>, queryWinnowed: number, minContainment: number, keepBandHit: (id: string) => boolean = () => true): Set<string> {
  const cands = winnowCandidates(winnowCounts, queryWinnowed, minContainment);
  for (const id of lshHits) if (!cands.has(id) && keepBandHit(id)) cands.add(id);
  return cands;
}

/** Exact verification of candidates on their shingles; best first (query containment, then id). */
export function verifyCandidates(fp: Fingerprint, selfId: string, cands: Iterable<string>, shinglesOf: (id: string) => Uint32Array | undefined, minContainment: number, threshold: number): Omit<Match, 'doc'>[] {
  const out: Omit<Match, 'doc'>[] = [];
  for (const id of cands) {
    if (id === selfId) continue;
    const sh = shinglesOf(id);
    if (!sh) continue;
    const shared = intersectionSize(fp.shingles, sh);
    if (shared === 0) continue;
    const m = {
      id,
      queryInDoc: fp.shingles.length ? shared / fp.shingles.length : 0,
      docInQuery: sh.length ? shared / sh.length : 0,
      jaccard: shared / (fp.shingles.length + sh.length - shared),
    };
    if (m.queryInDoc >= minContainment || m.docInQuery >= minContainment || m.jaccard >= threshold) out.push(m);
  }
  return out.sort((x, y) => y.queryInDoc - x.queryInDoc || (x.id < y.id ? -1 : 1));
}
