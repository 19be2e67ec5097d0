import { extractAttributions, type Attribution, type AttributionOptions } from '../attribution/extract.js';
import { builtinGazetteer, Gazetteer } from '../attribution/gazetteer.js';
import { alignPrepared, passageCoverage, prepareAlignText, resolveAlignOptions, type AlignOptions, type AlignText } from '../compare/align.js';
import { findPairsInFingerprints, resolvePairOptions, type PairOptions } from '../compare/pairs.js';
import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker } from '../errors.js';
import { hashKGram } from '../sketch/hash.js';
import { fingerprintWith, resolveFingerprintParams } from '../sketch/fingerprint.js';
import { buildProvenanceGraph } from './build.js';
import type { PairAnalysis, ProvenanceGraph } from './graph.js';

/** Version of the serialised analysis (the JSON the CLI writes). */
export const ANALYSIS_FORMAT_VERSION = 1;

export interface AnalyzeOptions extends Omit<PairOptions, 'onProgress'>, Omit<AlignOptions, 'commonShingles'>, AttributionOptions {
  /**
   * Word 3-grams found in at least this many documents are "common" (stock phrases, the
   * official line everybody quotes); passages made of them do not count as reuse.
   * Default max(3, 20% of the documents). `Infinity` turns it off.
   */
  commonDocFrequency?: number;
  /** Coverage of the derived text that makes it wholly / partially derived. Default { wholly: 0.5, partially: 0.1 }. */
  verdict?: { wholly?: number; partially?: number };
  /** Jaccard from which two documents are copies of each other (`duplicates`). Default 0.9. */
  duplicateThreshold?: number;
  /** Progress: stage name, items done, items in all. */
  onProgress?: (stage: 'fingerprint' | 'align' | 'attribution', done: number, total: number) => void;
}

export interface Analysis {
  format: 'wiretrace-analysis';
  version: typeof ANALYSIS_FORMAT_VERSION;
  documents: Doc[];
  /** Candidate pairs that share at least one passage, in input order. */
  pairs: PairAnalysis[];
  attributions: Record<string, Attribution[]>;
  graph: ProvenanceGraph;
  /** Things worth knowing that are not errors (empty documents…). */
  warnings: string[];
  /** The options in force, defaults filled in. */
  options: Record<string, unknown>;
}

export const DEFAULT_ANALYZE = {
  containment: 0.05,
  verdict: { wholly: 0.5, partially: 0.1 },
  duplicateThreshold: 0.9,
} as const;

/**
 * Runs the whole pipeline once: every document fingerprinted once, candidates by LSH and
 * winnowed fingerprints, exact verification, alignment, attribution, provenance graph.
 *
 * @example
 * const analysis = analyze(docs);
 * analysis.graph.edges.filter((e) => e.type === 'reuses' && !e.credited) // uncredited reuse
 */
