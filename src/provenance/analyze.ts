import { extractAttributions, type Attribution, type AttributionOptions } from '../attribution/extract.js';
import { builtinGazetteer, Gazetteer } from '../attribution/gazetteer.js';
import { ALIGN_OPTION_NAMES, prepareAlignText, resolveAlignOptions, type AlignOptions, type AlignText } from '../compare/align.js';
import { informativeSlots } from '../compare/template.js';
import { findPairsInFingerprints, resolvePairOptions, type PairOptions } from '../compare/pairs.js';
import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker } from '../errors.js';
import { fingerprintWith, resolveFingerprintParams } from '../sketch/fingerprint.js';
import { buildGraph } from './build.js';
import type { PairAnalysis, ProvenanceGraph } from './graph.js';
import { alignCandidates, commonShingles, independentGroups, markStockPhrases, pairFigures, STOCK_DF, wordEvidence } from './passages.js';

/** Version of the serialised analysis (the JSON the CLI writes). */
export const ANALYSIS_FORMAT_VERSION = 1;

export interface AnalyzeOptions extends Omit<PairOptions, 'onProgress'>, Omit<AlignOptions, 'commonShingles'>, AttributionOptions {
  /**
   * Word 3-grams found in at least this many independent documents are "common" (stock
   * phrases, the official line everybody quotes); passages made of them do not count as reuse.
   * Default `defaultCommonDocFrequency(n)`: 20% of the documents, at least 3 and at most
   * 5 + 2·log2(n) (10 at 50 documents, 34 at 20,000, 45 at 1,000,000), so that it still
   * triggers on a large archive. `Infinity` turns it off.
   */
  commonDocFrequency?: number;
  /** Leave out pairs of documents from the same outlet (otherwise labelled `same-outlet`). Default false. */
  skipSameOutlet?: boolean;
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
  /** Attributions by document id (a null-prototype object: any id is safe as a key). */
  attributions: Record<string, Attribution[]>;
  graph: ProvenanceGraph;
  /** Things worth knowing that are not errors (empty documents…). */
  warnings: string[];
  /** The options in force, defaults filled in. */
  options: Record<string, unknown>;
}

/** Every option `analyze` takes (a typo such as `{ shingle: 5 }` is refused, with this list). */
const ANALYZE_OPTION_NAMES: readonly string[] = [...new Set([
  ...['shingleSize', 'numPerm', 'seed', 'winnowWindow', 'keepTokens', 'stem', 'dropStopwords', 'boilerplate'],
  ...['threshold', 'containment', 'candidates', 'lshWeights', 'maxDocFrequency'],
  ...ALIGN_OPTION_NAMES.filter((n) => n !== 'commonShingles'),
  ...['sources', 'generic'],
  ...['commonDocFrequency', 'verdict', 'duplicateThreshold', 'skipSameOutlet', 'onProgress'],
])];

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
  c.oneOf('skipSameOutlet', opts.skipSameOutlet, [true, false]);
  c.fn('onProgress', opts.onProgress);
  c.known(opts, ANALYZE_OPTION_NAMES);
  c.done();
  const params = resolveFingerprintParams(opts, 'analyze');
  const { onProgress: _p, skipSameOutlet: _s, ...rest } = opts;
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
  const commonDf = opts.commonDocFrequency ?? defaultCommonDocFrequency(n);
  const groups = independentGroups(docs, candidates);
  if (Number.isFinite(commonDf) && n >= commonDf) alignOpts.commonShingles = commonShingles(docs, prep, commonDf, groups);

  // names in more than 1% of a large corpus ("Bank", "England") are formula words, not facts
  const slots = n >= 200 ? informativeSlots(docs.map((d) => d.text), Math.max(STOCK_DF, Math.ceil(0.01 * n))) : undefined;
  const aligned = alignCandidates(candidates, byId, prepared, alignOpts, progress, slots);
  if (Number.isFinite(commonDf) && n >= STOCK_DF) markStockPhrases(aligned, docs, prep, groups);
  const { pairs, gramsOf } = pairFigures(aligned, prepared);

  const attributions: Record<string, Attribution[]> = Object.create(null) as Record<string, Attribution[]>;
  docs.forEach((d, i) => {
    attributions[d.id] = extractAttributions(d.text, opts.sources ? { sources: opts.sources, generic: opts.generic ?? true } : { generic: opts.generic ?? true });
    if (progress && (i % 100 === 99 || i === n - 1)) progress('attribution', i + 1, n);
  });

  const { graph, relations } = buildGraph({
    docs,
    tokens: new Map(fps.map((f) => [f.id, f.tokenCount])),
    pairs,
    attributions: new Map(Object.entries(attributions)),
    gazetteer,
    verdict,
    duplicateThreshold,
    skipSameOutlet: opts.skipSameOutlet ?? false,
    ...wordEvidence(pairs, prepared, gramsOf),
  });
  pairs.forEach((p, i) => {
    p.relation = relations[i]!;
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
    options: { ...params, ...pairOpts, ...alignShown, commonDocFrequency: commonDf, verdict, duplicateThreshold, skipSameOutlet: opts.skipSameOutlet ?? false },
  };
}

/** The default `commonDocFrequency` for a corpus of n documents (see AnalyzeOptions). */
export function defaultCommonDocFrequency(n: number): number {
  return Math.max(3, Math.min(Math.ceil(0.2 * n), Math.ceil(5 + 2 * Math.log2(Math.max(2, n)))));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function stripUndef<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
