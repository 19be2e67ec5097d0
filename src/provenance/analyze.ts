import type { Attribution, AttributionOptions } from '../attribution/extract.js';
import { builtinGazetteer, Gazetteer } from '../attribution/gazetteer.js';
import { ALIGN_OPTION_NAMES, resolveAlignOptions, type AlignOptions, type AlignText } from '../compare/align.js';
import { findPairsInFingerprints, resolvePairOptions, type Pair, type PairOptions, type ResolvedPairOptions } from '../compare/pairs.js';
import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker } from '../errors.js';
import { resolveFingerprintParams, type Fingerprint, type FingerprintParams } from '../sketch/fingerprint.js';
import { sourceGraph } from './build.js';
import { markFormulaItems, sameOutlet } from './relations.js';
import type { PairAnalysis, ProvenanceGraph } from './graph.js';
import { independentGroups, recountOneStories, recountSameTables, STOCK_DF, wordEvidence } from './passages.js';
import { alignStage, frequentFoldedInGroups, frequentPlainAndFoldedInGroups, frequentInGroups, frequentOf, frequentSlots, runAttributionsTask, runDocsTask, slotFilter, type AttributionsShared, type DocScan, type DocsShared, type PairsShared } from './stages.js';

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
 * `analyzeParallel` runs the same stages on worker threads, with the same result.
 *
 * @example
 * const analysis = analyze(docs);
 * analysis.graph.edges.filter(isUncreditedReuse) // uncredited reuse (`reuses` and `duplicates` edges without credit)
 */
export function analyze(docs: readonly Doc[], opts: AnalyzeOptions = {}): Analysis {
  const plan = planAnalysis(docs, opts, 'analyze');
  const progress = opts.onProgress;
  const scans = runDocsTask({ docs: [...docs] }, plan.docs, progress && ((d, t) => progress('fingerprint', d, t)));
  const fps = scans.map((x) => x.fp);
  const candidates = findPairsInFingerprints(fps, plan.pairOpts);
  releaseFingerprints(fps);
  const shared = corpusCounts(plan, docs, scans, candidates);
  const { pairs, prepared, gramsOf } = alignStage(docs, candidates, shared, progress);
  const attributions = runAttributionsTask({ texts: docs.map((d) => d.text) }, plan.attributions, progress && ((d, t) => progress('attribution', d, t)));
  return finishAnalysis(plan, docs, fps, pairs, attributions, { prepared, gramsOf }, shared);
}

/**
 * Drops the arrays of fingerprints once the candidates are verified: from there on only their ids
 * and token counts are read (warnings, the graph). ~3.9 KB a document (shingles, signature,
 * winnowed hashes), 390 MB at 100,000, held through the pair and graph stages until this.
 * Returns the bytes let go.
 */
export function releaseFingerprints(fps: readonly Fingerprint[]): number {
  let bytes = 0;
  for (const f of fps) {
    bytes += f.shingles.byteLength + f.signature.byteLength + f.winnowed.byteLength;
    f.shingles = f.signature = f.winnowed = NO_HASHES;
  }
  return bytes;
}
const NO_HASHES = new Uint32Array(0);

/** Everything `analyze` resolves from its options before it starts: checked once, shared by every stage. */
export interface AnalysisPlan {
  n: number;
  params: FingerprintParams;
  pairOpts: ResolvedPairOptions;
  alignOpts: Omit<ReturnType<typeof resolveAlignOptions>, 'commonShingles'>;
  commonDf: number;
  verdict: { wholly: number; partially: number };
  duplicateThreshold: number;
  skipSameOutlet: boolean;
  gazetteer: Gazetteer;
  /** What the per-document stage computes. */
  docs: DocsShared;
  attributions: AttributionsShared;
}

/**
 * Checks the documents and the options (every problem at once; `extra`: more option names the
 * caller takes, such as `workers`) and resolves them.
 */
