import { isCounted } from '../compare/template.js';
import type { Doc } from '../doc.js';
import { mergeSpans } from '../text/boilerplate.js';
import { coveredChars, coveredShare, spanChars } from '../text/sentences.js';
import { credits, isAgencyDateline, type Attribution } from '../attribution/extract.js';
import type { TripleEvidence } from '../compare/closeness.js';
import { copyCredit, type GraphInput, type PairAnalysis } from './graph.js';
import { captionsOf } from '../attribution/items.js';
import { closesInside, creditStart, isCreditLine, isStoryCredit, itemCreditsOf, storyCredits, type StoryCredit } from './credit-scope.js';
import { contentDirection, datelineDirection, evidenceDirection, kindRank, outletKey, time, type Direction } from './relations.js';

/**
 * Passage-level sourcing. Each reused stretch of a document is held by one or more other
 * documents; the stretch's source is the holder it matches most closely that could have come
 * first. When the closest holders are as close to one another as to the document (a star: all
 * copies of one text, none the parent of another), the source is an unseen common source, and
 * the documents of such stars form one latent group. A document's parents are the fewest sources
 * that explain its stretches.
 */

/** Closeness differences below this are noise (one light-editing step lowers 3-gram closeness by ~0.15–0.2). */
const EPS = 0.08;
/** A parent must explain at least this many characters of the document. */
const MIN_CHARS = 40;
/** A second or later parent must explain at least this share of the document's reused stretches. */
const EXTRA_PARENT = 0.15;
export const LATENT = '(latent)';

export interface Link {
  other: string;
  pair: PairAnalysis;
  /** Closeness of this document's passages to the other's wording. */
  close: number;
  /** This document's spans of the counted passages. */
  spans: { start: number; end: number }[];
}

export interface SourcingResult {
  /** Parents of each document: document ids, or LATENT. */
  parents: Map<string, string[]>;
  /** Latent group root of each document that has a latent parent. */
  latentOf: Map<string, string>;
  /** Direction of every sourced pair, by `pairKey`. */
  directions: Map<string, Direction>;
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

class UnionFind {
  private readonly up = new Map<string, string>();
  constructor(private readonly order: ReadonlyMap<string, number>) {}
  find(x: string): string {
    let r = x;
    for (let u = this.up.get(r); u !== undefined && u !== r; u = this.up.get(r)) r = u;
    if (r !== x) this.up.set(x, r);
    return r;
  }
  union(x: string, y: string): void {
    const rx = this.find(x);
    const ry = this.find(y);
    if (rx === ry) return;
    if (this.order.get(rx)! < this.order.get(ry)!) this.up.set(ry, rx);
    else this.up.set(rx, ry);
  }
}

/** The links of every document to the documents it shares counted passages with. */
export function linksOf(pairs: readonly PairAnalysis[]): Map<string, Link[]> {
  const links = new Map<string, Link[]>();
  const add = (id: string, l: Link): void => {
    const xs = links.get(id);
    if (xs) xs.push(l);
    else links.set(id, [l]);
  };
  for (const p of pairs) {
    const counted = p.passages.filter(isCounted);
    add(p.a, { other: p.b, pair: p, close: p.closeness?.aInB ?? p.verbatimShare, spans: counted.map((x) => x.a) });
    add(p.b, { other: p.a, pair: p, close: p.closeness?.bInA ?? p.verbatimShare, spans: counted.map((x) => x.b) });
  }
  return links;
}

/** Mutual closeness of two documents (1 when they are the same text in another relation, 0 when they share nothing counted). */
function mutual(a: string, b: string, pairOf: ReadonlyMap<string, PairAnalysis>, sameText: ReadonlySet<string>): number {
  const k = pairKey(a, b);
  if (sameText.has(k)) return 1;
  const p = pairOf.get(k);
  if (!p?.closeness) return 0;
  return (p.closeness.aInB + p.closeness.bInA) / 2;
}

/**
 * Directions of the sourced pairs: dates, credit and kind first; then lineage (of two copies of
 * a common source, the one closer to it is upstream); then coverage.
 */
export function pairDirections(pairs: readonly PairAnalysis[], byId: ReadonlyMap<string, Doc>, links: ReadonlyMap<string, Link[]>, input: GraphInput): Map<string, Direction> {
  const out = new Map<string, Direction>();
  const strong = new Map<string, Direction>();
  for (const p of pairs) {
    const d = evidenceDirection(byId.get(p.a)!, byId.get(p.b)!, input);
    if (d) strong.set(pairKey(p.a, p.b), d);
  }
  const closeTo = closenessIndex(links);
  for (const p of pairs) {
    const k = pairKey(p.a, p.b);
    const s = strong.get(k);
    if (s) {
      out.set(k, s);
      continue;
    }
    const cov = contentDirection(byId.get(p.a)!, byId.get(p.b)!, p);
    // coverage first (a partial copy is the more covered text), then the words only the copy has, then lineage votes
    const decisive = cov.basis !== 'none';
    out.set(k, decisive ? cov : (datelineDirection(byId.get(p.a)!, byId.get(p.b)!, input) ?? wordsDirection(p, links, input) ?? ownWordsDirection(p, input) ?? lineageDirection(p, byId, links, strong, closeTo) ?? cov));
  }
  return out;
}

/** closeTo of lineageDirection: the closeness of x's first link to z, from a map made once instead of a search of x's links per call (n per pair and relative). */
function closenessIndex(links: ReadonlyMap<string, Link[]>): (x: string, z: string) => number | undefined {
  const index = new Map<string, Map<string, number>>();
  for (const [x, ls] of links) {
    const m = new Map<string, number>();
    for (const l of ls) if (!m.has(l.other)) m.set(l.other, l.close);
    index.set(x, m);
  }
  return (x, z) => index.get(x)?.get(z);
}

/**
 * Of two near texts, the copy is the one that lacks wording the other documents keep where the
 * other text has it (its edits), while the other lacks none of the copy's: a copy inherits every
 * edit of its source. Each document both share wording with votes; the clear majority decides.
 */
function wordsDirection(p: PairAnalysis, links: ReadonlyMap<string, Link[]>, input: GraphInput): Direction | undefined {
  const triple = input.triple;
  if (!triple) return undefined;
  const withB = relativesOf(links, p.b);
  let vote = 0;
  let cast = 0;
  const relatives = links.get(p.a) ?? [];
  for (let i = 0; i < relatives.length; i++) {
    // undecided whatever the rest say: each can add one to the votes cast and one to |vote| (undecidedAnyway)
    if (undecidedAnyway(vote, cast, relatives.length - i)) return undefined;
    const z = relatives[i]!.other;
    if (z === p.b || !withB.has(z)) continue;
    const a = triple(p.a, p.b, z);
    const b = triple(p.b, p.a, z);
    if (!speaks(a) || !speaks(b)) continue;
    cast++;
    // one text lacks none of the other's wording: however few edits the other made, it is the copy
    if (a.n01 >= 2 && b.n01 === 0) vote++;
    else if (b.n01 >= 2 && a.n01 === 0) vote--;
  }
  if (vote === 0 || Math.abs(vote) * 2 <= cast) return undefined;
  return vote > 0 ? { from: p.a, to: p.b, basis: 'lineage', confidence: 'low' } : { from: p.b, to: p.a, basis: 'lineage', confidence: 'low' };
}

/** The documents a document shares counted passages with, as a set made once per document (wordsDirection asks for it once per pair). */
function relativesOf(links: ReadonlyMap<string, Link[]>, id: string): ReadonlySet<string> {
  let byId = relatives.get(links);
  if (!byId) relatives.set(links, (byId = new Map()));
  let set = byId.get(id);
  if (!set) byId.set(id, (set = new Set((links.get(id) ?? []).map((l) => l.other))));
  return set;
}

const relatives = new WeakMap<ReadonlyMap<string, Link[]>, Map<string, ReadonlySet<string>>>();

/** Whether wordsDirection's vote stays undecided (vote 0 or |vote| · 2 ≤ cast) however the `left` relatives still to be read vote. */
export const undecidedAnyway = (vote: number, cast: number, left: number): boolean => 2 * Math.abs(vote) + left <= cast;

/**
 * Of two texts with no dates or credits to order them, the copy is the one with wording of its
 * own: the text it copied keeps nothing the others lack (every word of it is also in its copy or
 * in its siblings), while the copy adds its edits. Compared on what each shares with the others.
 */
function ownWordsDirection(p: PairAnalysis, input: GraphInput): Direction | undefined {
  if (!input.privateShare) return undefined;
  const a = input.privateShare(p.a, p.b);
  const b = input.privateShare(p.b, p.a);
  if (!a || !b || a.n < MIN_GRAMS || b.n < MIN_GRAMS) return undefined;
  const ownA = Math.round(a.share * a.n);
  const ownB = Math.round(b.share * b.n);
  if (Math.abs(ownA - ownB) < Math.max(2, 0.02 * Math.min(a.n, b.n))) return undefined;
  return ownA < ownB ? { from: p.a, to: p.b, basis: 'lineage', confidence: 'low' } : { from: p.b, to: p.a, basis: 'lineage', confidence: 'low' };
}

/**
 * Lineage without dates: of two near texts, the one closer to the documents both share wording
 * with is upstream (a copy adds its own edits to everything it took). First from common sources
 * whose direction is known, else from every common relative when the votes clearly agree.
 */
function lineageDirection(
  p: PairAnalysis,
  byId: ReadonlyMap<string, Doc>,
  links: ReadonlyMap<string, Link[]>,
  strong: ReadonlyMap<string, Direction>,
  closeTo: (x: string, z: string) => number | undefined,
): Direction | undefined {
  let upstream = 0;
  let all = 0;
  let cast = 0;
  for (const l of links.get(p.a) ?? []) {
    const z = l.other;
    if (z === p.b) continue;
    const ca = closeTo(p.a, z);
    const cb = closeTo(p.b, z);
    if (ca === undefined || cb === undefined) continue;
    const vote = ca > cb + EPS ? 1 : cb > ca + EPS ? -1 : 0;
    cast++;
    all += vote;
    if (strong.get(pairKey(z, p.a))?.from === z && strong.get(pairKey(z, p.b))?.from === z) upstream += vote;
  }
  const votes = upstream !== 0 ? upstream : Math.abs(all) >= Math.max(1, 0.6 * cast) ? all : 0;
  if (votes === 0) return undefined;
  const [from, to] = votes > 0 ? [p.a, p.b] : [p.b, p.a];
  return { from: byId.get(from)!.id, to: byId.get(to)!.id, basis: 'lineage', confidence: 'low' };
}

interface Segment {
  start: number;
  end: number;
  holders: Link[];
}

/** Elementary stretches of a document, each with the set of documents holding it. */
function segmentsOf(links: readonly Link[]): Segment[] {
  const cuts = new Set<number>();
  for (const l of links) for (const s of l.spans) cuts.add(s.start).add(s.end);
  const xs = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < xs.length; i++) {
    const start = xs[i]!;
    const end = xs[i + 1]!;
    const holders = links.filter((l) => l.spans.some((s) => s.start <= start && s.end >= end));
    if (holders.length > 0) out.push({ start, end, holders });
  }
  return out;
}

