import { alignPrepared, passageCoverage, type AlignText, type Passage, type resolveAlignOptions } from '../compare/align.js';
import { coverMask, gramBits, gramSet, heldByNone, keptGrams, keptOnlyBy, tokenAt, pairCloseness, privateShare, quotedSides, soleHolders, tripleFromBits, type GramBits, type TripleEvidence } from '../compare/closeness.js';
import { foldedGrams, foldedIds, isCounted, markTemplates, sameTable, type SlotFilter } from '../compare/template.js';
import type { Doc } from '../doc.js';
import type { PairAnalysis } from './graph.js';
import { oneCompanyStory, sameNotice } from './titles.js';
import { correctionOf, dealEnlarged, digestEntry, noticeSentAgain, oneDealTwice, oneStoryAgain, oneRunningStory, oneStoryFacts, reportCarriesItem, restoredKind, resultsSentAgain } from './told.js';

/**
 * The passage stage of analyze: every candidate pair aligned, formula passages relabelled
 * `template`, short stock phrases flagged `common`, and the figures the provenance stage weighs
 * (coverage, verbatim share, closeness, quoted sides), plus word-level evidence on demand.
 */

type Candidate = { a: string; b: string; jaccard: number; containment: { aInB: number; bInA: number } };

export interface AlignedPair {
  pair: Candidate;
  passages: Passage[];
}

/** Aligns every candidate pair; keeps those sharing a passage, with formula passages relabelled `template`. */
export function alignCandidates(
  candidates: readonly Candidate[],
  byId: ReadonlyMap<string, Doc>,
  prepared: ReadonlyMap<string, AlignText>,
  alignOpts: ReturnType<typeof resolveAlignOptions>,
  progress: ((stage: 'align', done: number, total: number) => void) | undefined,
  slots?: SlotFilter,
): AlignedPair[] {
  const out: AlignedPair[] = [];
  candidates.forEach((p, i) => {
    if (progress && (i % 50 === 49 || i === candidates.length - 1)) progress('align', i + 1, candidates.length);
    const aligned = alignPrepared(prepared.get(p.a)!, prepared.get(p.b)!, alignOpts);
    if (aligned.length > 0) out.push({ pair: p, passages: markTemplates(byId.get(p.a)!.text, byId.get(p.b)!.text, aligned, slots) });
  });
  return out;
}

/** Passages shorter than this many words are judged as stock phrases by `STOCK_DF`. */
export const STOCK_MAX_TOKENS = 20;
/** A short passage whose figure-folded wording is used by this many independent documents is a stock phrase. */
export const STOCK_DF = 5;
/** Share of a short passage's wording that must be stock for the passage to be a stock phrase. */
export const STOCK_SHARE = 0.6;

/**
 * Flags short passages of stock wording `common`: most of their 3-grams, figures folded, occur in
 * at least STOCK_DF independent documents ("said it filed a registration statement with the
 * Securities and Exchange Commission", "Qtly div N cts vs N cts prior"). `isStock` says which
 * folded 3-grams are stock: the analysis counts them over the whole corpus once (stages.ts), so
 * that only the documents of these pairs need preparing here. A copied paragraph is long, so it is
 * never judged by this rule however many copies there are.
 */
export function markStockPhrases(aligned: readonly AlignedPair[], docs: readonly Doc[], prep: (d: Doc) => AlignText, isStock: (gram: number) => boolean): void {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const folded = new Map<string, Uint32Array>();
  const foldedOf = (id: string): Uint32Array => {
    let f = folded.get(id);
    if (!f) folded.set(id, (f = foldedIds(prep(byId.get(id)!))));
    return f;
  };
  for (const { pair, passages } of aligned) {
    for (const x of passages) {
      if (!isCounted(x) || x.tokens >= STOCK_MAX_TOKENS) continue;
      const A = prep(byId.get(pair.a)!);
      const gs = foldedGrams(foldedOf(pair.a), tokenAt(A, x.a.start), tokenAt(A, x.a.end));
      if (gs.length > 0 && gs.filter(isStock).length >= STOCK_SHARE * gs.length) x.common = true;
    }
  }
}

