import { hashKGram } from '../sketch/hash.js';
import { lowerBound } from '../sketch/sort.js';
import { scratchSetOf } from '../sketch/u32set.js';
import type { Span } from '../text/boilerplate.js';
import { coveredChars } from '../text/sentences.js';
import { gramsOfIds, gramsOfText, type AlignText, type Passage } from './align.js';
import { isCounted } from './template.js';

/** The stemmed word-3-gram hashes of a prepared text, sorted and unique (the closeness oracle; made once per prepared text). */
export function gramSet(t: AlignText): Uint32Array {
  return gramsOfText(t);
}

export { gramsOfIds };

/** Whether a sorted array holds x. */
export function sortedHas(sorted: Uint32Array, x: number): boolean {
  const at = lowerBound(sorted, x);
  return at < sorted.length && sorted[at] === x;
}

/** Index of the first token of a prepared text that starts at or after `offset`. */
export function tokenAt(t: { tokens: { starts: Uint32Array } }, offset: number): number {
  return lowerBound(t.tokens.starts, offset);
}

/** The tokens [from, to) of a prepared text that lie inside a span: from the first starting in it to the last ending in it. */
export function tokenRange(t: { tokens: { starts: Uint32Array; ends: Uint32Array } }, sp: Span): [number, number] {
  const from = tokenAt(t, sp.start);
  let to = from;
  while (to < t.tokens.ends.length && t.tokens.ends[to]! <= sp.end) to++;
  return [from, to];
}

/**
 * How closely the counted passages of text A (its spans `side`) keep the wording of text B: the
 * share of A's 3-grams inside them that B also has. One copying step of light editing lowers it
 * by a similar amount each time, so a copy is closer to the text it copied than to that text's
 * other copies — the signal that tells a parent from a sibling.
 */
export function closenessOf(A: AlignText, spans: readonly Span[], bGrams: Uint32Array): number {
  let total = 0;
  let kept = 0;
  const b = scratchSetOf(bGrams);
  for (const s of spans) {
    const from = tokenAt(A, s.start);
    const to = tokenAt(A, s.end);
    for (let t = from; t + 3 <= to; t++) {
      total++;
      if (b.has(hashKGram(A.tokens.ids, t, 3))) kept++;
    }
  }
  return total === 0 ? 0 : kept / total;
}

/** Closeness both ways over a pair's counted passages. */
export function pairCloseness(A: AlignText, B: AlignText, passages: readonly Passage[], gramsA: Uint32Array, gramsB: Uint32Array): { aInB: number; bInA: number } {
  const counted = passages.filter(isCounted);
  return {
    aInB: closenessOf(
      A,
      counted.map((p) => p.a),
      gramsB,
    ),
    bInA: closenessOf(
      B,
      counted.map((p) => p.b),
      gramsA,
    ),
  };
}

const inQuotes = (span: Span, quotes: Span[]): boolean => coveredChars(quotes, span.start, span.end) >= 0.7 * (span.end - span.start);

/**
 * Words of counted passages that stand inside quotation marks in one text only: the text that
 * quotes (B's words in "…" that A has plain means B quotes A).
 */
export function quotedSides(A: AlignText, B: AlignText, passages: readonly Passage[]): { a: number; b: number } {
  let a = 0;
  let b = 0;
  for (const p of passages) {
    if (!isCounted(p)) continue;
    const qa = inQuotes(p.a, A.quotes);
    const qb = inQuotes(p.b, B.quotes);
    if (qa && !qb) a += p.tokens;
    else if (qb && !qa) b += p.tokens;
  }
  return { a, b };
}

/** What t's wording says about two of its holders, over the stretch of t both hold. */
export interface TripleEvidence {
  /** 3-grams of t in the stretch. */
  n: number;
  /** …that y has and x lacks (x's own edits, or t's edits that y inherited). */
  n01: number;
  /** …that x has and y lacks. */
  n10: number;
  /** …that neither has (t's own edits). */
  n00: number;
}

/** Marks t's tokens covered by any of the spans. */
export function coverMask(t: AlignText, spans: readonly Span[]): Uint8Array {
  const m = new Uint8Array(t.tokens.ids.length);
  for (const s of spans) m.fill(1, tokenAt(t, s.start), tokenAt(t, s.end));
  return m;
}

/**
 * Which of t's 3-grams inside `mask` a holder keeps (1 at the gram's first token), for
 * gramBits and tripleFromBits: each (t, holder) pair is looked up once, however many third documents the
 * evidence is then read against (a story copied by many asks every pair of copies about every
 * other copy).
 */