export interface SourcingContext {
  byId: ReadonlyMap<string, Doc>;
  order: ReadonlyMap<string, number>;
  input: GraphInput;
  links: ReadonlyMap<string, Link[]>;
  pairOf: ReadonlyMap<string, PairAnalysis>;
  /** Pairs that are one text in another relation (versions, same outlet). */
  sameText: ReadonlySet<string>;
  directions: ReadonlyMap<string, Direction>;
  /** Directions of the version and same-outlet pairs. */
  sameTextDirections: ReadonlyMap<string, Direction>;
  /** Spans of an update that its earlier take holds: its own story's text, needing no other source. */
  earlierTakeSpans: ReadonlyMap<string, readonly { start: number; end: number }[]>;
}

/** Whether x could have come before t: a direction with some basis says so. */
const precedes = (x: string, t: string, ctx: SourcingContext): boolean => {
  const d = directionOf(x, t, ctx);
  return d !== undefined && d.basis !== 'none' && d.from === x;
};

/**
 * ctx.directions.get(pairKey(x, t)) from nested maps by id, made once per context: the rules ask
 * about every pair and third holder, and a key string built per ask cost more than the ask. The
 * map is read as is when a key is not two ids as pairKey joins them.
 */
function directionOf(x: string, t: string, ctx: SourcingContext): Direction | undefined {
  let index = directionIndexes.get(ctx);
  if (index === undefined) directionIndexes.set(ctx, (index = directionIndex(ctx.directions)));
  return index ? index.get(x)?.get(t) : ctx.directions.get(pairKey(x, t));
}

const directionIndexes = new WeakMap<SourcingContext, Map<string, Map<string, Direction>> | null>();

/** The directions by both ids (see directionOf), or null when some key does not split back into the two ids of pairKey. */
export function directionIndex(directions: ReadonlyMap<string, Direction>): Map<string, Map<string, Direction>> | null {
  const index = new Map<string, Map<string, Direction>>();
  const put = (a: string, b: string, d: Direction): void => {
    const m = index.get(a);
    if (m) m.set(b, d);
    else index.set(a, new Map([[b, d]]));
  };
  for (const [k, d] of directions) {
    const cut = k.indexOf('\u0000');
    const a = k.slice(0, cut);
    const b = k.slice(cut + 1);
    if (cut < 0 || k.includes('\u0000', cut + 1) || pairKey(a, b) !== k || a === b) return null;
    put(a, b, d);
    put(b, a, d);
  }
  return index;
}

/** Branch lengths below this are noise (one light-editing step costs ~0.05–0.2 in log closeness). */
const TAU = 0.05;

/** Distance along the line of descent: −ln(closeness), additive because each copying step keeps a share of the 3-grams. */
const dist = (c: number): number => -Math.log(Math.max(c, 1e-3));

/**
 * Whether holder X sits on the line of descent of document t, tested against every third
 * document Y that is not on t's side. With d = −ln closeness, the branch X has of its own
 * beyond the point where t, X and Y meet is (d(t,X) + d(X,Y) − d(t,Y)) / 2. A copy inherits
 * every edit of the text it copied, so X can be t's parent (or an ancestor) only when that
 * branch is about zero (median over the third documents); siblings of an unseen source each
 * have a branch of their own.
 */
function onLineOfDescent(t: string, x: Link, all: readonly Link[], ctx: SourcingContext): boolean | undefined {
  if (ctx.input.triple) return onLineByWords(t, x, all, ctx, ctx.input.triple);
  const dTX = dist(mutual(t, x.other, ctx.pairOf, ctx.sameText));
  const branches: number[] = [];
  for (const y of all) {
    // two takes of one story are one text here: they hold different stretches, so closeness over them is not comparable
    if (y.other === x.other || ctx.sameText.has(pairKey(x.other, y.other))) continue;
    const cXY = mutual(x.other, y.other, ctx.pairOf, ctx.sameText);
    if (cXY === 0) continue;
    const dXY = dist(cXY);
    const dTY = dist(mutual(t, y.other, ctx.pairOf, ctx.sameText));
    if (dXY > dTY + TAU) continue; // y descends from t: it says nothing about x
    branches.push((dTX + dXY - dTY) / 2);
  }
  if (branches.length === 0) return undefined;
  branches.sort((a, b) => a - b);
  return branches[Math.floor((branches.length - 1) / 2)]! <= TAU;
}

/** Share of t's 3-grams that must speak against a holder before it counts (edits of one light copying step: ~10–15%). */
const THETA = 0.04;
/** Fewest 3-grams a stretch held by both needs to say anything. */
const MIN_GRAMS = 8;

/**
 * 3-grams that speak against a holder whatever the stretch's length: two edited words of a
 * faithful copy (one word changes three 3-grams), below THETA on a long stretch.
 */
const CLEAR = 4;

/**
 * One word (three 3-grams) the holder x changed, kept by t as a third holder has it: enough to take
 * x off t's line when t keeps none of x's own edits (keepsEditsOf). Two words (CLEAR) were needed
 * before, which left a later partial copy chained to an earlier whole copy of its unseen wire when
 * it kept the wire's word at the one place the earlier copy had edited within their shared stretch
 * (session 22, newsroom seeds 4001–4100). A copy that keeps x's edits and turns one word back
 * ("per cent" to "percent") stays x's copy where the wire in the corpus shows x's edits
 * (keepsEditsAgainstWire); without it, one word against x and none known to be x's own read as two
 * copies of the unseen wire (a review's lift fixing a paper's typo is read so).
 */
const ONE_WORD = 3;

const speaks = (ev: TripleEvidence | undefined): ev is TripleEvidence => ev !== undefined && ev.n >= MIN_GRAMS;
/** Enough of a stretch's 3-grams, by share, to tell: a text's own edits. */
const exclusive = (count: number, ev: TripleEvidence): boolean => count >= 2 && count >= THETA * ev.n;
/** Enough 3-grams against a holder, by share or by CLEAR. */
const speaksAgainst = (count: number, ev: TripleEvidence): boolean => count >= CLEAR || exclusive(count, ev);