/**
 * Corpus-common or stock wording that carries the same specific figures on both sides (a results
 * table: "Net loss 8,812,432 vs profit 1,847,560"), or that one listed company's two titles carry
 * with the same figures within days (sameNotice: a dividend notice sent twice), is, between two
 * items of one outlet (`sameOutlet`), one table sent twice or repeated, not two instances of the formula: those
 * passages count again and the pair's figures are taken anew. (Between two outlets the same
 * figures in the same stock sentence are as likely both taken from the exchange or the company.)
 */
export function recountSameTables(pairs: readonly PairAnalysis[], byId: ReadonlyMap<string, Doc>, sameOutlet: (a: Doc, b: Doc) => boolean, prepared: ReadonlyMap<string, AlignText>, gramsOf: (id: string) => Uint32Array, slots?: SlotFilter): void {
  for (const p of pairs) {
    const common = p.passages.filter((x) => x.common && x.kind !== 'quote' && x.kind !== 'template');
    if (common.length === 0) continue;
    const A = byId.get(p.a)!;
    const B = byId.get(p.b)!;
    if (!sameOutlet(A, B) || !(sameTable(A.text, B.text, common) || wholeNotice(p, A, B, common, prepared) || oneCompanyStory(A, B, slots) || oneDealTwice(A, B, common, slots))) continue;
    const passages = p.passages.map((x) => (common.includes(x) ? withoutCommon(x) : x));
    // in place, as markFormulaItems relabels: the figures follow the passages that now count
    Object.assign(p, figuresOf(p, passages, prepared.get(p.a)!, prepared.get(p.b)!, gramsOf));
  }
}

/**
 * Two items of one outlet that tell one story again (told.ts: oneStoryAgain, the same listed
 * company in their titles within hours and the same rare names in what they share; digestEntry, an
 * item and another that names its symbol right before what they share; correctionOf, an item and
 * its correction within days; noticeSentAgain, one company's notice sent again with its dates
 * written another way; resultsSentAgain, one company's results sent again under the same title;
 * oneStoryFacts, the same listed company within hours and the same
 * specific figures; reportCarriesItem, a market report or digest that carries an item's deal;
 * oneRunningStory, two takes of a running story whose titles name the same rare name): what the
 * passage rules took for a template or stock counts again, as the words it is (restoredKind:
 * verbatim when matched word for word, else rewritten), with the pair's figures taken anew. The
 * formula-item rules leave the pairs of the first five alone (the pairs returned: markFormulaItems
 * `told`), not those of the last three: a recurring report's editions carry the same reference
 * figures, and a fund's or an agency's notices name it in every title.
 */
export function recountOneStories(pairs: readonly PairAnalysis[], byId: ReadonlyMap<string, Doc>, sameOutlet: (a: Doc, b: Doc) => boolean, prepared: ReadonlyMap<string, AlignText>, gramsOf: (id: string) => Uint32Array, slots?: SlotFilter): Set<PairAnalysis> {
  const told = new Set<PairAnalysis>();
  for (const p of pairs) {
    const A = byId.get(p.a)!;
    const B = byId.get(p.b)!;
    if (!sameOutlet(A, B)) continue;
    const again = oneStoryAgain(A, B, p.passages, slots) || digestEntry(A, B, p.passages) || correctionOf(A, B, p.passages) || noticeSentAgain(A, B, p.passages) || resultsSentAgain(A, B, p.passages) || dealEnlarged(A, B, slots);
    if (again) told.add(p);
    else if (!oneStoryFacts(A, B, p.passages, slots) && !reportCarriesItem(A, B, p.passages, slots) && !oneRunningStory(A, B, p.passages, slots)) continue;
    if (!p.passages.some((x) => x.kind === 'template' || x.common)) continue;
    Object.assign(p, figuresOf(p, p.passages.map(restored), prepared.get(p.a)!, prepared.get(p.b)!, gramsOf));
  }
  return told;
}

