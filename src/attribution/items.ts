import type { Attribution } from './extract.js';

/**
 * What an item credit speaks for. A news-in-brief page closes each item with its agency's credit
 * ("… for use in the war. (Reuters)", "YONHAP" on a line of its own: itemCreditsWith); a photo's
 * caption is closed the same way. So such a credit covers the words a text shares with a source
 * only on a page laid out as items (two headings, credit lines or run-in item titles at least, one
 * a title: "Putin's car for Kim — …"), and only when all of them lie in the item it closes (back to
 * a heading, another item's credit line or a run-in title), the item opening with them and the credit
 * closing a paragraph of them. A caption
 * inside a lifted story, a blog's photo credit after a lift followed by its comment, a credit under
 * one item of a source whose other words the page lifted elsewhere: none covers the lift (reviews of
 * session 21).
 */

interface Span {
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]/u;
const WORDS = /[\p{L}\p{N}]{2,}/gu;

/** Words of two letters or figures or more in a piece of text. */
export const wordCount = (s: string): number => s.match(WORDS)?.length ?? 0;

/** A heading's most words: "In other news:", "WORLD BRIEFS", "Car for Kim", "YONHAP". */
const HEADING_WORDS = 12;

/** The paragraph holding position `at`: from after the blank line before it to the blank line after it. */
export function paragraphAt(text: string, at: number): Span {
  const before = text.lastIndexOf('\n\n', at);
  const after = text.indexOf('\n\n', at);
  return { start: before < 0 ? 0 : before + 2, end: after < 0 ? text.length : after };
}