/**
 * The same test from the words themselves. Over the stretch of t that x and a third holder y
 * both hold: if t has 3-grams that y has and x lacks, t did not take that stretch from x (a copy
 * cannot have the original wording where its source had edited it). One third holder with CLEAR
 * such 3-grams (two words of x's own edits that t does not have) settles it, whatever the others
 * that overlap less of the stretch say; weaker evidence is decided by the majority of the third
 * holders (a holder that copied t shares t's own edits and is left out).
 */
function onLineByWords(t: string, x: Link, all: readonly Link[], ctx: SourcingContext, triple: NonNullable<GraphInput['triple']>): boolean | undefined {
  let against = 0;
  let heard = 0;
  for (const y of all) {
    if (y.other === x.other || ctx.sameText.has(pairKey(x.other, y.other))) continue;
    // a text that shares no counted wording with x is no copy of x's text: t keeping its words where x has
    // others says t took that stretch from it, not that x edited it (a desk merging AP and Reuters, whose
    // wires share only KCNA's quote: test9 r12; onLineOfDescent leaves such a y out alike)
    if (!ctx.pairOf.has(pairKey(x.other, y.other))) continue;
    // a document that copied t shares t's own edits: it says nothing about x
    if (descendsFrom(y.other, t, all, ctx)) continue;
    const ev = triple(t, x.other, y.other);
    if (!speaks(ev)) continue;
    if (ev.n01 >= CLEAR || (ev.n01 >= ONE_WORD && !keepsEditsAgainstWire(t, x.other, all, ctx, triple))) return false;
    heard++;
    if (exclusive(ev.n01, ev)) against++;
  }
  if (heard === 0) return undefined;
  return against * 2 < heard;
}

/**
 * Whether holder y says it runs another holder's copy: it credits the outlet of an earlier holder h
 * that holds the words y shares with t (STORY_SHARE of them): a paper's pick-up of the wire's
 * follow-up of t, a paper's exclusive, closing "(Yonhap)". Its words are h's, so it is no sibling
 * of t's, though it differs from t by its own edits. A credit of an outlet whose item holds only a
 * paragraph of y (last week's background, the paper a wire cites) says nothing of the rest (a review).
 */
function runsAnotherHoldersCopy(y: string, t: string, all: readonly Link[], ctx: SourcingContext): boolean {
  return all.some((h) => h.other !== y && precedes(h.other, y, ctx) && keepsParent(y, h.other, ctx, false) && holdsShare(h.other, y, t, ctx));
}

/** Whether h holds STORY_SHARE or more of the words y shares with t (y's spans). */
function holdsShare(h: string, y: string, t: string, ctx: SourcingContext): boolean {
  return (coveredShare(mergeSpans([...sharedSpans(y, t, ctx)]), mergeSpans([...sharedSpans(y, h, ctx)])) ?? 0) >= STORY_SHARE;
}

/**
 * Whether t keeps x's own edits as the wire or official text in the corpus shows them: wording t
 * and x share where that text, their source, has other words (ONE_WORD 3-grams or more). A copy of
 * x that turns one word back as the wire had it ("per cent" to "percent") is still x's copy (a review).
 */
function keepsEditsAgainstWire(t: string, x: string, all: readonly Link[], ctx: SourcingContext, triple: NonNullable<GraphInput['triple']>): boolean {
  return all.some((w) => w.other !== x && kindRank(ctx.byId.get(w.other)!, ctx.input) > 0 && (triple(t, x, w.other)?.n10 ?? 0) >= ONE_WORD);
}

/**
 * Whether holder y looks like a copy of t: t came first, and y is clearly closer to t than to any
 * other document both share wording with (siblings of an unseen source are all equally far apart).
 */
function descendsFrom(y: string, t: string, all: readonly Link[], ctx: SourcingContext): boolean {
  let byLinks = descents.get(ctx);
  if (!byLinks) descents.set(ctx, (byLinks = new WeakMap()));
  let byT = byLinks.get(all);
  if (!byT) byLinks.set(all, (byT = new Map()));
  let byY = byT.get(t);
  if (!byY) byT.set(t, (byY = new Map()));
  let v = byY.get(y);
  if (v === undefined) byY.set(y, (v = looksLikeCopy(y, t, all, ctx)));
  return v;
}

/**
 * descendsFrom's answers, by context, holders, t and y: it reads only the context, which sourcing
 * does not change, and is asked about each (y, t) once per holder x of t tested for t's line of
 * descent and once per stretch (n times for a story copied n times, each reading every third holder).
 */
const descents = new WeakMap<SourcingContext, WeakMap<readonly Link[], Map<string, Map<string, boolean>>>>();

/** descendsFrom, computed. */
function looksLikeCopy(y: string, t: string, all: readonly Link[], ctx: SourcingContext): boolean {
  if (!precedes(t, y, ctx) || creditedElsewhere(y, t, ctx)) return false;
  const byWords = copiesByWords(y, t, all, ctx);
  if (byWords !== undefined) return byWords;
  const dTY = dist(mutual(t, y, ctx.pairOf, ctx.sameText));
  for (const x of all) {
    if (x.other === y) continue;
    const c = mutual(x.other, y, ctx.pairOf, ctx.sameText);
    if (c > 0 && dist(c) <= dTY + TAU) return false;
  }
  return true;
}

/**
 * Whether y copied t, from the words: over what y shares with t and a third holder z, y lacks the
 * wording z has where t edited it (a copy keeps its source's edits; a sibling does not). Decided
 * by the majority of the third holders, leaving out those that look like copies of y (they share
 * y's edits); undefined when no third holder speaks or they split evenly.
 */
function copiesByWords(y: string, t: string, all: readonly Link[], ctx: SourcingContext): boolean | undefined {
  const triple = ctx.input.triple;
  if (!triple) return undefined;
  let against = 0;
  let heard = 0;
  // when only coverage says t came first, one word of y that z keeps and t lacks is enough to doubt the copy
  const coverageOnly = ctx.directions.get(pairKey(y, t))?.basis === 'containment';
  for (let i = 0; i < all.length; i++) {
    const decided = majorityDecided(against, heard, all.length - i);
    if (decided !== undefined) return decided;
    const z = all[i]!;
    if (z.other === y || ctx.sameText.has(pairKey(z.other, y))) continue;
    if (precedes(y, z.other, ctx) && mutual(y, z.other, ctx.pairOf, ctx.sameText) > mutual(t, z.other, ctx.pairOf, ctx.sameText) + EPS) continue;
    const ev = triple(y, t, z.other);
    if (!speaks(ev)) continue;
    heard++;
    if (speaksAgainst(ev.n01, ev) || (coverageOnly && ev.n01 >= 1)) against++;
  }
  if (heard === 0 || against * 2 === heard) return undefined;
  return against * 2 < heard;
}

/**
 * copiesByWords's answer when the `left` holders still to be read cannot change it (each can add
 * one to those heard and one to those against): false when against is over half of all that could
 * be heard, true when it stays under half even if all the rest are against; else undefined.
 */
export function majorityDecided(against: number, heard: number, left: number): boolean | undefined {
  if (2 * against > heard + left) return false;
  if (2 * against + left < heard) return true;
  return undefined;
}

/**
 * The branch t has of its own beyond where it meets two of its holders, (d(t,X) + d(t,Y) − d(X,Y)) / 2,
 * median over the pairs of holders off its line of descent. About zero when t is the text they
 * all copied (the wire story itself); one editing step or more when t is one of their siblings.
 */
function ownBranch(t: string, off: readonly Link[], ctx: SourcingContext): number | undefined {
  const triple = ctx.input.triple;
  const bs: number[] = [];
  if (triple) return ownEditsMedian(t, off, triple);
  for (let i = 0; i < off.length; i++) {
    for (let j = i + 1; j < off.length; j++) {
      const cXY = mutual(off[i]!.other, off[j]!.other, ctx.pairOf, ctx.sameText);
      if (cXY === 0) continue;
      const dTX = dist(mutual(t, off[i]!.other, ctx.pairOf, ctx.sameText));
      const dTY = dist(mutual(t, off[j]!.other, ctx.pairOf, ctx.sameText));
      bs.push((dTX + dTY - dist(cXY)) / 2);
    }
  }
  if (bs.length === 0) return undefined;
  bs.sort((a, b) => a - b);
  return bs[Math.floor((bs.length - 1) / 2)];
}

/**
 * ownBranch from the words: over the pairs of holders off t's line, the median of 1 where t has
 * its own edits in what both hold and 0 where it has none (undefined when no pair speaks). The
 * median of 0s and 1s is 0 when the 0s are at least half; read until the pairs left cannot change it.
 */