/** Share of both items the wording two items share must cover for one notice sent twice to carry fewer than NOTICE_FIGURES figures. */
const NOTICE_COVERAGE = 0.7;

/**
 * sameNotice (the same figures in the stock passages), when those carry NOTICE_FIGURES figures or
 * more, or when all the two share (formula wording and figures included) is most of both items: a
 * notice sent twice is the whole notice ("Qtly div six cts vs six cts prior Pay April 10 Record
 * March 27"); a company's common and preferred dividends share only their pay and record days.
 */
function wholeNotice(p: PairAnalysis, A: Doc, B: Doc, common: readonly Passage[], prepared: ReadonlyMap<string, AlignText>): boolean {
  const notice = sameNotice(A, B, common);
  if (notice !== 'few-figures') return notice;
  const c = passageCoverage(p.passages.map(restored), prepared.get(p.a)!, prepared.get(p.b)!);
  return Math.min(c.a, c.b) >= NOTICE_COVERAGE;
}

const withoutCommon = (x: Passage): Passage => {
  const { common: _, ...rest } = x;
  return rest;
};

/** A passage as the words it is, though the formula rules took it for a template or stock (restoredKind); a quote stays a quote. */
const restored = (x: Passage): Passage => (x.kind === 'quote' ? x : { ...withoutCommon(x), kind: x.kind !== 'template' ? x.kind : restoredKind(x.similarity) });

/** The figures of each aligned pair: counted coverage, verbatim share, closeness both ways, quoted sides. */
export function pairFigures(aligned: readonly AlignedPair[], prepared: ReadonlyMap<string, AlignText>): { pairs: PairAnalysis[]; gramsOf: (id: string) => Uint32Array } {
  const grams = new Map<string, Uint32Array>();
  const gramsOf = (id: string): Uint32Array => {
    let g = grams.get(id);
    if (!g) grams.set(id, (g = gramSet(prepared.get(id)!)));
    return g;
  };
  const pairs = aligned.map(({ pair: p, passages }) => figuresOf(p, passages, prepared.get(p.a)!, prepared.get(p.b)!, gramsOf));
  return { pairs, gramsOf };
}

/** One pair's figures from its passages. */
function figuresOf(p: Candidate, passages: Passage[], A: AlignText, B: AlignText, gramsOf: (id: string) => Uint32Array): PairAnalysis {
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
  return {
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
  };
}

/**
 * Word-level evidence for sourcing, computed on demand: over the stretch of t that x and y both
 * hold, which of t's 3-grams each keeps; and how much of a document's reused wording is its own.
 */
export function wordEvidence(
  pairs: readonly PairAnalysis[],
  prepared: ReadonlyMap<string, AlignText>,
  gramsOf: (id: string) => Uint32Array,
): {
  triple: (t: string, x: string, y: string) => TripleEvidence | undefined;
  privateShare: (id: string, except: string) => { n: number; share: number } | undefined;
  keptOnly: (t: string, x: string) => { n: number; kept: number } | undefined;
} {
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
  // which of t's grams over the stretch t shares with x that x keeps, packed: once per pair (keptGrams, gramBits)
  const bits = new Map<string, Map<string, GramBits | null>>();
  const bitsOf = (t: string, x: string): GramBits | null => {
    let byX = bits.get(t);
    if (!byX) bits.set(t, (byX = new Map()));
    let b = byX.get(x);
    if (b === undefined) {
      const mask = maskOf(t, x);
      byX.set(x, (b = mask && gramBits(mask, keptGrams(prepared.get(t)!, mask, gramsOf(x)))));
    }
    return b;
  };
  // not cached: a story copied n times is asked about n³ triples, each a few popcounts per 32 grams
  const triple = (t: string, x: string, y: string): TripleEvidence | undefined => {
    const bx = bitsOf(t, x);
    const by = bx && bitsOf(t, y);
    return bx && by ? tripleFromBits(bx, by) : undefined;
  };
  const sharedWithThird = thirdStretches(partners, maskOf);
  // over that stretch: its words that nobody else has
  const nobody = marksOf(partners, (id, all) => heldByNone(prepared.get(id)!, all.map(gramsOf)));
  const share = (id: string, other: string): { n: number; share: number } | undefined => {
    const third = sharedWithThird(id, other);
    return third && privateShare(third, nobody(id));
  };
  // over that stretch: its words that `other` keeps and no other document sharing its passages does
  const soles = marksOf(partners, (id, all) => soleHolders(prepared.get(id)!, all.map((z) => ({ id: z, grams: gramsOf(z) }))));
  const keptOnly = (id: string, other: string): { n: number; kept: number } | undefined => {
    const third = sharedWithThird(id, other);
    return third && keptOnlyBy(third, soles(id), other);
  };
  return { triple, privateShare: share, keptOnly };
}

