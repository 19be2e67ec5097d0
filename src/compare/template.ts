import { hashKGram } from '../sketch/hash.js';
import type { Span } from '../text/boilerplate.js';
import { slotWords } from './slots.js';
import type { AlignText, Passage } from './align.js';

// Slot words: numbers (figures, dates, amounts) and capitalised names. They are what changes
// from one formula notice to the next ("ABC Corp … dividend of 12 cts … payable April 15"),
// and what a real copy keeps. slotWords and foldedIds scan char codes (compare/slots.ts).
export { slotWords, foldedIds } from './slots.js';

/** Size of the multiset intersection of two word lists. */
function sharedCount(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let n = 0;
  for (const w of b) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      n++;
      counts.set(w, c - 1);
    }
  }
  return n;
}

/**
 * Whether a passage is formula wording: both sides have names or figures, and most of them
 * differ (two dividend notices, two daily money-market reports). A copy keeps the names and
 * figures of what it copies; a template keeps only the words around them. Independent of the
 * corpus size, so it works on 50 documents as on a million.
 */
export function isTemplatePassage(textA: string, textB: string, p: Pick<Passage, 'a' | 'b' | 'tokens'>, slots: SlotFilter = ALL_SLOTS): boolean {
  const sa = slotWords(textA, p.a).filter(slots);
  const sb = slotWords(textB, p.b).filter(slots);
  // a short formula sentence may carry a single figure ("… shortage … to around 700 mln stg")
  const enough = Math.min(sa.length, sb.length) >= 2 || (p.tokens < SHORT_FORMULA && Math.min(sa.length, sb.length) >= 1);
  if (!enough) return false;
  return sharedCount(sa, sb) < 0.5 * Math.max(sa.length, sb.length);
}

/** Passages shorter than this (in words) may be judged formula on a single differing figure or name. */
const SHORT_FORMULA = 30;

/** Which slot words are informative (names many documents use, like "Bank" or "England", are part of the formula). */
export type SlotFilter = (word: string) => boolean;
const ALL_SLOTS: SlotFilter = () => true;

/**
 * Slot words used by at least `minDf` documents are part of the formulas, not facts: a filter
 * that keeps figures and the rarer names. Built from one scan of the texts.
 */
export function informativeSlots(texts: Iterable<string>, minDf: number): SlotFilter {
  const df = new Map<string, number>();
  for (const t of texts) for (const w of new Set(slotWords(t, { start: 0, end: t.length }))) if (!/\d/.test(w)) df.set(w, (df.get(w) ?? 0) + 1);
  return (w) => /\d/.test(w) || (df.get(w) ?? 0) < minDf;
}

/**
 * The passages with formula wording relabelled `template` (counted nowhere). When formula
 * passages make up half or more of what a pair shares, the pair is two instances of one formula
 * (two daily market reports, two fund notices) and its other shared passages — the formula's
 * fixed sentences, which carry no figures to tell — are template too.
 */
export function markTemplates<P extends Passage>(textA: string, textB: string, passages: readonly P[], slots: SlotFilter = ALL_SLOTS): P[] {
  const marked = passages.map((p) => (p.kind !== 'quote' && p.kind !== 'template' && isTemplatePassage(textA, textB, p, slots) ? { ...p, kind: 'template' as const } : p));
  let formula = 0;
  let counted = 0;
  for (const p of marked) {
    if (p.kind === 'template') formula += p.tokens;
    else if (isCounted(p)) counted += p.tokens;
  }
  if ((formula === 0 || formula < 0.5 * counted) && !figuresDisagree(textA, textB, marked)) return marked;
  return marked.map((p) => (isCounted(p) ? { ...p, kind: 'template' as const } : p));
}

/** Items longer than this (in characters) are stories, not formula items: the figures rule leaves them alone. */
const FORMULA_ITEM_CHARS = 1500;