function ownEditsMedian(t: string, off: readonly Link[], triple: NonNullable<GraphInput['triple']>): number | undefined {
  let zeros = 0;
  let ones = 0;
  let left = (off.length * (off.length - 1)) / 2;
  for (let i = 0; i < off.length; i++) {
    for (let j = i + 1; j < off.length; j++, left--) {
      const decided = medianOfBitsDecided(zeros, ones, left);
      if (decided !== undefined) return decided;
      const ev = triple(t, off[i]!.other, off[j]!.other);
      if (!speaks(ev)) continue;
      if (exclusive(ev.n00, ev)) ones++;
      else zeros++;
    }
  }
  return zeros + ones === 0 ? undefined : 2 * zeros >= zeros + ones ? 0 : 1;
}

/** The median (lower middle) of `zeros` 0s, `ones` 1s and up to `left` more of either, when those cannot change it; else undefined. */
export function medianOfBitsDecided(zeros: number, ones: number, left: number): number | undefined {
  if (zeros + left < ones) return 1;
  if (zeros >= 1 && zeros >= ones + left) return 0;
  return undefined;
}

/**
 * Which of t's holders are on its line of descent. A holder no third document can test is taken
 * as on the line, unless t has tested holders off it (t is one of several copies of an unseen
 * source) and this one is not clearly closer to t than they are.
 */
function linesOfDescent(t: string, all: readonly Link[], ctx: SourcingContext): Map<string, boolean> {
  const tested = new Map(all.map((l) => [l.other, onLineOfDescent(t, l, all, ctx)] as const));
  const offClose = all.filter((l) => tested.get(l.other) === false && !descendsFrom(l.other, t, all, ctx)).map((l) => l.close);
  const offMax = offClose.length > 0 ? Math.max(...offClose) : undefined;
  const untested = (l: Link): boolean => !creditSameAgency(t, l.other, ctx) && !copiedAgencyWeakly(t, l.other, ctx) && (offMax === undefined || l.close > offMax + EPS);
  const on = new Map(all.map((l) => [l.other, tested.get(l.other) ?? untested(l)] as const));
  // a credit says whose words they are: t took the story it shares with x from the agency x or t credits for it
  for (const l of all) if (on.get(l.other) && creditedElsewhere(t, l.other, ctx)) on.set(l.other, false);
  // an untested take of a story one of whose takes is on t's line is on it too (the takes are one text)
  for (const l of all) if (tested.get(l.other) === undefined && !on.get(l.other) && all.some((m) => on.get(m.other) && ctx.sameText.has(pairKey(m.other, l.other)))) on.set(l.other, true);
  return on;
}

/**
 * Whether a credit says t did not take its words from x, an article: one of them credits an
 * agency (neither's outlet, with no item in the corpus) for the story they share, in words of its
 * own (a dateline or a closing credit line the other does not share with it: a syndicated copy
 * keeps its parent's), so its words are that agency's. t's own word that it runs an agency's copy
 * that x does not credit is taken as it stands. Otherwise (x's credit, or both credit the agency)
 * not when t keeps x's own edits (keepsEditsOf; x not later than t): a copy of x carries them, and
 * passes on x's credit. Never when t credits x's outlet. The scenario review's unseen-wire chain: a
 * credited copy ending "(Yonhap)" was read as the origin of a later uncredited copy's words,
 * because a third, trimmed copy did not hold them; and of three copies crediting AP, the one that
 * kept AP's words almost verbatim was read as the source of the other two.
 */
function creditedElsewhere(t: string, x: string, ctx: SourcingContext): boolean {
  if (kindRank(ctx.byId.get(x)!, ctx.input) > 0 || keepsParent(t, x, ctx, false) || keepsCaptionOf(t, x, ctx)) return false;
  const own = agencyStory(t, x, ctx);
  if (own !== undefined && !agenciesOf(x, ctx).has(own)) return true;
  // x's credit read over a tail no other holder credits does not keep a later t from being x's copy (a
  // paper's own story closed by a photo's credit far below it, lifted by a blog: a review)
  const [tt, tx] = [time(ctx.byId.get(t)!), time(ctx.byId.get(x)!)];
  if (own === undefined && agencyStory(x, t, ctx, tt === undefined || tx === undefined || tx >= tt) === undefined) return false;
  return precedes(t, x, ctx) || !keepsEditsOf(t, x, ctx);
}

/**
 * Whether t holds a photo caption (captionsOf) that it shares with x and with no other document: a
 * paper's own caption on an agency's story is the paper's layout, not the agency's words, so a copy
 * carrying it took the paper's page (test4 k13: a blog reproducing Japan Today's caption on a Kyodo item).
 */
function keepsCaptionOf(t: string, x: string, ctx: SourcingContext): boolean {
  const links = ctx.links.get(t) ?? [];
  const toX = links.find((l) => l.other === x);
  const captions = ownCaptionsOf(t, ctx);
  if (!toX || captions.length === 0) return false;
  // coveredChars reads spans in order: a link's spans follow its passages' order in the pair
  const mine = mergeSpans(toX.spans);
  const others = mergeSpans(links.filter((l) => l.other !== x).flatMap((l) => l.spans));
  return captions.some((c) => {
    const len = c.end - c.start;
    return coveredChars(mine, c.start, c.end) * 2 >= len && coveredChars(others, c.start, c.end) * 2 < len;
  });
}

/**
 * A document's photo captions (captionsOf) whose credit names no agency: an agency's caption ("…
 * (Yonhap Photo)", "(AP Photo/…)") comes with the agency's copy to every paper that runs it. Read
 * from the document's attributions, once per context (creditedElsewhere asks for each pair, often).
 */
function ownCaptionsOf(t: string, ctx: SourcingContext): readonly { start: number; end: number }[] {
  let memo = captionMemo.get(ctx);
  if (!memo) captionMemo.set(ctx, (memo = new Map()));
  let out = memo.get(t);
  if (!out) {
    const agencies = (ctx.input.attributions.get(t) ?? []).filter((a) => a.sourceKind === 'wire' || a.sourceKind === 'photo');
    out = captionsOf(ctx.byId.get(t)!.text).filter((c) => !agencies.some((a) => c.start <= a.start && a.end <= c.end));
    memo.set(t, out);
  }
  return out;
}

const captionMemo = new WeakMap<SourcingContext, Map<string, readonly { start: number; end: number }[]>>();

/**
 * Whether t keeps x's own edits: two or more 3-grams of x's wording where a third document holding
 * the stretch has other wording, against two or more third documents that are not one text (oneText:
 * an outlet's takes, an uncredited copy and its source). Against one, the edit may as well be that
 * document's: of three copies of one text, the one that edited a sentence makes the other two look
 * alike. (Counts per witness: it cannot tell x's edits from the witnesses' own where x kept the text
 * verbatim, which errs towards keeping x.) A document clearly closer to t than to x is no witness:
 * it is t's own copy, and where t and x agree against it, it edited t (a blog's copy of an uncredited
 * copy made the copy look like it kept an earlier credited copy's edits: fresh seed 4001).
 */
function keepsEditsOf(t: string, x: string, ctx: SourcingContext): boolean {
  const triple = ctx.input.triple;
  if (!triple) return false;
  const witnesses: string[] = [];
  for (const y of ctx.links.get(t) ?? []) {
    if (y.other === x || ctx.sameText.has(pairKey(x, y.other)) || witnesses.some((w) => oneText(w, y.other, x, ctx))) continue;
    // a document clearly closer to t than to x is t's own copy: where t and x agree against it, it edited t
    if (mutual(t, y.other, ctx.pairOf, ctx.sameText) > mutual(x, y.other, ctx.pairOf, ctx.sameText) + EPS) continue;
    const ev = triple(t, x, y.other);
    if (speaks(ev) && ev.n10 >= 2) witnesses.push(y.other);
    if (witnesses.length >= 2) return true;
  }
  return false;
}

/**
 * Whether two documents are one text as witnesses of x's wording: one outlet's takes, or a later
 * text that credits no agency and sides with the earlier one against x wherever the two differ from
 * x, never with x against it (a blog's lift of a paper's copy, and a scraper's of the blog, say
 * nothing the paper does not). Two copies that credit the agency are two witnesses of its words,
 * however alike. (Closeness over shared passages cannot tell: a heavily edited paragraph is in none.)
 */
function oneText(a: string, b: string, x: string, ctx: SourcingContext): boolean {
  if (ctx.sameText.has(pairKey(a, b))) return true;
  const later = precedes(a, b, ctx) ? b : precedes(b, a, ctx) ? a : undefined;
  const triple = ctx.input.triple;
  if (later === undefined || !triple || agenciesOf(later, ctx).size > 0) return false;
  const earlier = later === a ? b : a;
  const withEarlier = triple(later, earlier, x);
  const withX = triple(later, x, earlier);
  return speaks(withEarlier) && withEarlier.n10 >= 2 && (withX === undefined || withX.n10 < 2);
}