export function keptGrams(t: AlignText, mask: Uint8Array, grams: Uint32Array): Uint8Array {
  const ids = t.tokens.ids;
  const keep = new Uint8Array(ids.length);
  for (let i = 0; i + 3 <= ids.length; i++) if (mask[i] && mask[i + 2] && sortedHas(grams, hashKGram(ids, i, 3))) keep[i] = 1;
  return keep;
}

/**
 * One holder's side of a triple's evidence packed 32 grams a word: `grams`, t's 3-grams inside the
 * mask (its first and last token covered); `kept`, those of them the holder keeps. A story copied
 * by n outlets asks about n³ triples, each then a few popcounts per 32 grams (tripleFromBits).
 */
export interface GramBits {
  grams: Uint32Array;
  kept: Uint32Array;
}

/** Packs a holder's mask and kept grams (keptGrams) for tripleFromBits. */
export function gramBits(mask: Uint8Array, keep: Uint8Array): GramBits {
  const words = (mask.length + 31) >>> 5;
  const grams = new Uint32Array(words);
  const kept = new Uint32Array(words);
  for (let i = 0; i + 3 <= mask.length; i++) {
    if (!(mask[i] && mask[i + 2])) continue;
    grams[i >>> 5]! |= 1 << (i & 31);
    if (keep[i]) kept[i >>> 5]! |= 1 << (i & 31);
  }
  return { grams, kept };
}

const popcount = (v: number): number => {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
};

/** Counts, over the 3-grams of t inside both holders' masks, which of the two keep them, from their packed grams (gramBits). */
export function tripleFromBits(x: GramBits, y: GramBits): TripleEvidence {
  let n = 0;
  let n01 = 0;
  let n10 = 0;
  let n00 = 0;
  for (let w = 0; w < x.grams.length; w++) {
    const both = x.grams[w]! & y.grams[w]!;
    if (both === 0) continue;
    const kx = x.kept[w]!;
    const ky = y.kept[w]!;
    n += popcount(both);
    n01 += popcount(both & ~kx & ky);
    n10 += popcount(both & kx & ~ky);
    n00 += popcount(both & ~kx & ~ky);
  }
  return { n, n01, n10, n00 };
}

/** Marks t's 3-grams (at their first token) that none of the holders has: t's own edits, for privateShare. */
export function heldByNone(t: AlignText, grams: readonly Uint32Array[]): Uint8Array {
  const ids = t.tokens.ids;
  const none = new Uint8Array(ids.length);
  for (let i = 0; i + 3 <= ids.length; i++) {
    const h = hashKGram(ids, i, 3);
    if (!grams.some((g) => sortedHas(g, h))) none[i] = 1;
  }
  return none;
}

/** Share of t's 3-grams inside the mask that none of its holders has (heldByNone): t's own edits. */
export function privateShare(mask: Uint8Array, none: Uint8Array): { n: number; share: number } {
  let n = 0;
  let own = 0;
  for (let i = 0; i + 3 <= mask.length; i++) {
    if (!(mask[i] && mask[i + 2])) continue;
    n++;
    own += none[i]!;
  }
  return { n, share: n === 0 ? 0 : own / n };
}

/**
 * The one holder that has each 3-gram of t (at its first token): its id, null where two or more
 * holders do, undefined where none does. Read by keptOnlyBy: x keeps a gram alone where it is the sole holder.
 */
export function soleHolders(t: AlignText, holders: readonly { id: string; grams: Uint32Array }[]): (string | null | undefined)[] {
  const ids = t.tokens.ids;
  const sole: (string | null | undefined)[] = new Array<string | null | undefined>(ids.length).fill(undefined);
  for (let i = 0; i + 3 <= ids.length; i++) {
    const h = hashKGram(ids, i, 3);
    let one: string | null | undefined;
    for (const x of holders) {
      if (x.id === one || !sortedHas(x.grams, h)) continue;
      one = one === undefined ? x.id : null;
      if (one === null) break;
    }
    sole[i] = one;
  }
  return sole;
}

/** Over t's 3-grams inside the mask: how many there are, and how many x keeps while none of t's other holders does (soleHolders). */
export function keptOnlyBy(mask: Uint8Array, sole: readonly (string | null | undefined)[], x: string): { n: number; kept: number } {
  let n = 0;
  let kept = 0;
  for (let i = 0; i + 3 <= mask.length; i++) {
    if (!(mask[i] && mask[i + 2])) continue;
    n++;
    if (sole[i] === x) kept++;
  }
  return { n, kept };
}
