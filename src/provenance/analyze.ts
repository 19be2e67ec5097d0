import { extractAttributions, type Attribution, type AttributionOptions } from '../attribution/extract.js';
import { builtinGazetteer, Gazetteer } from '../attribution/gazetteer.js';
import { alignPrepared, passageCoverage, prepareAlignText, resolveAlignOptions, type AlignOptions, type AlignText } from '../compare/align.js';
import { coverMask, gramSet, pairCloseness, privateShare, quotedSides, tripleEvidence, type TripleEvidence } from '../compare/closeness.js';
import { isCounted, markTemplates } from '../compare/template.js';
import { findPairsInFingerprints, resolvePairOptions, type PairOptions } from '../compare/pairs.js';
import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker } from '../errors.js';
import { hashKGram } from '../sketch/hash.js';
import { fingerprintWith, resolveFingerprintParams } from '../sketch/fingerprint.js';
import { buildGraph } from './build.js';
import type { PairAnalysis, ProvenanceGraph } from './graph.js';

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
  if (Number.isFinite(commonDf) && n >= commonDf) alignOpts.commonShingles = commonShingles(docs, prep, commonDf, independentGroups(docs, candidates));

  const { pairs, gramsOf } = alignCandidates(candidates, byId, prepared, alignOpts, progress);

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

type Candidate = { a: string; b: string; jaccard: number; containment: { aInB: number; bInA: number } };

/**
 * Aligns every candidate pair and keeps those sharing a passage, with what the provenance stage
 * weighs: formula passages relabelled `template`, counted coverage, verbatim share, closeness
 * both ways and the words quoted on one side only.
 */
function alignCandidates(
  candidates: readonly Candidate[],
  byId: ReadonlyMap<string, Doc>,
  prepared: ReadonlyMap<string, AlignText>,
  alignOpts: ReturnType<typeof resolveAlignOptions>,
  progress: AnalyzeOptions['onProgress'],
): { pairs: PairAnalysis[]; gramsOf: (id: string) => Uint32Array } {
  const grams = new Map<string, Uint32Array>();
  const gramsOf = (id: string): Uint32Array => {
    let g = grams.get(id);
    if (!g) grams.set(id, (g = gramSet(prepared.get(id)!)));
    return g;
  };
  const pairs: PairAnalysis[] = [];
  candidates.forEach((p, i) => {
    const A = prepared.get(p.a)!;
    const B = prepared.get(p.b)!;
    if (progress && (i % 50 === 49 || i === candidates.length - 1)) progress('align', i + 1, candidates.length);
    const aligned = alignPrepared(A, B, alignOpts);
    if (aligned.length === 0) return;
    const passages = markTemplates(byId.get(p.a)!.text, byId.get(p.b)!.text, aligned);
    const cov = passageCoverage(passages, A, B);
    // share of the counted words that are matched word for word (a passage's similarity is its matched share)
    let verbatim = 0;
    let counted = 0;
    for (const x of passages) {
      if (!isCounted(x)) continue;
      counted += x.tokens;
      verbatim += x.similarity * x.tokens;
    }
    const close = counted === 0 ? { aInB: 0, bInA: 0 } : pairCloseness(A, B, passages, gramsOf(p.a), gramsOf(p.b));
    pairs.push({
      a: p.a,
      b: p.b,
      jaccard: round(p.jaccard),
      containment: { aInB: round(p.containment.aInB), bInA: round(p.containment.bInA) },
      passages,
      coverage: { a: round(cov.a), b: round(cov.b) },
      coveredTokens: { a: cov.tokensA, b: cov.tokensB },
      verbatimShare: counted === 0 ? 0 : round(verbatim / counted),
      closeness: { aInB: round(close.aInB), bInA: round(close.bInA) },
      quotedIn: quotedSides(A, B, passages),
    });
  });
  return { pairs, gramsOf };
}

/**
 * Word-level evidence for sourcing, computed on demand: over the stretch of t that x and y both
 * hold, which of t's 3-grams each keeps; and how much of a document's reused wording is its own.
 */
function wordEvidence(
  pairs: readonly PairAnalysis[],
  prepared: ReadonlyMap<string, AlignText>,
  gramsOf: (id: string) => Uint32Array,
): { triple: (t: string, x: string, y: string) => TripleEvidence | undefined; privateShare: (id: string, except: string) => { n: number; share: number } | undefined } {
  const key = (a: string, b: string): string => `${a}\u0000${b}`;
  const pairOf = new Map<string, PairAnalysis>();
  for (const p of pairs) {
    pairOf.set(key(p.a, p.b), p);
    pairOf.set(key(p.b, p.a), p);
  }
  const masks = new Map<string, Uint8Array | null>();
  const maskOf = (t: string, x: string): Uint8Array | null => {
    const k = key(t, x);
    let m = masks.get(k);
    if (m === undefined) {
      const p = pairOf.get(k);
      m = p ? coverMask(prepared.get(t)!, p.passages.filter(isCounted).map((x) => (p.a === t ? x.a : x.b))) : null;
      masks.set(k, m);
    }
    return m;
  };
  const partners = new Map<string, string[]>();
  for (const p of pairs) {
    if (!p.passages.some(isCounted)) continue;
    for (const [x, y] of [
      [p.a, p.b],
      [p.b, p.a],
    ] as const) {
      const l = partners.get(x);
      if (l) l.push(y);
      else partners.set(x, [y]);
    }
  }
  const cache = new Map<string, TripleEvidence | undefined>();
  const triple = (t: string, x: string, y: string): TripleEvidence | undefined => {
    const k = `${t}\u0000${x}\u0000${y}`;
    if (cache.has(k)) return cache.get(k);
    const mx = maskOf(t, x);
    const my = maskOf(t, y);
    const ev = mx && my ? tripleEvidence(prepared.get(t)!, mx, my, gramsOf(x), gramsOf(y)) : undefined;
    cache.set(k, ev);
    return ev;
  };
  // over the stretch id shares with `other` and with some third document: its words that nobody else has
  const share = (id: string, other: string): { n: number; share: number } | undefined => {
    const all = partners.get(id) ?? [];
    const region = maskOf(id, other);
    if (all.length < 2 || !region) return undefined;
    const third = new Uint8Array(region.length);
    for (const z of all) {
      if (z === other) continue;
      const m = maskOf(id, z);
      if (m) for (let i = 0; i < m.length; i++) third[i] = third[i]! | m[i]!;
    }
    for (let i = 0; i < third.length; i++) third[i] = third[i]! & region[i]!;
    return privateShare(prepared.get(id)!, [third], all.map(gramsOf));
  };
  return { triple, privateShare: share };
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