/**
 * Two short items that share wording but not one figure inside it, and whose figures mostly
 * differ, are two instances of one recurring report (a daily slaughter estimate, the Treasury's
 * balances): their fixed sentences carry no figures, but everything the items report differs.
 * A re-sent or rewritten item keeps its figures.
 */
function figuresDisagree(textA: string, textB: string, passages: readonly Passage[]): boolean {
  if (!shortItems(textA, textB)) return false;
  const counted = passages.filter(isCounted);
  if (counted.length === 0) return false;
  // a copied sentence with a figure in it on both sides is a copy, whatever the rest says
  if (sharedCount(figuresIn(textA, counted.map((x) => x.a)), figuresIn(textB, counted.map((x) => x.b))) > 0) return false;
  const fa = new Set(itemFigures(textA));
  const fb = new Set(itemFigures(textB));
  if (fa.size < 3 || fb.size < 3) return false;
  const shared = sharedCount([...fa], [...fb]);
  return shared < 0.3 * (fa.size + fb.size - shared);
}

const shortItems = (textA: string, textB: string): boolean => textA.length <= FORMULA_ITEM_CHARS && textB.length <= FORMULA_ITEM_CHARS;

/** The figures (slot words with a digit) of some spans of a text, in order. */
function figuresIn(text: string, spans: readonly Span[]): string[] {
  return spans.flatMap((sp) => slotWords(text, sp)).filter((w) => /\d/.test(w));
}

/** Every figure of an item, in order (all of them: the passages the template rules left counted are the ones that happen to repeat a figure). */
const itemFigures = (text: string): string[] => figuresIn(text, [{ start: 0, end: text.length }]);

/** Below this share of the longer figure list found in the other, two items are two editions; from it, one item re-sent with a correction. */
const EDITION_SHARED = 0.7;

/**
 * Whether two short items that share counted wording report different figures: fewer than
 * EDITION_SHARED of the figures of the item with more are also in the other. Between two wire
 * items of one outlet published a day or more apart this is two editions of a recurring report
 * (the Fed's daily repurchases, the morning slaughter estimate): the same sentences, the day's
 * figures. A re-sent item repeats its figures, and a repeat that corrects one figure keeps the
 * rest — when it has 4 figures or more: with 2 or 3, one corrected figure is also below the share,
 * so a next-day correction of such an item is taken for the next edition.
 */
export function figuresChanged(textA: string, textB: string, passages: readonly Passage[]): boolean {
  if (!shortItems(textA, textB) || !passages.some(isCounted)) return false;
  const fa = itemFigures(textA);
  const fb = itemFigures(textB);
  if (fa.length === 0 || fb.length === 0) return false;
  return sharedCount(fa, fb) < EDITION_SHARED * Math.max(fa.length, fb.length);
}

/**
 * Two short items most of whose figures are their own — at most a third of the smaller item's
 * distinct figures (3 or more each) are in the other: between wire items of one outlet, two
 * instances of one formula (two issuers' eurobond notices) whatever their dates. A take or an
 * update of one story keeps the figures it had.
 */
export function figuresOwn(textA: string, textB: string): boolean {
  if (!shortItems(textA, textB)) return false;
  const fa = new Set(itemFigures(textA));
  const fb = new Set(itemFigures(textB));
  if (fa.size < 3 || fb.size < 3) return false;
  return 3 * sharedCount([...fa], [...fb]) <= Math.min(fa.size, fb.size);
}

/** Whether a passage counts as reuse: not a shared quote, not a template, not stock wording. */
export function isCounted(p: Pick<Passage, 'kind' | 'common'>): boolean {
  return p.kind !== 'quote' && p.kind !== 'template' && !p.common;
}

/** Figure-folded word-3-gram hashes starting in token range [from, to). */
export function foldedGrams(folded: Uint32Array, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i + 3 <= to; i++) out.push(hashKGram(folded, i, 3));
  return out;
}