/** Share of the words x shares with o that a story credit must cover to speak for them. */
const STORY_SHARE = 0.9;

/**
 * The agency x's story credit names for the words x shares with o, when the credit is x's own (outside
 * those words, or of an agency o does not credit) and covers them (credit-scope.ts): an agency that
 * is not o's outlet, with no item of its own sharing words with x in the corpus, and none when x
 * shares words with a wire item that holds them (they may be that wire's, whatever x credits). None
 * for a text that names no outlet (it may be the agency's item). Without `weak`, a credit read over a
 * trimmed tail that no other holder seconds (StoryCredit.weak) is left out. Made once per pair,
 * direction and `weak`.
 */
function agencyStory(x: string, o: string, ctx: SourcingContext, weak = true): string | undefined {
  let memo = agencyStoryMemo.get(ctx);
  if (!memo) agencyStoryMemo.set(ctx, (memo = new Map()));
  const key = `${x}\u0000${o}\u0000${weak}`;
  if (!memo.has(key)) memo.set(key, agencyStoryOf(x, o, ctx, weak));
  return memo.get(key) ?? undefined;
}

const agencyStoryMemo = new WeakMap<SourcingContext, Map<string, string | null>>();

function agencyStoryOf(x: string, o: string, ctx: SourcingContext, weak: boolean): string | null {
  if (ctx.byId.get(x)!.outlet === undefined) return null;
  const spans = sharedSpans(x, o, ctx);
  if (spans.length === 0) return null;
  const present = agenciesPresent(x, ctx);
  if (present.wire.some((w) => spans.some((sp) => sp.start < w.end && w.start < sp.end))) return null;
  const oOutlet = outletKey(ctx.byId.get(o)!, ctx.input);
  // a credit inside the words the two share is o's too, copied with them, unless o credits no such agency (a passage can run over a line one text inserted)
  const oCredits = agenciesOf(o, ctx);
  const inside = (c: StoryCredit): boolean => spans.some((sp) => sp.start <= c.start && c.end <= sp.end);
  const covers = (c: StoryCredit): boolean => (!inside(c) || !oCredits.has(c.agency)) && (storyShare(c, spans) ?? 1) >= STORY_SHARE;
  return storyCreditsOf(x, ctx).find((c) => (weak || !c.weak) && c.agency !== oOutlet && !present.agencies.has(c.agency) && covers(c))?.agency ?? null;
}

/** x's spans of the counted passages it shares with o (none when the two share none). */
function sharedSpans(x: string, o: string, ctx: SourcingContext): readonly { start: number; end: number }[] {
  return ctx.links.get(x)?.find((l) => l.other === o)?.spans ?? [];
}

/** Share of the characters of `spans` that a credit's story covers; undefined when they hold none. */
function storyShare(c: StoryCredit, spans: readonly { start: number; end: number }[]): number | undefined {
  return coveredShare(spans, [c.story]);
}

/**
 * The agencies whose own items share words with x (their outlets, and the agencies whose dateline
 * an item naming no outlet carries), and x's spans that wire items share: made once per document.
 * A wire item's words in x may be that wire's, whatever x credits; a news-in-brief page holding one
 * wire item says nothing by it of its other items.
 */
function agenciesPresent(x: string, ctx: SourcingContext): Present {
  let memo = presentMemo.get(ctx);
  if (!memo) presentMemo.set(ctx, (memo = new Map()));
  let out = memo.get(x);
  if (out === undefined) {
    const agencies = new Set<string>();
    const wire: { start: number; end: number }[] = [];
    for (const l of ctx.links.get(x) ?? []) {
      const d = ctx.byId.get(l.other)!;
      if (d.kind === 'wire') wire.push(...l.spans);
      const k = outletKey(d, ctx.input);
      if (k !== undefined) agencies.add(k);
      else for (const a of ctx.input.attributions.get(l.other) ?? []) if (isAgencyDateline(a)) agencies.add(a.canonical!);
    }
    memo.set(x, (out = { agencies, wire: mergeSpans(wire) }));
  }
  return out;
}

interface Present {
  agencies: ReadonlySet<string>;
  wire: readonly { start: number; end: number }[];
}

const presentMemo = new WeakMap<SourcingContext, Map<string, Present>>();

/** A document's story credits, made once per context. */
function storyCreditsOf(id: string, ctx: SourcingContext): StoryCredit[] {
  return creditsMemo(id, ctx, true);
}

/**
 * A document's story credits, made once per context and reading. An agency's dateline on a copy's
 * own introduction (openedHead) is seconded, in the final reading (`full`), by another holder's story
 * credit over the words the two share, read the first way; in the first, by another holder's credit
 * line or dateline anywhere (two copies whose datelines both sit on introductions of their own).
 */
function creditsMemo(id: string, ctx: SourcingContext, full: boolean): StoryCredit[] {
  let byId = storyCreditMemo.get(ctx);
  if (!byId) storyCreditMemo.set(ctx, (byId = new Map()));
  const key = `${full ? 1 : 0}${id}`;
  let out = byId.get(key);
  if (!out) {
    const stretches = segmentsOf(ctx.links.get(id) ?? []).map((s) => ({ start: s.start, end: s.end, holders: s.holders.map((h) => h.other) }));
    const holderCredits = (h: string, agency: string, story = false): boolean => {
      const attributions = ctx.input.attributions.get(h) ?? [];
      if (!story) return attributions.some((a) => a.canonical === agency);
      if (!full) {
        const text = ctx.byId.get(h)!.text;
        return attributions.some((a) => a.canonical === agency && isCreditLine(a, text));
      }
      const shared = sharedSpans(h, id, ctx);
      return creditsMemo(h, ctx, false).some((c) => c.agency === agency && shared.some((sp) => sp.start < c.story.end && c.story.start < sp.end));
    };
    // a news-in-brief page's credit under one item ("AFP") says that item's words are the agency's
    const doc = ctx.byId.get(id)!;
    byId.set(key, (out = storyCredits(doc.text, ctx.input.attributions.get(id) ?? [], outletKey(doc, ctx.input), stretches, holderCredits, itemCreditsOf(doc, ctx.input))));
  }
  return out;
}

const storyCreditMemo = new WeakMap<SourcingContext, Map<string, StoryCredit[]>>();

/**
 * Holder x credits an agency (not its own outlet) for the story, so it copied that agency's text;
 * when only coverage says x came before t, the words t shares with x are as likely the agency's:
 * t is taken for x's sibling, not its copy. Not a credit line that heads or closes another story of
 * x (creditOfAnotherStory): a news-in-brief page's "(AP)" closing one item says nothing of the item
 * another paper's words fill (test2 of session 20).
 */
function copiedAgencyWeakly(t: string, x: string, ctx: SourcingContext): boolean {
  const d = ctx.directions.get(pairKey(x, t));
  if (d && d.basis !== 'containment' && d.basis !== 'none') return false;
  return creditsAgencyBesides(x, outletKey(ctx.byId.get(x)!, ctx.input), ctx, (a) => !creditOfAnotherStory(x, t, a, ctx));
}

/**
 * Whether x's credit line a heads or closes a story of x that holds less than STORY_SHARE of the
 * words x shares with t, or closes a paragraph inside x with no story ending there: it credits
 * another item, or a photo.
 */
function creditOfAnotherStory(x: string, t: string, a: Attribution, ctx: SourcingContext): boolean {
  const c = storyCreditsOf(x, ctx).find((k) => k.start === creditStart(a) && k.agency === a.canonical);
  const text = ctx.byId.get(x)!.text;
  // a credit line closing a paragraph inside x with no story ending there closes an item or a caption, not the words x shares
  if (!c) return isStoryCredit(a, text) && closesInside(text, a);
  const share = storyShare(c, sharedSpans(x, t, ctx));
  return share !== undefined && share < STORY_SHARE;
}

/** Whether a document credits a wire or state-media agency (by gazetteer id) other than `own`, by a credit `keep` accepts. Photo credits say nothing about the words. */
function creditsAgencyBesides(id: string, own: string | undefined, ctx: SourcingContext, keep: (a: Attribution) => boolean = () => true): boolean {
  return (ctx.input.attributions.get(id) ?? []).some((a) => a.canonical && a.canonical !== own && (a.sourceKind === 'wire' || a.sourceKind === 'state-media') && copyCredit(a) && keep(a));
}