export function analyze(docs: readonly Doc[], opts: AnalyzeOptions = {}): Analysis {
  validateDocs(docs, 'analyze');
  const c = new OptionChecker('analyze');
  c.num('commonDocFrequency', opts.commonDocFrequency, 2, Infinity);
  c.num('verdict.wholly', opts.verdict?.wholly, 0, 1);
  c.num('verdict.partially', opts.verdict?.partially, 0, 1);
  c.num('duplicateThreshold', opts.duplicateThreshold, 0.05, 1);
  c.done();
  const params = resolveFingerprintParams(opts, 'analyze');
  const { onProgress: _p, ...rest } = opts;
  const pairOpts = resolvePairOptions({ ...rest, containment: opts.containment ?? DEFAULT_ANALYZE.containment }, 'analyze');
  const alignOpts = resolveAlignOptions(opts, 'analyze');
  const verdict = { ...DEFAULT_ANALYZE.verdict, ...stripUndef(opts.verdict ?? {}) };
  const duplicateThreshold = opts.duplicateThreshold ?? DEFAULT_ANALYZE.duplicateThreshold;
  const gazetteer = opts.sources?.length ? new Gazetteer(opts.sources) : builtinGazetteer();
  const progress = opts.onProgress;
  const n = docs.length;
  const warnings: string[] = [];

  const fps = docs.map((d, i) => {
    const fp = fingerprintWith(d, params, false);
    if (progress && (i % 100 === 99 || i === n - 1)) progress('fingerprint', i + 1, n);
    if (fp.tokenCount === 0) warnings.push(`document "${d.id}" has no words (after boilerplate removal): it can match nothing`);
    return fp;
  });
  const candidates = findPairsInFingerprints(fps, pairOpts);

  // only documents in some candidate pair need preparing for alignment
  const prepared = new Map<string, AlignText>();
  const prep = (d: Doc): AlignText => {
    let t = prepared.get(d.id);
    if (!t) prepared.set(d.id, (t = prepareAlignText(d.text, alignOpts.boilerplate)));
    return t;
  };
  const byId = new Map(docs.map((d) => [d.id, d]));
  for (const p of candidates) {
    prep(byId.get(p.a)!);
    prep(byId.get(p.b)!);
  }
  const commonDf = opts.commonDocFrequency ?? Math.max(3, Math.ceil(0.2 * n));
  if (Number.isFinite(commonDf) && n >= commonDf) alignOpts.commonShingles = commonShingles(docs, prep, commonDf, independentGroups(docs, candidates));

  const pairs: PairAnalysis[] = [];
  candidates.forEach((p, i) => {
    const A = prepared.get(p.a)!;
    const B = prepared.get(p.b)!;
    const passages = alignPrepared(A, B, alignOpts);
    if (progress && (i % 50 === 49 || i === candidates.length - 1)) progress('align', i + 1, candidates.length);
    if (passages.length === 0) return;
    const cov = passageCoverage(passages, A, B);
    // share of the counted words that are matched word for word (a passage's similarity is its matched share)
    let verbatim = 0;
    let counted = 0;
    for (const x of passages) {
      if (x.kind === 'quote' || x.common) continue;
      counted += x.tokens;
      verbatim += x.similarity * x.tokens;
    }
    pairs.push({
      a: p.a,
      b: p.b,
      jaccard: round(p.jaccard),
      containment: { aInB: round(p.containment.aInB), bInA: round(p.containment.bInA) },
      passages,
      coverage: { a: round(cov.a), b: round(cov.b) },
      coveredTokens: { a: cov.tokensA, b: cov.tokensB },
      verbatimShare: counted === 0 ? 0 : round(verbatim / counted),
    });
  });

  const attributions = Object.create(null) as Record<string, Attribution[]>; // null prototype: an id "__proto__" is a key like any other
  docs.forEach((d, i) => {
    attributions[d.id] = extractAttributions(d.text, opts.sources ? { sources: opts.sources, generic: opts.generic ?? true } : { generic: opts.generic ?? true });
    if (progress && (i % 100 === 99 || i === n - 1)) progress('attribution', i + 1, n);
  });

  const graph = buildProvenanceGraph({
    docs,
    tokens: new Map(fps.map((f) => [f.id, f.tokenCount])),
    pairs,
    attributions: new Map(Object.entries(attributions)),
    gazetteer,
    verdict,
    duplicateThreshold,
  });
  const { commonShingles: _cs, ...alignShown } = alignOpts;
  return {
    format: 'wiretrace-analysis',
    version: ANALYSIS_FORMAT_VERSION,
    documents: docs.map((d) => ({ ...d })),
    pairs,
    attributions,
    graph,
    warnings,
    options: { ...params, ...pairOpts, ...alignShown, commonDocFrequency: commonDf, verdict, duplicateThreshold },
  };
}

/**
 * Groups of documents that are not independent of each other: near-copies (a verified pair
 * where either text has half its shingles in the other) fall in one group. A phrase is
 * common when many *independent* documents use it — a wire story and its copies do not make
 * their own wording common.
 */
function independentGroups(docs: readonly Doc[], pairs: readonly { a: string; b: string; containment: { aInB: number; bInA: number } }[]): Map<string, string> {
  const parent = new Map(docs.map((d) => [d.id, d.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const p of pairs) {
    if (Math.max(p.containment.aInB, p.containment.bInA) < 0.5) continue;
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra !== rb) parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
  }
  return new Map(docs.map((d) => [d.id, find(d.id)]));
}

/** Stemmed word-3-gram hashes used by at least `minDf` independent groups of documents. */
function commonShingles(docs: readonly Doc[], prep: (d: Doc) => AlignText, minDf: number, groupOf: Map<string, string>): Set<number> {
  const perGroup = new Map<string, Set<number>>();
  for (const d of docs) {
    const g = groupOf.get(d.id)!;
    let seen = perGroup.get(g);
    if (!seen) perGroup.set(g, (seen = new Set()));
    const ids = prep(d).tokens.ids;
    for (let t = 0; t + 3 <= ids.length; t++) seen.add(hashKGram(ids, t, 3));
  }
  const df = new Map<number, number>();
  for (const seen of perGroup.values()) for (const h of seen) df.set(h, (df.get(h) ?? 0) + 1);
  const out = new Set<number>();
  for (const [h, c] of df) if (c >= minDf) out.add(h);
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function stripUndef<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