export function planAnalysis(docs: readonly Doc[], opts: AnalyzeOptions, where: string, extra: readonly string[] = []): AnalysisPlan {
  validateDocs(docs, where);
  const c = new OptionChecker(where);
  c.num('commonDocFrequency', opts.commonDocFrequency, 2, Infinity);
  c.num('verdict.wholly', opts.verdict?.wholly, 0, 1);
  c.num('verdict.partially', opts.verdict?.partially, 0, 1);
  c.num('duplicateThreshold', opts.duplicateThreshold, 0.05, 1);
  c.oneOf('skipSameOutlet', opts.skipSameOutlet, [true, false]);
  c.fn('onProgress', opts.onProgress);
  c.known(opts, [...ANALYZE_OPTION_NAMES, ...extra]);
  c.done();
  const params = resolveFingerprintParams(opts, where);
  const { onProgress: _p, skipSameOutlet: _s, ...rest } = opts;
  const pairOpts = resolvePairOptions({ ...rest, containment: opts.containment ?? DEFAULT_ANALYZE.containment }, where);
  const { commonShingles: _cs, ...alignOpts } = resolveAlignOptions(opts, where);
  const n = docs.length;
  const commonDf = opts.commonDocFrequency ?? defaultCommonDocFrequency(n);
  return {
    n,
    params,
    pairOpts,
    alignOpts,
    commonDf,
    verdict: { ...DEFAULT_ANALYZE.verdict, ...stripUndef(opts.verdict ?? {}) },
    duplicateThreshold: opts.duplicateThreshold ?? DEFAULT_ANALYZE.duplicateThreshold,
    skipSameOutlet: opts.skipSameOutlet ?? false,
    gazetteer: opts.sources?.length ? new Gazetteer(opts.sources) : builtinGazetteer(),
    docs: {
      params,
      boilerplate: alignOpts.boilerplate,
      grams: Number.isFinite(commonDf) && n >= commonDf,
      // as their difference from the plain 3-grams when those are made too
      folded: Number.isFinite(commonDf) && n >= STOCK_DF && (n >= commonDf ? 'diff' : true),
      slots: n >= SLOT_MIN_DOCS,
    },
    attributions: { ...(opts.sources ? { sources: opts.sources } : {}), generic: opts.generic ?? true },
  };
}

/** From this many documents, names in more than 1% of them are formula words, not facts. */
const SLOT_MIN_DOCS = 200;

/**
 * The corpus stage: groups of near-copies, the 3-grams common among independent groups, the
 * figure-folded 3-grams of stock wording and the formula's slot words — what every pair task
 * needs. The per-document arrays are released as they are used. `slotDf`: the slot words'
 * document frequencies when they were counted as the scans came in (the scans then have no slots).
 */
export function corpusCounts(plan: AnalysisPlan, docs: readonly Doc[], scans: DocScan[], candidates: readonly Pair[], slotDf?: ReadonlyMap<string, number>): PairsShared {
  const groups = independentGroups(docs, candidates);
  const ids = docs.map((d) => d.id);
  // both from one count of the plain 3-grams when the folded ones are held as their difference from them
  const both = countsBothAtOnce(plan) ? frequentPlainAndFoldedInGroups(ids, scans, groups, plan.commonDf, STOCK_DF) : undefined;
  return corpusCountsWith(plan, ids, scans, groups, slotDf, both);
}

/**
 * Whether corpusCounts takes the plain and folded 3-grams in one count (frequentPlainAndFoldedInGroups),
 * which can be split by parts of the hash range (frequentPlainAndFoldedInRange, with corpusCountsWith).
 */
export function countsBothAtOnce(plan: AnalysisPlan): boolean {
  return plan.docs.grams && plan.docs.folded === 'diff';
}

/** corpusCounts with the groups of near-copies given, and `both` when they were counted already (elsewhere, in parts). */
export function corpusCountsWith(
  plan: AnalysisPlan,
  ids: readonly string[],
  scans: DocScan[],
  groups: ReadonlyMap<string, string>,
  slotDf?: ReadonlyMap<string, number>,
  both?: { common: Uint32Array; stock: Uint32Array },
): PairsShared {
  const take = (k: 'grams'): (Uint32Array | undefined)[] =>
    scans.map((x) => {
      const a = x[k];
      delete x[k];
      return a;
    });
  if (both)
    for (const x of scans) {
      delete x.grams;
      delete x.foldedDiff;
      delete x.folded;
    }
  // else the folded 3-grams first: a scan may hold them as their difference from the plain ones
  const stock = both ? both.stock : plan.docs.folded ? frequentFoldedInGroups(ids, scans, groups, STOCK_DF) : null;
  const common = both ? both.common : plan.docs.grams ? frequentInGroups(ids, take('grams'), groups, plan.commonDf) : null;
  // names in more than 1% of a large corpus ("Bank", "England") are formula words, not facts
  const slotMinDf = Math.max(STOCK_DF, Math.ceil(0.01 * plan.n));
  const slots = !plan.docs.slots ? null : slotDf ? frequentOf(slotDf, slotMinDf) : frequentSlots(scans.map((x) => x.slots), slotMinDf);
  for (const x of scans) delete x.slots;
  return { align: plan.alignOpts, common, stock, frequentSlots: slots };
}