/** Whether a document carries the dateline of a wire or state-media agency that is not its own outlet: it runs that agency's copy. */
function runsAsAgencyCopy(id: string, ctx: SourcingContext): boolean {
  const d = ctx.byId.get(id)!;
  // a wire item that names no outlet and carries an agency's dateline is that agency's item, not a copy
  if (kindRank(d, ctx.input) > 0) return false;
  const own = outletKey(d, ctx.input);
  return (ctx.input.attributions.get(id) ?? []).some((a) => isAgencyDateline(a) && a.canonical !== own);
}

/**
 * Whether t shows it took its words from x itself, whatever the sibling rules below read: it
 * credits x's outlet, or (`byWords`) it holds MIN_CHARS or more of wording that x and no other
 * document it shares text with holds (x's own reporting, as likely as the unseen source's words
 * that no third copy kept).
 * A review of those rules found copies of a paper's own paragraphs, crediting it, moved under
 * the wire's unseen source.
 */
function keepsParent(t: string, x: string, ctx: SourcingContext, byWords = true): boolean {
  const outlet = ctx.byId.get(x)!.outlet;
  if (outlet !== undefined && credits(ctx.input.attributions.get(t) ?? [], outlet, ctx.input.gazetteer)) return true;
  if (!byWords) return false;
  const links = ctx.links.get(t) ?? [];
  const toX = links.find((l) => l.other === x);
  if (!toX) return false;
  const others = mergeSpans(links.filter((l) => l.other !== x).flatMap((l) => l.spans));
  let own = 0;
  for (const sp of toX.spans) own += sp.end - sp.start - coveredChars(others, sp.start, sp.end);
  return own >= MIN_CHARS;
}

/** Agencies a document credits (any cue, photo credits included; state media by the cues of a copy only: copyCredit), by gazetteer id; credits inside `besides` (spans of its text) left out. */
function agenciesOf(id: string, ctx: SourcingContext, besides: readonly { start: number; end: number }[] = []): Set<string> {
  const out = new Set<string>();
  for (const a of ctx.input.attributions.get(id) ?? []) {
    if (!a.canonical || (a.sourceKind !== 'wire' && a.sourceKind !== 'state-media' && a.sourceKind !== 'photo') || !copyCredit(a)) continue;
    if (!besides.some((sp) => sp.start <= a.start && a.end <= sp.end)) out.add(a.canonical);
  }
  return out;
}

/**
 * Both credit one agency that published neither of them: with nothing in the words to say
 * otherwise, they are two copies of that agency's story, not one the other's source. t's credits
 * inside the words it shares with x are left out: those t copied with the words (a wire that
 * reports "the Korean Central News Agency (KCNA) said" and its copies all credit KCNA; a
 * new-user walkthrough found the copies hung off an unseen KCNA source beside the wire they copied).
 */
function creditSameAgency(t: string, x: string, ctx: SourcingContext): boolean {
  const own = new Set([x, t].map((id) => outletKey(ctx.byId.get(id)!, ctx.input)));
  const ax = agenciesOf(x, ctx);
  const shared = (ctx.links.get(t) ?? []).find((l) => l.other === x)?.spans ?? [];
  for (const a of agenciesOf(t, ctx, shared)) if (ax.has(a) && !own.has(a)) return true;
  return false;
}

/**
 * Whether t or one of its holders credits the story to an agency that is not t's outlet: then t
 * is not the text they all copied (it says, or they say, where the text came from), however
 * faithfully it keeps that text.
 */
function creditsElsewhere(t: string, links: readonly Link[], ctx: SourcingContext): boolean {
  const own = outletKey(ctx.byId.get(t)!, ctx.input);
  return [t, ...links.map((l) => l.other)].some((id) => creditsAgencyBesides(id, own, ctx));
}

/**
 * The possible sources of one stretch of document t: holder ids, LATENT, or none (t is the origin).
 * A stretch that siblings of t also hold (holders off its line that did not copy t) is explained
 * by their unseen common source too, so a document one of whose stretches an earlier sibling
 * happens to match exactly does not get that sibling as a second parent. `siblings` are those
 * holders, to join t's latent group if the latent source is chosen.
 */
function stretchSources(t: string, seg: Segment, all: readonly Link[], onPath: ReadonlyMap<string, boolean>, isCenter: () => boolean, ctx: SourcingContext, groups: UnionFind): { sources: string[]; siblings: string[] } {
  const parents = seg.holders.filter((l) => onPath.get(l.other) && precedes(l.other, t, ctx));
  // holders off t's line that copied t are its descendants, not siblings
  const off = seg.holders.filter((l) => !onPath.get(l.other) && !descendsFrom(l.other, t, all, ctx) && !runsAnotherHoldersCopy(l.other, t, all, ctx));
  const latent = off.length > 0 && !isCenter();
  if (parents.length > 0) {
    const best = Math.max(...parents.map((l) => l.close));
    const near = parents.filter((l) => l.close >= best - EPS);
    // two takes of one story that both hold the stretch are one text here: the earlier can be its source as well
    const closest = parents.filter((l) => near.includes(l) || near.some((m) => ctx.sameText.has(pairKey(m.other, l.other)))).map((l) => l.other);
    return latent ? { sources: [...closest, LATENT], siblings: off.map((l) => l.other) } : { sources: closest, siblings: [] };
  }
  if (!latent) return { sources: [], siblings: [] };
  // copies of one text that none of them is the origin of: an unseen common source
  for (const l of off) groups.union(t, l.other);
  return { sources: [LATENT], siblings: [] };
}

/** Greedy cover: the source explaining most of the stretches first; ties to the earliest, then the wire, then the most complete. */
function coverStretches(t: string, stretches: { seg: Segment; sources: string[]; eligible: string[] }[], ctx: SourcingContext): string[] {
  // fewest sources: a stretch whose every possible source also holds text t took from an unseen
  // source (a sibling that happens to hold this stretch too) may come from that unseen source as
  // well; a document that holds none of that text (a wire story t merged in) stays the only source
  const withLatent = new Set(stretches.filter((s) => s.sources.includes(LATENT)).flatMap((s) => s.seg.holders.map((h) => h.other)));
  const siblingsOnly = (s: { sources: string[] }): boolean => !s.sources.includes(LATENT) && s.sources.every((x) => withLatent.has(x));
  const open = stretches.filter((s) => s.sources.length > 0).map((s) => (siblingsOnly(s) ? { ...s, sources: [...s.sources, LATENT] } : s));
  const chosen: string[] = [];
  const coverage = (src: string): number => {
    const l = ctx.links.get(t)?.find((x) => x.other === src);
    return l ? (l.pair.a === t ? l.pair.coverage.b : l.pair.coverage.a) : 0;
  };
  const rankKey = (src: string): [number, number, number, number] => {
    if (src === LATENT) return [Infinity, 0, 0, Infinity];
    const d = ctx.byId.get(src)!;
    return [time(d) ?? Infinity, -kindRank(d, ctx.input), -coverage(src), ctx.order.get(src)!];
  };
  const better = (x: string, y: string): boolean => {
    // earliest first: a known direction between the two (a first take before its update) decides
    const d = ctx.directions.get(pairKey(x, y)) ?? ctx.sameTextDirections.get(pairKey(x, y));
    if (d && d.basis !== 'none' && x !== LATENT && y !== LATENT) return d.from === x;
    const a = rankKey(x);
    const b = rankKey(y);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
    return false;
  };
  const total = open.reduce((w, s) => w + s.seg.end - s.seg.start, 0);
  while (open.length > 0) {
    const cands = sourceWeights(open);
    let pick: string | undefined;
    let pickW = 0;
    // an unseen source is a hypothesis: a document in the corpus that explains about as much is preferred
    const slack = Math.max(2 * MIN_CHARS, EXTRA_PARENT * total);
    const rankW = (c: string, w: number): number => (c === LATENT ? w - slack : w);
    for (const [c, w] of cands) {
      const r = rankW(c, w);
      const rp = pick === undefined ? -Infinity : rankW(pick, pickW);
      if (r > rp + 1e-9 || (Math.abs(r - rp) <= 1e-9 && pick !== undefined && better(c, pick))) {
        pick = c;
        pickW = w;
      }
    }
    // a further parent must explain a real share: slivers where passage ends differ are not a second source
    if (pick === undefined || pickW < (chosen.length === 0 ? MIN_CHARS : Math.max(2 * MIN_CHARS, EXTRA_PARENT * total))) break;
    chosen.push(pick);
    // a chosen parent explains every stretch it could be the source of, not only those where it matched best
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.sources.includes(pick) || open[i]!.eligible.includes(pick)) open.splice(i, 1);
  }
  return chosen;
}