/**
 * Per-document marks (partner counts, grams no partner has, each gram's sole holder) are kept for
 * documents with this many partners or more, asked about once per partner: made again on each ask
 * for the others, whose few asks cost little, so that a large archive does not keep one per document.
 */
const KEEP_MARKS_FROM = 8;

/** A document's marks, made from its partners by `make` when asked for: kept for documents with KEEP_MARKS_FROM partners or more, made again for the rest. */
function marksOf<T>(partners: ReadonlyMap<string, readonly string[]>, make: (id: string, all: readonly string[]) => T): (id: string) => T {
  const kept = new Map<string, T>();
  return (id) => {
    let m = kept.get(id);
    if (m === undefined) {
      const all = partners.get(id) ?? [];
      m = make(id, all);
      if (all.length >= KEEP_MARKS_FROM) kept.set(id, m);
    }
    return m;
  };
}

/**
 * The stretch a document shares with `other` and with some third document it shares passages
 * with (the OR of those partners' masks, within `other`'s): read from a count, per token, of the
 * partners covering it, made once per document, instead of OR-ing every other partner's mask on
 * each call (n² calls of n masks for a story copied n times).
 */
export function thirdStretches(partners: ReadonlyMap<string, readonly string[]>, maskOf: (t: string, x: string) => Uint8Array | null): (id: string, other: string) => Uint8Array | undefined {
  // per token, how many partners cover it (every mask of a document has its token count's length)
  const countOf = marksOf(partners, (id, all) => {
    let c: Int32Array | undefined;
    for (const z of all) {
      const m = maskOf(id, z);
      if (!m) continue;
      c ??= new Int32Array(m.length);
      for (let i = 0; i < m.length; i++) c[i]! += m[i]!;
    }
    return c ?? new Int32Array(0);
  });
  return (id, other) => {
    const all = partners.get(id) ?? [];
    const region = maskOf(id, other);
    if (all.length < 2 || !region) return undefined;
    const count = countOf(id);
    // `other`'s own mask is region, counted once per time it is listed
    let times = 0;
    for (const z of all) if (z === other) times++;
    const third = new Uint8Array(region.length);
    for (let i = 0; i < third.length; i++) third[i] = region[i]! && count[i]! - times > 0 ? 1 : 0;
    return third;
  };
}

/**
 * Containment from which two documents are near copies: one independent source of wording, so
 * that a story and its copies do not make their own wording "common". (Formula notices can share
 * half their shingles too; they are handled by the template and stock-phrase rules.)
 */
export const NEAR_COPY = 0.5;

/**
 * Groups of documents that are not independent of each other: near-copies (a verified pair
 * where either text has half its shingles in the other) fall in one group. A phrase is
 * common when many *independent* documents use it — a wire story and its copies do not make
 * their own wording common.
 */
export function independentGroups(docs: readonly Doc[], pairs: readonly { a: string; b: string; containment: { aInB: number; bInA: number } }[]): Map<string, string> {
  const parent = new Map(docs.map((d) => [d.id, d.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const p of pairs) {
    if (Math.max(p.containment.aInB, p.containment.bInA) < NEAR_COPY) continue;
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra !== rb) parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
  }
  return new Map(docs.map((d) => [d.id, find(d.id)]));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
