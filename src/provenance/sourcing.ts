import { isCounted } from '../compare/template.js';
import type { Doc } from '../doc.js';
import type { GraphInput, PairAnalysis } from './graph.js';
import { contentDirection, evidenceDirection, kindRank, time, type Direction } from './relations.js';

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
  const closeTo = (x: string, z: string): number | undefined => links.get(x)?.find((l) => l.other === z)?.close;
  for (const p of pairs) {
    const k = pairKey(p.a, p.b);
    const s = strong.get(k);
    if (s) {
      out.set(k, s);
      continue;
    }
    out.set(k, lineageDirection(p, byId, links, strong, closeTo) ?? contentDirection(byId.get(p.a)!, byId.get(p.b)!, p));
  }
  return out;
}

/** Of two copies of a common upstream source Z, the one whose passages keep Z's wording better is upstream. */
function lineageDirection(
  p: PairAnalysis,
  byId: ReadonlyMap<string, Doc>,
  links: ReadonlyMap<string, Link[]>,
  strong: ReadonlyMap<string, Direction>,
  closeTo: (x: string, z: string) => number | undefined,
): Direction | undefined {
  let votes = 0;
  for (const l of links.get(p.a) ?? []) {
    const z = l.other;
    if (z === p.b) continue;
    const za = strong.get(pairKey(z, p.a));
    const zb = strong.get(pairKey(z, p.b));
    if (za?.from !== z || zb?.from !== z) continue;
    const ca = closeTo(p.a, z);
    const cb = closeTo(p.b, z);
    if (ca === undefined || cb === undefined) continue;
    if (ca > cb + EPS) votes++;
    else if (cb > ca + EPS) votes--;
  }
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
}

const precedes = (x: string, t: string, ctx: SourcingContext): boolean => ctx.directions.get(pairKey(x, t))?.from === x;

/** A document that is plainly a source among others: official or wire copy when the rest are not, or credited by the rest. */
function sourceLike(id: string, group: readonly string[], ctx: SourcingContext): boolean {
  const rank = kindRank(ctx.byId.get(id)!, ctx.input);
  return group.every((o) => o === id || kindRank(ctx.byId.get(o)!, ctx.input) < rank || ctx.directions.get(pairKey(id, o))?.basis === 'credit');
}

type Shape = 'star' | 'clique' | 'middle';

/** How the closest holders sit around the document: all equally apart (star), closer to one another (clique), or farther (middle). */
function shapeOf(t: string, q: readonly Link[], ctx: SourcingContext): Shape {
  const cT = q.reduce((s, l) => s + l.close, 0) / q.length;
  let equi = 0;
  let far = 0;
  let close = 0;
  for (let i = 0; i < q.length; i++) {
    for (let j = i + 1; j < q.length; j++) {
      const c = mutual(q[i]!.other, q[j]!.other, ctx.pairOf, ctx.sameText);
      if (c > cT + EPS || (c >= 0.95 && cT >= 0.95)) close++;
      else if (c < cT - EPS) far++;
      else equi++;
    }
  }
  if (equi > 0 && equi >= far && equi >= close) return 'star';
  return close >= far ? 'clique' : 'middle';
}

/** The possible sources of one stretch of document t: holder ids, LATENT, or none (t is the origin). */
function stretchSources(t: string, seg: Segment, ctx: SourcingContext, groups: UnionFind): string[] {
  const best = Math.max(...seg.holders.map((l) => l.close));
  const q = seg.holders.filter((l) => l.close >= best - EPS);
  if (q.length >= 2 && shapeOf(t, q, ctx) === 'star') {
    const members = [t, ...q.map((l) => l.other)];
    const likes = members.filter((m) => sourceLike(m, members, ctx));
    if (likes.length === 1) return likes[0] === t ? [] : [likes[0]!];
    for (const l of q) groups.union(t, l.other);
    return [LATENT];
  }
  return q.filter((l) => precedes(l.other, t, ctx)).map((l) => l.other);
}

/** Greedy cover: the source explaining most of the stretches first; ties to the earliest, then the wire, then the most complete. */
function coverStretches(t: string, stretches: { seg: Segment; sources: string[] }[], ctx: SourcingContext): string[] {
  const open = stretches.filter((s) => s.sources.length > 0);
  const chosen: string[] = [];
  const weightOf = (src: string): number => open.reduce((w, s) => w + (s.sources.includes(src) ? s.seg.end - s.seg.start : 0), 0);
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
    const a = rankKey(x);
    const b = rankKey(y);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
    return false;
  };
  while (open.length > 0) {
    const cands = [...new Set(open.flatMap((s) => s.sources))];
    let pick: string | undefined;
    let pickW = 0;
    for (const c of cands) {
      const w = weightOf(c);
      if (w > pickW + 1e-9 || (Math.abs(w - pickW) <= 1e-9 && pick !== undefined && better(c, pick))) {
        pick = c;
        pickW = w;
      }
    }
    if (pick === undefined || pickW < MIN_CHARS) break;
    chosen.push(pick);
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.sources.includes(pick)) open.splice(i, 1);
  }
  return chosen;
}

/** Sources every document's reused stretches; returns parents and latent groups. */
export function sourceDocuments(ids: readonly string[], ctx: SourcingContext): Omit<SourcingResult, 'directions'> {
  const groups = new UnionFind(ctx.order);
  const parents = new Map<string, string[]>();
  for (const t of ids) {
    const links = ctx.links.get(t);
    if (!links || links.length === 0) continue;
    const stretches = segmentsOf(links).map((seg) => ({ seg, sources: stretchSources(t, seg, ctx, groups) }));
    const chosen = coverStretches(t, stretches, ctx);
    if (chosen.length > 0) parents.set(t, chosen);
  }
  const latentOf = new Map<string, string>();
  for (const [t, ps] of parents) if (ps.includes(LATENT)) latentOf.set(t, groups.find(t));
  return { parents, latentOf };
}