/** The last stage: attributions by document, the provenance graph, each pair's relation. */
export function finishAnalysis(
  plan: AnalysisPlan,
  docs: readonly Doc[],
  fps: readonly Fingerprint[],
  pairs: PairAnalysis[],
  attributionList: readonly Attribution[][],
  texts: { prepared: ReadonlyMap<string, AlignText>; gramsOf: (id: string) => Uint32Array },
  shared: PairsShared,
): Analysis {
  // the sourcing step gets the attributions of the pairs' documents only, as analyzeParallel's
  // does: a read of any other there throws here too, so every analyze test checks the rule
  const inPairs = new Set(pairs.flatMap((p) => [p.a, p.b]));
  const byDoc = new Map<string, readonly Attribution[]>();
  docs.forEach((d, i) => {
    if (inPairs.has(d.id)) byDoc.set(d.id, attributionList[i]!);
  });
  return sourceAnalysis(plan, docs, fps, pairs, byDoc, texts, shared)(attributionList);
}

/**
 * finishAnalysis in two steps: the sourcing of the pairs with the attributions of the documents
 * in `pairs` (`pairAttributions`, by id: asking it for another document throws), then (the
 * function returned) the rest with every document's attributions, in input order.
 */
export function sourceAnalysis(
  plan: AnalysisPlan,
  docs: readonly Doc[],
  fps: readonly Fingerprint[],
  pairs: PairAnalysis[],
  pairAttributions: ReadonlyMap<string, readonly Attribution[]>,
  texts: { prepared: ReadonlyMap<string, AlignText>; gramsOf: (id: string) => Uint32Array },
  shared: PairsShared,
): (attributionList: readonly Attribution[][]) => Analysis {
  const warnings: string[] = [];
  for (const f of fps) if (f.tokenCount === 0) warnings.push(`document "${f.id}" has no words (after boilerplate removal): it can match nothing`);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const slots = shared.frequentSlots ? slotFilter(shared.frequentSlots) : undefined;
  const told = recountOneStories(pairs, byId, (a, b) => sameOutlet(a, b, plan), texts.prepared, texts.gramsOf, slots);
  recountSameTables(pairs, byId, (a, b) => sameOutlet(a, b, plan), texts.prepared, texts.gramsOf, slots);
  markFormulaItems(pairs, byId, plan, slots, told);
  const finishGraph = sourceGraph({
    docs,
    tokens: new Map(fps.map((f) => [f.id, f.tokenCount])),
    pairs,
    attributions: new KnownOnly(pairAttributions),
    gazetteer: plan.gazetteer,
    verdict: plan.verdict,
    duplicateThreshold: plan.duplicateThreshold,
    skipSameOutlet: plan.skipSameOutlet,
    ...wordEvidence(pairs, texts.prepared, texts.gramsOf),
  });
  return (attributionList) => {
    const attributions: Record<string, Attribution[]> = Object.create(null) as Record<string, Attribution[]>;
    docs.forEach((d, i) => {
      attributions[d.id] = attributionList[i]!;
    });
    const { graph, relations } = finishGraph(new Map(Object.entries(attributions)));
    pairs.forEach((p, i) => {
      p.relation = relations[i]!;
    });
    const { params, pairOpts, alignOpts, commonDf, verdict, duplicateThreshold, skipSameOutlet } = plan;
    return {
      format: 'wiretrace-analysis',
      version: ANALYSIS_FORMAT_VERSION,
      documents: docs.map((d) => ({ ...d })),
      // skipSameOutlet drops the pairs of one outlet (the only ones then labelled same-outlet), not only their edges
      pairs: skipSameOutlet ? pairs.filter((p) => p.relation !== 'same-outlet') : pairs,
      attributions,
      graph,
      warnings,
      options: { ...params, ...pairOpts, ...alignOpts, commonDocFrequency: commonDf, verdict, duplicateThreshold, skipSameOutlet },
    };
  };
}

/**
 * The attributions of some documents, by id, that throw when asked for another: what the sourcing
 * step of the graph reads (the documents of pairs) may never silently read "no attributions" for a
 * document whose attributions were not taken yet.
 */
export class KnownOnly<V> extends Map<string, V> {
  constructor(of: ReadonlyMap<string, V>) {
    super(of);
  }
  override get(id: string): V | undefined {
    if (!this.has(id)) throw new Error(`wiretrace: analyze: the attributions of "${id}" were read before they were taken`);
    return super.get(id);
  }
}

/** The default `commonDocFrequency` for a corpus of n documents (see AnalyzeOptions). */
export function defaultCommonDocFrequency(n: number): number {
  return Math.max(3, Math.min(Math.ceil(0.2 * n), Math.ceil(5 + 2 * Math.log2(Math.max(2, n)))));
}

function stripUndef<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
