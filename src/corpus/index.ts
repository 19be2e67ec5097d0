import { credits, extractAttributions, type Attribution } from '../attribution/extract.js';
import { builtinGazetteer } from '../attribution/gazetteer.js';
import { tokenAt } from '../compare/closeness.js';
import { isCounted, markTemplates } from '../compare/template.js';
import { alignPrepared, prepareAlignText, resolveAlignOptions, type AlignOptions, type AlignText, type Passage } from '../compare/align.js';
import { intersectionSize } from '../compare/overlap.js';
import { parseDate, validateDocs, type Doc } from '../doc.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { fingerprintWith, resolveFingerprintParams, sameParams, type Fingerprint, type FingerprintOptions, type FingerprintParams } from '../sketch/fingerprint.js';
import { LshIndex } from '../sketch/lsh.js';
import { formulaItems } from '../provenance/relations.js';
import type { StoredCorpusIndex } from './persistent.js';
import { keepBandHit, minAgreement, sketchOf } from './band-filter.js';

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

interface Entry {
  doc: Doc;
  fp: Fingerprint;
  /** What a store keeps for the band filter (band-filter.ts). */
  sketch: Uint8Array;
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

  constructor(opts: CorpusIndexOptions = {}) {
    const c = new OptionChecker('CorpusIndex');
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
      const fp = fingerprintWith(d, this.params, false);
      this.entries.set(d.id, { doc: { ...d }, fp, sketch: sketchOf(fp.signature) });
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

export interface DraftSource {
  id: string;
  title?: string;
  outlet?: string;
  url?: string;
  /**
   * Share of the draft's words attributed to this source: each reused word goes to the original
   * among the indexed documents that hold it (earliest, then official text and wire copy first,
   * then the closest match), so a later copy of a wire story never claims the wire's words.
   */
  share: number;
  /** Whether the draft credits this source's outlet. */
  credited: boolean;
  /** `original`: the source holds words no earlier holder has; `copy`: every word it shares with the draft is held by an earlier original. */
  role: 'original' | 'copy';
  /** For a copy: the original it repeats (the holder the draft's words are attributed to). */
  copyOf?: string;
  passages: (Passage & { draftText: string; sourceText: string })[];
}

export interface DraftReport {
  /** Words in the draft (boilerplate left out). */
  tokens: number;
  /** Share of the draft's words inside reused passages (quotes, templates and stock phrases left out). */
  reusedShare: number;
  /**
   * Share of the draft's words reused without credit: words whose original holders' outlets the
   * draft credits nowhere (crediting the wire a passage came from credits it, whatever later
   * copies are indexed), and that are not the draft's own outlet's earlier copy.
   */
  uncreditedShare: number;
  sources: DraftSource[];
  attributions: Attribution[];
}

/**
 * The newsroom check: how much of a draft is reused, from which indexed sources, credited
 * or not, with every passage and its spans in both texts.
 *
 * @example
 * const report = checkDraft(draftText, index);
 * if (report.uncreditedShare > 0.1) console.log('uncredited reuse:', report.sources.filter((s) => !s.credited));
 */
export interface CheckOptions {
  align?: AlignOptions;
  /** Most sources to consider, best first. Default 50. */
  limit?: number;
  /** Outlets the draft credits outside its text (a CMS's credit field): names, aliases or gazetteer ids. */
  credits?: readonly string[];
  /** Verify every LSH band hit (see QueryOptions.allBandHits). Default false. */
  allBandHits?: boolean;
}

export function checkDraft(draft: Doc | string, index: CorpusIndex, opts?: CheckOptions): DraftReport;
export function checkDraft(draft: Doc | string, index: StoredCorpusIndex, opts?: CheckOptions): Promise<DraftReport>;
export function checkDraft(draft: Doc | string, index: CorpusIndex | StoredCorpusIndex, opts: CheckOptions = {}): DraftReport | Promise<DraftReport> {
  const stored = (index as { kind?: string } | null)?.kind === 'stored';
  if (!stored && !(index instanceof CorpusIndex)) throw new WiretraceError('E_INPUT', 'checkDraft', 'index must be a CorpusIndex or an index from openCorpusIndex');
  const c = new OptionChecker('checkDraft');
  c.known(opts, ['align', 'limit', 'credits', 'allBandHits']);
  c.check(opts.credits === undefined || (Array.isArray(opts.credits) && opts.credits.every((x) => typeof x === 'string')), `credits must be an array of outlet names`);
  c.done();
  const extra = opts.credits ?? [];
  const queryOptions: QueryOptions = { limit: opts.limit ?? 50, ...(opts.allBandHits === true ? { allBandHits: true } : {}) };
  // the draft is prepared for alignment once, for the passages and for the report
  const report = (d: Doc, matches: Match[]): DraftReport => {
    const prepared = alignMatches(d.text, matches, opts.align, index, 'checkDraft');
    markFormulaMatches(d, matches);
    return draftReport(d, matches, prepared, extra);
  };
  if (stored) {
    const ix = index as StoredCorpusIndex;
    return (async () => {
      const d = queryDoc(draft, 'checkDraft');
      return report(d, await ix.query(d, queryOptions));
    })();
  }
  const d = queryDoc(draft, 'checkDraft');
  return report(d, (index as CorpusIndex).query(d, queryOptions));
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
  // formula passages (same words, other names and figures) are templates here too
  for (const m of matches) m.passages = markTemplates(text, m.doc.text, alignPrepared(qp, index.alignTextOf(m, ao.boilerplate), ao));
  return qp;
}

/**
 * A wire draft and an item of its own outlet that are one formula told twice (formulaItems: the
 * next edition of a daily report, another issuer's notice on the same terms) share a template, not
 * wording: their passages are `template` here as in `analyze`. Only for a draft given as a
 * document with its kind and outlet; the rules that need the whole corpus (its informative
 * names, the titles it carries on many days) are not applied.
 */
function markFormulaMatches(d: Doc, matches: Match[]): void {
  if (d.kind !== 'wire' || d.outlet === undefined) return;
  const input = { gazetteer: builtinGazetteer() };
  for (const m of matches) {
    const passages = m.passages ?? [];
    if (!passages.some(isCounted) || !formulaItems(passages, d, m.doc, input)) continue;
    m.passages = passages.map((x) => (isCounted(x) ? { ...x, kind: 'template' as const } : x));
  }
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

/** Source rank of a document: official text, then wire copy, then the rest. */
function kindRank(d: Doc): number {
  return d.kind === 'official' ? 2 : d.kind === 'wire' ? 1 : 0;
}

/** Whether holder x plainly came before holder y: an earlier date, else a higher source rank (official, wire). */
function before(x: Doc, y: Doc): boolean {
  const tx = x.publishedAt ? parseDate(x.publishedAt) : NaN;
  const ty = y.publishedAt ? parseDate(y.publishedAt) : NaN;
  if (!Number.isNaN(tx) && !Number.isNaN(ty) && tx !== ty) return tx < ty;
  return kindRank(x) > kindRank(y);
}

/** For each draft word: the matches whose counted passages cover it (in match order). */
function holdersOfWords(dp: AlignText, matches: readonly Match[]): Int32Array[] {
  const n = dp.tokens.ids.length;
  const lists: number[][] = Array.from({ length: n }, () => []);
  matches.forEach((m, mi) => {
    for (const p of m.passages ?? []) {
      if (!isCounted(p)) continue;
      for (let k = tokenAt(dp, p.a.start); k < n && dp.tokens.ends[k]! <= p.a.end; k++) lists[k]!.push(mi);
    }
  });
  return lists.map((l) => Int32Array.from(l));
}


/**
 * The draft report from matches aligned with the draft (`dp`: the draft prepared for alignment).
 * Each reused word is attributed to its original holder (no other holder of it came plainly
 * before); it is credited when the draft credits the outlet of any original holder of it, or when
 * the original is the draft's own outlet's earlier copy.
 */
function draftReport(d: Doc, matches: readonly Match[], dp: AlignText, extraCredits: readonly string[]): DraftReport {
  const n = dp.tokens.ids.length;
  const attributions = extractAttributions(d.text);
  const extra = new Set(extraCredits.map(outletId));
  const credited = matches.map((m) => m.doc.outlet !== undefined && (credits(attributions, m.doc.outlet) || extra.has(outletId(m.doc.outlet)) || sameOutlet(m.doc, d)));
  const holders = holdersOfWords(dp, matches);
  const claimed = new Float64Array(matches.length);
  const originalWords = new Float64Array(matches.length);
  const copyOf = new Map<number, Map<number, number>>();
  let reused = 0;
  let uncredited = 0;
  for (let k = 0; k < n; k++) {
    const hs = holders[k]!;
    if (hs.length === 0) continue;
    reused++;
    const originals = [...hs].filter((i) => ![...hs].some((j) => j !== i && before(matches[j]!.doc, matches[i]!.doc)));
    // attributed to the first original in match order (the closest match among them)
    const owner = originals[0]!;
    claimed[owner] = claimed[owner]! + 1;
    for (const i of originals) originalWords[i] = originalWords[i]! + 1;
    for (const i of hs) {
      if (originals.includes(i)) continue;
      const c = copyOf.get(i) ?? new Map<number, number>();
      c.set(owner, (c.get(owner) ?? 0) + 1);
      copyOf.set(i, c);
    }
    if (!originals.some((i) => credited[i])) uncredited++;
  }
  const sources: DraftSource[] = [];
  matches.forEach((m, i) => {
    if (!(m.passages ?? []).some(isCounted)) return;
    const role = originalWords[i]! > 0 ? 'original' : 'copy';
    const s: DraftSource = {
      id: m.id,
      share: n === 0 ? 0 : round(claimed[i]! / n),
      credited: credited[i]!,
      role,
      passages: (m.passages ?? []).map((p) => ({ ...p, draftText: d.text.slice(p.a.start, p.a.end), sourceText: m.doc.text.slice(p.b.start, p.b.end) })),
    };
    if (role === 'copy') {
      const best = [...(copyOf.get(i) ?? [])].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0];
      if (best) s.copyOf = matches[best[0]]!.id;
    }
    if (m.doc.title) s.title = m.doc.title;
    if (m.doc.outlet) s.outlet = m.doc.outlet;
    if (m.doc.url) s.url = m.doc.url;
    sources.push(s);
  });
  return {
    tokens: n,
    reusedShare: n === 0 ? 0 : round(reused / n),
    uncreditedShare: n === 0 ? 0 : round(uncredited / n),
    sources: sources.sort((x, y) => y.share - x.share || (x.role === y.role ? 0 : x.role === 'original' ? -1 : 1) || (x.id < y.id ? -1 : 1)),
    attributions,
  };
}

function outletId(name: string): string {
  return builtinGazetteer().resolve(name)?.id ?? name.trim().toLowerCase();
}

function sameOutlet(a: Doc, b: Doc): boolean {
  return a.outlet !== undefined && b.outlet !== undefined && outletId(a.outlet) === outletId(b.outlet);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