/**
 * The possible sources of the open stretches, in the order they first appear, each with the
 * length of the stretches it could be the source of: one pass over the stretches instead of one
 * per source (a story's copy has every other copy as a possible source of each stretch).
 */
export function sourceWeights(open: readonly { seg: { start: number; end: number }; sources: readonly string[] }[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const s of open) for (const src of new Set(s.sources)) weights.set(src, (weights.get(src) ?? 0) + s.seg.end - s.seg.start);
  return weights;
}

/** One stretch of a document with its possible sources, the siblings to join if the unseen source is chosen, and the holders that could be its source. */
interface Stretch {
  seg: Segment;
  sources: string[];
  siblings: string[];
  eligible: string[];
}

/** Sources every document's reused stretches; returns parents and latent groups. */
export function sourceDocuments(ids: readonly string[], ctx: SourcingContext): Omit<SourcingResult, 'directions'> {
  const groups = new UnionFind(ctx.order);
  const parents = new Map<string, string[]>();
  const latentHolders = new Map<string, string[]>();
  const stretchesOf = new Map<string, Stretch[]>();
  for (const t of ids) {
    const links = ctx.links.get(t);
    if (!links || links.length === 0) continue;
    const stretches = documentStretches(t, links, ctx, groups);
    stretchesOf.set(t, stretches);
    const chosen = settle(t, stretches, ctx, groups, parents);
    if (chosen.includes(LATENT)) noteLatentHolders(t, stretches, chosen, latentHolders);
  }
  // then the documents read together: texts left as origins that are copies of an unseen source,
  // then copies taken for copies of such a copy (in this order, as measured: docs/accuracy.md, sib8)
  joinExcludedRoots(latentHolders, parents, ctx, groups);
  joinCreditedRoots(latentHolders, parents, ctx, groups);
  joinCreditedRivals(ids, stretchesOf, parents, ctx, groups);
  joinCopiesFartherThanSiblings(ids, parents, ctx, groups);
  joinCopiesKeepingNoEditsOfTheParent(ids, parents, ctx, groups);
  joinMergedCopies(ids, parents, ctx, groups);
  const latentOf = new Map<string, string>();
  for (const [t, ps] of parents) if (ps.includes(LATENT)) latentOf.set(t, groups.find(t));
  return { parents, latentOf };
}

/** A word of two letters or figures or more: what a stretch must hold to say anything of its source. */
const WORD = /[\p{L}\p{N}]{2}/u;

/** The stretches of t with their possible sources (joining t's latent group with the siblings that leave no other source). */
function documentStretches(t: string, links: readonly Link[], ctx: SourcingContext, groups: UnionFind): Stretch[] {
  const onPath = linesOfDescent(t, links, ctx);
  let center: boolean | undefined;
  const isCenter = (): boolean => {
    if (center === undefined) {
      // the wire or official text its holders credit or rank below is their source, whatever their dates
      const me = ctx.byId.get(t)!;
      const source = links.every((l) => {
        const o = ctx.byId.get(l.other)!;
        return kindRank(me, ctx.input) > kindRank(o, ctx.input) || (me.outlet !== undefined && credits(ctx.input.attributions.get(l.other) ?? [], me.outlet, ctx.input.gazetteer));
      });
      const b = source ? 0 : creditsElsewhere(t, links, ctx) || precededOffLine(t, links, onPath, ctx) ? undefined : branchOffLine(t, links, onPath, ctx);
      center = b !== undefined && b <= TAU;
    }
    return center;
  };
  const own = ctx.earlierTakeSpans.get(t) ?? [];
  const text = ctx.byId.get(t)!.text;
  return segmentsOf(links)
    // a stretch with no word in it (the blank between two paragraphs one holder has side by side) is evidence of nothing
    .filter((seg) => WORD.test(text.slice(seg.start, seg.end)))
    .filter((seg) => !own.some((x) => x.start <= seg.start && x.end >= seg.end))
    .map((seg) => ({
      seg,
      ...stretchSources(t, seg, links, onPath, isCenter, ctx, groups),
      eligible: seg.holders.filter((l) => onPath.get(l.other) && precedes(l.other, t, ctx)).map((l) => l.other),
    }));
}

/**
 * ownBranch over the holders off t's line, t's own copies left out when two others or more can
 * speak: a copy shares t's edits, so beside it t looks like the text they all copied (fresh seed
 * 4011: a copy of an unseen wire taken for the wire because its syndicated copy agreed with it).
 * With fewer, t's copies are read too (an undated original whose other holders are a copy of its
 * copy and its own copies: the lineage corpus).
 */
function branchOffLine(t: string, links: readonly Link[], onPath: ReadonlyMap<string, boolean>, ctx: SourcingContext): number | undefined {
  const off = links.filter((l) => !onPath.get(l.other));
  return ownBranch(t, off.filter((l) => !descendsFrom(l.other, t, links, ctx)), ctx) ?? ownBranch(t, off, ctx);
}

/**
 * Whether a holder off t's line, dated before t, holds half or more of what t shares with others: it
 * held those words first, so t is not the text they all copied (fresh seed 4031: a copy with few edits
 * of its own in what it shares was taken for the unseen wire though a sibling ran an hour before it).
 * Not a holder of one background paragraph, nor a blog's copy of the first take of t's update (a review).
 */
function precededOffLine(t: string, links: readonly Link[], onPath: ReadonlyMap<string, boolean>, ctx: SourcingContext): boolean {
  const length = (spans: readonly { start: number; end: number }[]): number => spanChars(mergeSpans([...spans]));
  const total = length(links.flatMap((l) => l.spans));
  return links.some((l) => {
    const d = directionOf(l.other, t, ctx);
    return !onPath.get(l.other) && d?.basis === 'date' && d.from === l.other && 2 * length(l.spans) >= total;
  });
}

/** Chooses t's parents from its stretches (a chosen unseen source joins t with the siblings that hold them); returns them. */
function settle(t: string, stretches: Stretch[], ctx: SourcingContext, groups: UnionFind, parents: Map<string, string[]>): string[] {
  const chosen = coverStretches(t, stretches, ctx);
  if (chosen.includes(LATENT)) for (const s of stretches) for (const y of s.siblings) groups.union(t, y);
  if (chosen.length > 0) parents.set(t, chosen);
  else parents.delete(t);
  return chosen;
}

/**
 * A document with no source of its own that runs an agency's copy and was t's rival source for a
 * stretch the unseen source could have given t as well is another copy of that unseen source: it
 * joins t's group, and a t that took it as a parent is sourced again without it for those stretches
 * (it holds the unseen source's words, not words of its own). The copies joinCreditedRoots joined
 * are left as parents: re-sourcing their copies too cost a syndicated whole copy its parent (dev).
 */
function joinCreditedRivals(ids: readonly string[], stretchesOf: ReadonlyMap<string, Stretch[]>, parents: Map<string, string[]>, ctx: SourcingContext, groups: UnionFind): void {
  const rivals = new Map<string, Set<string>>();
  for (const [t, stretches] of stretchesOf) {
    for (const s of stretches) {
      if (!s.sources.includes(LATENT)) continue;
      for (const x of s.sources) {
        if (x === LATENT || isSourced(x, parents, ctx)) continue;
        const ts = rivals.get(x);
        if (ts) ts.add(t);
        else rivals.set(x, new Set([t]));
      }
    }
  }
  const copies = new Set([...rivals.keys()].filter((x) => runsAsAgencyCopy(x, ctx)));
  if (copies.size === 0) return;
  for (const x of copies) {
    parents.set(x, [LATENT]);
    for (const t of rivals.get(x)!) groups.union(x, t);
  }
  const without = (xs: readonly string[]): string[] => xs.filter((x) => !copies.has(x));
  for (const t of ids) {
    if (!(parents.get(t) ?? []).some((x) => copies.has(x) && !keepsParent(t, x, ctx, false))) continue;
    settle(t, stretchesOf.get(t)!.map((s) => (s.sources.includes(LATENT) ? { ...s, sources: without(s.sources), eligible: without(s.eligible) } : s)), ctx, groups, parents);
  }
}

/**
 * A document whose parents are two or more articles holding parts of one story (each shares words
 * with another of them), none of them a wire or official text, where it or one of them credits an
 * agency that has no item in the corpus by a credit line or dateline (creditLineAgencies), and none of
 * them names another as its source, runs that agency's story: no parent holds all it took, so
 * the story extends beyond every one of them, and one unseen source explains what two or more
 * would. It and those parents are copies of the unseen source (test6 n19: three cuts of a Yonhap
 * item, run verbatim, each keeping paragraphs the others cut).
 */