/** Whether a paragraph is a heading or a credit line: short, and ending no sentence ("WORLD BRIEFS", "YONHAP", "— AFP", "(Yonhap)"; not a caption "Kim in Seoul. (AP)"). */
export function isHeading(body: string): boolean {
  const t = body.trim();
  const n = wordCount(t);
  return n > 0 && n <= HEADING_WORDS && (!/[.!?"'”’)]$/u.test(t) || /^\([^()]*\)$/u.test(t));
}

/** The paragraphs of a span of a text that hold words, clipped to the span, in order. */
export function paragraphsIn(text: string, span: Span): Span[] {
  const out: Span[] = [];
  for (let at = span.start; at < span.end; ) {
    const p = paragraphAt(text, at);
    const q = { start: Math.max(p.start, span.start), end: Math.min(p.end, span.end) };
    if (WORD.test(text.slice(q.start, q.end))) out.push(q);
    at = p.end + 2;
  }
  return out;
}

/** The paragraph an item credit closes: its own when words come before it there ("… the war. (Reuters)"), else the nearest one before it with words. */
export function itemParagraph(text: string, a: Pick<Attribution, 'start' | 'cueStart'>): Span | undefined {
  const at = Math.min(a.start, a.cueStart);
  const own = paragraphAt(text, at);
  if (WORD.test(text.slice(own.start, at))) return own;
  return paragraphsIn(text, { start: 0, end: Math.max(0, own.start - 2) }).at(-1);
}

/** A run-in heading opening a paragraph, a digest's item title: "Putin's car for Kim — Russian President …" (eight words at most before the dash). */
const RUN_IN = /^\s*(?:[^\s.!?—–]+\s+){0,7}[^\s.!?—–]+\s+(?:—|–|--)\s/u;

/**
 * Whether a text is laid out as items: two headings, credit lines or run-in item titles at least,
 * one of them a title (a blog's two photo credits are no page of items: a review).
 */
function laidOutAsItems(text: string, creditParas: readonly Span[]): boolean {
  let marks = 0;
  let titles = 0;
  for (const q of paragraphsIn(text, { start: 0, end: text.length })) {
    const body = text.slice(q.start, q.end);
    const credit = creditParas.some((c) => c.start === q.start);
    if (credit || isHeading(body) || RUN_IN.test(body)) marks++;
    if (!credit && (isHeading(body) || RUN_IN.test(body))) titles++;
  }
  return marks >= 2 && titles >= 1;
}

const overlaps = (s: Span, p: Span): boolean => s.start < p.end && p.start < s.end;

/**
 * Whether an item credit covers `spans`, the passages a text shares with one source (positions in
 * the text): the text is laid out as items, one passage overlaps the paragraph the credit closes,
 * and all lie in the item it closes (none before the heading, credit line or text start that opens
 * it, none past the credit; a passage may run over a short caption: the alignment bridges a few words).
 */
export function itemCovers(text: string, a: Pick<Attribution, 'start' | 'end' | 'cueStart' | 'cueEnd'>, spans: readonly Span[], credits: readonly Pick<Attribution, 'start' | 'cueStart'>[] = [a]): boolean {
  const p = itemParagraph(text, a);
  const after = Math.max(a.end, a.cueEnd);
  if (!p || spans.some((s) => s.end > after)) return false;
  // a caption copied with its own credit ("… at the cosmodrome. Yonhap": one line of 60 words or fewer holding all the shared words) is credited by it, page or not
  const own = paragraphAt(text, Math.min(a.start, a.cueStart));
  const line = text.slice(p.start, p.end);
  if (own.start === p.start && !line.includes('\n') && wordCount(line) <= 60 && spans.every((s) => s.start >= p.start && s.end <= p.end)) return spans.length > 0;
  const creditParas = credits.map((c) => paragraphAt(text, Math.min(c.start, c.cueStart)));
  if (!laidOutAsItems(text, creditParas)) return false;
  // the item: the credit's paragraph and those before it, back to a heading, another item's credit line or a run-in title (the item's first paragraph)
  const paras = [p];
  for (const q of paragraphsIn(text, { start: 0, end: p.start }).reverse()) {
    const body = text.slice(q.start, q.end);
    if (isHeading(body) || creditParas.some((c) => c.start === q.start || (c.start <= q.start && q.end <= c.end))) break;
    paras.unshift(q);
    if (RUN_IN.test(body)) break;
  }
  if (RUN_IN.test(text.slice(p.start, p.end))) paras.splice(0, paras.length - 1);
  // it opens with the source's words (an unshared paragraph of the text's own before them: an article with a credited photo, not a page's item)
  // and the credit closes a paragraph of them (a blog's photo credit under its own comment on a lift credits nothing: a review)
  if (!spans.some((s) => overlaps(s, paras[0]!)) || !spans.some((s) => overlaps(s, p))) return false;
  return spans.every((s) => s.start >= paras[0]!.start);
}

/**
 * Whether one of a text's item credits names one of `ids` (gazetteer ids or outlet keys: a source's
 * outlet, the agencies whose copy it carries) and covers `spans`, the passages the text shares with
 * that source (itemCovers), or the counted ones among them. The graph's edges and the gate read item
 * credits through it.
 */
export function creditedByItem(text: string, items: readonly Attribution[], ids: ReadonlySet<string>, spans: readonly Span[], counted: readonly Span[] = spans): boolean {
  const covers = (sp: readonly Span[]): boolean => items.some((a) => a.canonical !== null && ids.has(a.canonical) && itemCovers(text, a, sp, items));
  // `counted`, the passages that are reuse (not stock phrases): a stock phrase the source shares with
  // another item of the page is no word of its in that item (test7 p18: "Korean Central News Agency, Kim Yo Jong said")
  return covers(spans) || (counted.length < spans.length && covers(counted));
}

/** A photo's credit ending a paragraph: "Image: Kremlin pool/file", "Photo: Yonhap", "(AP Photo/Ahn Young-joon)", "(Yonhap Photo)". */
const PHOTO_CREDIT_END = /(?:\b(?:Images?|Photos?|Pictures?|Photograph|Credits?)\s*:\s*\S[^\n]{0,60}|\((?:[\p{L}.]+\s)?Photos?\b[^()\n]{0,60}\))\s*$/u;

/** The photo captions of a text: paragraphs of 60 words or fewer that end with a photo's credit. */
export function captionsOf(text: string): Span[] {
  return paragraphsIn(text, { start: 0, end: text.length }).filter((q) => {
    const body = text.slice(q.start, q.end);
    return PHOTO_CREDIT_END.test(body) && wordCount(body) <= 60;
  });
}