function joinMergedCopies(ids: readonly string[], parents: Map<string, string[]>, ctx: SourcingContext, groups: UnionFind): void {
  const merged = ids.filter((t) => {
    const ps = parents.get(t);
    if (!ps || ps.length < 2 || ps.includes(LATENT) || ps.some((p) => kindRank(ctx.byId.get(p)!, ctx.input) > 0)) return false;
    if (!ps.every((p) => ps.some((q) => q !== p && sharesCounted(p, q, ctx)))) return false;
    // one of them names another as its source: the chain it says it is (a pick-up crediting the paper's exclusive)
    if ([t, ...ps].some((d) => ps.some((p) => p !== d && keepsParent(d, p, ctx, false)))) return false;
    const present = agenciesPresent(t, ctx).agencies;
    return [t, ...ps].some((d) => [...creditLineAgencies(d, ctx)].some((a) => !present.has(a) && a !== outletKey(ctx.byId.get(d)!, ctx.input)));
  });
  for (const t of merged) {
    const ps = parents.get(t)!;
    for (const p of ps) {
      groups.union(t, p);
      const own = parents.get(p);
      if (!own || own.every((q) => ps.includes(q))) parents.set(p, [LATENT]);
    }
    parents.set(t, [LATENT]);
  }
}

/**
 * The agencies a document credits with its story by a credit line or dateline of its own
 * (isCreditLine; an end-credit line as a story credit): not a photo's credit, "With AFP", "X contributed" or an agency
 * named in a sentence, which credit a picture or a fact (a review: a paper's exclusive with a
 * "(Yonhap Photo)" caption, merged by a blog with a follow-up, was made a copy of an unseen source).
 */
function creditLineAgencies(id: string, ctx: SourcingContext): Set<string> {
  const text = ctx.byId.get(id)!.text;
  const out = new Set<string>();
  // "BY YONHAP [kjd@joongang.co.kr]" closing the text speaks for no paragraph of its own, yet is the story's credit
  for (const a of ctx.input.attributions.get(id) ?? []) if (a.canonical && a.sourceKind === 'wire' && (a.cue === 'end-credit' ? isStoryCredit(a, text) : isCreditLine(a, text))) out.add(a.canonical);
  return out;
}

/** Whether two documents share counted passages. */
function sharesCounted(a: string, b: string, ctx: SourcingContext): boolean {
  return ctx.pairOf.get(pairKey(a, b))?.passages.some(isCounted) ?? false;
}

/**
 * Whether a document has a source of its own: a parent, or an earlier take of its outlet's it
 * updates (its words are that take's: the rules that join texts left as origins to an unseen
 * source leave it alone, or an outlet's update hung off the unseen source beside its first take).
 */
function isSourced(x: string, parents: ReadonlyMap<string, string[]>, ctx: SourcingContext): boolean {
  return parents.has(x) || (ctx.earlierTakeSpans.get(x)?.length ?? 0) > 0;
}

/** Holders of the stretches t could have taken from its unseen source that t did not take as a source: x → those t. */
function noteLatentHolders(t: string, stretches: readonly { seg: Segment; sources: string[] }[], chosen: readonly string[], out: Map<string, string[]>): void {
  const seen = new Set<string>();
  for (const s of stretches) {
    if (!s.sources.includes(LATENT)) continue;
    for (const h of s.seg.holders) {
      if (chosen.includes(h.other) || seen.has(h.other)) continue;
      seen.add(h.other);
      const xs = out.get(h.other);
      if (xs) xs.push(t);
      else out.set(h.other, [t]);
    }
  }
}

/**
 * A document with no source of its own that runs an agency's copy (the agency's dateline, not its
 * own outlet's) says its words came from elsewhere: when a copy of an unseen source holds those
 * words and did not take them from it, it is another copy of that unseen source and joins that
 * copy's group. (Any credit is too weak: generated news text names agencies in passing.)
 */
function joinCreditedRoots(latentHolders: ReadonlyMap<string, readonly string[]>, parents: Map<string, string[]>, ctx: SourcingContext, groups: UnionFind): void {
  const joined = [...latentHolders].filter(([x]) => !isSourced(x, parents, ctx) && runsAsAgencyCopy(x, ctx));
  for (const [x, ts] of joined) {
    parents.set(x, [LATENT]);
    for (const t of ts) groups.union(x, t);
  }
}



/**
 * A document with no source of its own, not a wire or official text, that holds wording a copy of
 * an unseen source took from that source, where the copy's words show it did not take them from
 * this document (it keeps wording a third holder has where this one edited it) and this document
 * did not copy it, is another copy of the unseen source, not its origin: it joins the copy's group.
 * (A wire story in the corpus stays the origin of its copies: in the lineage corpus a partial
 * copy's words, against a rewrite of a rewrite, excluded the wire it copied.)
 */
function joinExcludedRoots(latentHolders: ReadonlyMap<string, readonly string[]>, parents: Map<string, string[]>, ctx: SourcingContext, groups: UnionFind): void {
  const joined: [string, string[]][] = [];
  for (const [x, ts] of latentHolders) {
    if (isSourced(x, parents, ctx) || kindRank(ctx.byId.get(x)!, ctx.input) > 0) continue;
    const by = ts.filter((t) => {
      const links = ctx.links.get(t)!;
      if (keepsParent(t, x, ctx) || ctx.directions.get(pairKey(x, t))?.basis === 'date') return false;
      return onLineOfDescent(t, links.find((l) => l.other === x)!, links, ctx) === false && !descendsFrom(x, t, links, ctx);
    });
    if (by.length > 0) joined.push([x, by]);
  }
  for (const [x, by] of joined) {
    parents.set(x, [LATENT]);
    for (const t of by) groups.union(x, t);
  }
}


/**
 * A document whose one parent x is a copy of an unseen source, and which keeps the wording of each
 * of x's fellow copies it shares text with more closely than x's, is another copy of that unseen
 * source: a copy of x would keep x's wording (x's edits included) more closely than that of x's
 * fellow copies, which differ from x by their own edits as well.
 */
function joinCopiesFartherThanSiblings(ids: readonly string[], parents: Map<string, string[]>, ctx: SourcingContext, groups: UnionFind): void {
  moveCopiesOfCopies(ids, parents, ctx, groups, (t, x, fellows) => {
    const toX = ctx.links.get(t)!.find((l) => l.other === x)!.close;
    return fellows.every((l) => l.close > toX);
  });
}

/**
 * A document whose one parent x is a copy of an unseen source (with fellow copies the document
 * shares text with), and which, over what it shares with x and with some other document, keeps
 * none of x's own wording (3-grams x has and no other document sharing its passages has: x's
 * edits, which a copy of x would carry), is another copy of the unseen source: it agrees with x
 * only where x kept the unseen source's words.
 */
function joinCopiesKeepingNoEditsOfTheParent(ids: readonly string[], parents: Map<string, string[]>, ctx: SourcingContext, groups: UnionFind): void {
  const keptOnly = ctx.input.keptOnly;
  if (!keptOnly) return;
  // a copy of t holds x's edits too, so they are no longer x's alone to keptOnly: t's copies leave it unread (a review)
  const copied = new Set([...parents.values()].flat());
  moveCopiesOfCopies(ids, parents, ctx, groups, (t, x) => {
    if (copied.has(t)) return false;
    const ev = keptOnly(t, x);
    return ev !== undefined && ev.n >= MIN_GRAMS && ev.kept < 2;
  });
}

/**
 * The documents whose one parent x is a copy of an unseen source, that show no sign of taking
 * their words from x itself (keepsParent), that share text with fellow copies of x (not their own
 * copies), and that `sibling` reads as another copy of the unseen source: each is moved to x's
 * latent group. Every document is read before any is moved.
 */
function moveCopiesOfCopies(ids: readonly string[], parents: Map<string, string[]>, ctx: SourcingContext, groups: UnionFind, sibling: (t: string, x: string, fellows: readonly Link[]) => boolean): void {
  const isCopy = (id: string): boolean => (parents.get(id) ?? []).includes(LATENT);
  const moved = ids.filter((t) => {
    const ps = parents.get(t);
    if (!ps || ps.length !== 1 || ps[0] === LATENT || !isCopy(ps[0]!) || keepsParent(t, ps[0]!, ctx)) return false;
    const x = ps[0]!;
    // x's fellow copies that t shares text with (not t's own copies)
    const fellows = (ctx.links.get(t) ?? []).filter((l) => l.other !== x && isCopy(l.other) && groups.find(l.other) === groups.find(x) && !parents.get(l.other)!.includes(t));
    return fellows.length > 0 && sibling(t, x, fellows);
  });
  for (const t of moved) {
    groups.union(t, parents.get(t)![0]!);
    parents.set(t, [LATENT]);
  }
}
