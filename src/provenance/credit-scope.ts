import { isAgencyDateline, itemCreditsWith, type Attribution } from '../attribution/extract.js';
import { isHeading, paragraphAt, paragraphsIn, wordCount } from '../attribution/items.js';
import type { Doc } from '../doc.js';
import type { Span } from '../text/boilerplate.js';
import { namesCopySource, type GraphInput } from './graph.js';

/**
 * The story a credit line credits. A paper's copy that opens with an agency's dateline ("SEOUL,
 * Feb. 20 (Yonhap) --") or closes with its credit line ("(Yonhap)", "Source: Yonhap", a copyright
 * line) says that the story it runs is the agency's, not its own. A news-in-brief page runs several
 * stories, one credit each: the credit speaks for the story it heads or closes only. A document's
 * stories are read from what other documents share with it: a run of shared stretches, each held
 * by a document that holds some stretch of the run before it, is one story (the brief page's items
 * are held by different documents).
 */

/** A stretch of a document with the ids of the documents holding it. */
export interface HeldStretch extends Span {
  holders: readonly string[];
}

/** An agency's credit of the story a document runs: the agency (gazetteer id), where the credit is, and the story it covers. */
export interface StoryCredit {
  agency: string;
  start: number;
  end: number;
  story: Span;
  /**
   * Read over a trimmed tail with no other holder crediting the agency (closedTail), from a line
   * holding the agency's name alone: it says the document's own words are the agency's, but not,
   * where the dates order two documents, that a later one did not take them from it (a paper's own
   * story closed by a photo's credit "Yonhap" far below: a review).
   */
  weak?: true;
}

/** A paragraph of this many words or fewer is a credit line, not a story's paragraph: it credits its neighbour. */
const CREDIT_LINE_WORDS = 15;

/** The document's stories: runs of its shared stretches, in text order, each held by a document that holds some stretch of the run before it. */
export function storiesOf(stretches: readonly HeldStretch[]): Span[] {
  const sorted = [...stretches].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  let holders = new Set<string>();
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.holders.some((h) => holders.has(h))) {
      last.end = Math.max(last.end, s.end);
      for (const h of s.holders) holders.add(h);
    } else {
      out.push({ start: s.start, end: s.end });
      holders = new Set(s.holders);
    }
  }
  return out;
}

/**
 * Whether an attribution credits the story's copy to an agency: its dateline, or a copy cue that
 * speaks for the whole story (not "With AFP" or "X contributed", which say part of it is the
 * agency's), or the wire named as the reporter. The last only as a paragraph of its own ("Yonhap
 * reported the news first."): named inside a paragraph ("…, Yonhap reported") it credits one fact
 * (a review: a paper's own story with one such sentence was read as Yonhap's copy).
 */
export function isStoryCredit(a: Attribution, text: string): boolean {
  if (isAgencyDateline(a) || (a.sourceKind === 'wire' && REPORT_CUES.has(a.cue))) return true;
  return a.cue !== 'with' && a.cue !== 'contributed' && namesCopySource(a, text);
}

/** "Yonhap reported the news first.": a wire named as the reporter, a story credit only as a short paragraph of its own opening with the agency (creditedParagraphs). */
const REPORT_CUES: ReadonlySet<string> = new Set(['reported', 'according-to', 'reported-by']);

/** Cues that open the story they credit (a dateline, a byline); every other credit line closes it. */
const OPENING: ReadonlySet<string> = new Set(['dateline', 'byline']);

/** Where a credit starts: its cue or its source, whichever comes first ("(Yonhap)", "By Associated Press"). */
export const creditStart = (a: Pick<Attribution, 'start' | 'cueStart'>): number => Math.min(a.start, a.cueStart);

/** Whether a credit line closes a paragraph inside the text (text follows it): it closes an item, or a photo's caption, not the text. */
export function closesInside(text: string, a: Pick<Attribution, 'start' | 'cueStart' | 'cue'>): boolean {
  return closesParagraph(text, paragraphAt(text, creditStart(a)), a.cue);
}

/** closesInside for the credit's paragraph `own`. */
const closesParagraph = (text: string, own: Span, cue: string): boolean => !OPENING.has(cue) && /\S/u.test(text.slice(own.end));

/**
 * The story a credit line closing the text (or, `inside`, an item of it) closes when the paragraphs it
 * speaks for hold no shared words: the last story before it, when another document holding that
 * story credits the same agency (two documents say the words are the agency's), and what lies
 * between opens no item of its own (no credit, no heading). The copies that share a wire story often
 * trim its last paragraphs, so a credited copy's closing "(Yonhap)" follows words no other document
 * holds. Without a second credit a closing line after a short last item, a photo caption or a line
 * added to a lift would make a paper's own story, or one it lifted, the agency's (a review). A
 * credit closing the text may also close the story's second half, two paragraphs or more and a third
 * of the story's length or more, uncorroborated; an item's credit inside the text may not, nor reach
 * back over twice the story's length.
 */
function closedTail(text: string, a: Attribution, own: Span, stretches: readonly HeldStretch[], credits: readonly Attribution[], holderCredits: HolderCredits, inside: boolean): (Span & { weak?: true }) | undefined {
  if (OPENING.has(a.cue) || creditedParagraphs(text, a).length === 0) return undefined;
  const story = storiesOf(stretches).filter((s) => s.end <= own.start).at(-1);
  if (!story) return undefined;
  const between = { start: story.end, end: own.start };
  if (opensItem(text, between, credits)) return undefined;
  const tail = wordCount(text.slice(between.start, between.end));
  const told = wordCount(text.slice(story.start, story.end));
  if (inside && tail >= 2 * told) return undefined;
  if (seconded(story, a.canonical!, stretches, holderCredits)) return story;
  if (inside || 3 * tail < told || paragraphsIn(text, between).length < 2) return undefined;
  // the agency's name alone on the last line is how a photo's credit is written too
  return bareName(text, a) ? { ...story, weak: true } : story;
}

/**
 * The story an agency's dateline opening the text opens when its paragraph holds no shared words:
 * the first story after it, when nothing between opens an item of its own (no credit, no heading)
 * and another document holding that story credits the same agency with a story of its own that holds
 * the words the two share (a photo's credit, a mention, or a credit of another item on its page
 * would let a digest's dated first item claim the paper's story lifted under it: two reviews). A copy often puts the agency's dateline on an introduction of its own
 * ("NEW YORK (AP) -- Pyongyang and Moscow are keeping up a busy calendar…") or on a lead the other
 * copies rewrote.
 */
function openedHead(text: string, a: Attribution, own: Span, stretches: readonly HeldStretch[], credits: readonly Attribution[], holderCredits: HolderCredits): Span | undefined {
  if (a.cue !== 'dateline' || wordCount(text.slice(0, own.start)) > 0) return undefined;
  const story = storiesOf(stretches).find((s) => s.start >= own.end);
  if (!story) return undefined;
  const between = { start: own.end, end: story.start };
  if (opensItem(text, between, credits)) return undefined;
  return seconded(story, a.canonical!, stretches, holderCredits, true) ? story : undefined;
}

/** Whether a span of a text opens an item of its own: a credit line or a heading in it. */
function opensItem(text: string, span: Span, credits: readonly Attribution[]): boolean {
  return credits.some((c) => creditStart(c) >= span.start && creditStart(c) < span.end) || paragraphsIn(text, span).some((q) => isHeading(text.slice(q.start, q.end)));
}

/** Capitalised names and nothing else, joined by commas or "and": "Yonhap", "YONHAP, REUTERS", "Associated Press". */
const BARE_NAMES = /^(?:\p{Lu}[\p{L}.'’-]*|and|AND)(?:[\s,&]+(?:\p{Lu}[\p{L}.'’-]*|and|AND)){0,5}\.?$/u;

/** Whether a credit line holds agencies' names and nothing else ("Yonhap", "YONHAP, REUTERS"; not "(Yonhap)", "— AFP" or "Yonhap reported the news first."). */
function bareName(text: string, a: Attribution): boolean {
  const line = paragraphAt(text, creditStart(a));
  return BARE_NAMES.test(text.slice(line.start, line.end).trim());
}

/**
 * Whether a document (by id) credits an agency (gazetteer id): by any cue, or (`story`) for a story
 * of its own holding words it shares with the document asking (sourcing's creditsMemo).
 */
export type HolderCredits = (holder: string, agency: string, story?: boolean) => boolean;

/** The nearest paragraph with words before (`step` −1) or after (+1) the paragraph `p`, if any. */
function neighbour(text: string, p: Span, step: 1 | -1): Span | undefined {
  for (let at = step < 0 ? p.start - 3 : p.end + 2; at >= 0 && at < text.length; ) {
    const q = paragraphAt(text, at);
    if (wordCount(text.slice(q.start, q.end)) > 0) return q;
    at = step < 0 ? q.start - 3 : q.end + 2;
  }
  return undefined;
}

/** Whether an attribution is a credit line or dateline of the text's story: a story credit (isStoryCredit) speaking for paragraphs of its own (creditedParagraphs). */
export function isCreditLine(a: Attribution, text: string): boolean {
  return isStoryCredit(a, text) && creditedParagraphs(text, a).length > 0;
}

/**
 * The paragraphs a credit speaks for, none when it is no credit line. A dateline speaks for its own
 * paragraph, the story's opening (not the next: a one-paragraph brief's dateline would cover the item
 * after it, a review found). Any other credit must open its paragraph ("(Yonhap)", "Source:
 * Yonhap", "By Associated Press", a copyright line; a photo caption ending "… in Seoul. (Yonhap)" is
 * none, a review found; a wire named as reporter must be a short paragraph of its own); a byline
 * speaks for the paragraph after it as well, a closing credit line for the one before (a page laid
 * out item, "Source: Xinhua", the paper's own story does not credit Xinhua with its own story).
 */
export function creditedParagraphs(text: string, a: Pick<Attribution, 'start' | 'end' | 'cueStart' | 'cue'>): Span[] {
  const at = creditStart(a);
  const own = paragraphAt(text, at);
  if (a.cue === 'dateline') return [own];
  if (wordCount(text.slice(own.start, at)) > 0) return [];
  const short = wordCount(text.slice(own.start, own.end)) <= CREDIT_LINE_WORDS;
  if (REPORT_CUES.has(a.cue) && !short) return [];
  const next = neighbour(text, own, OPENING.has(a.cue) ? 1 : -1);
  return next && short ? [own, next] : [own];
}

/**
 * The story credits of a document: each credit of an agency other than its own outlet (isStoryCredit)
 * with the story it covers, the first of the document's stories that overlaps a paragraph the
 * credit speaks for. A credit speaking for no shared stretch covers nothing.
 */
export function storyCredits(
  text: string,
  attributions: readonly Attribution[],
  own: string | undefined,
  stretches: readonly HeldStretch[],
  holderCredits: HolderCredits = () => false,
  items: readonly Attribution[] = [],
): StoryCredit[] {
  const ofStory = (a: Attribution): boolean => a.canonical !== null && a.canonical !== own && isStoryCredit(a, text);
  const credited = [...attributions.filter(ofStory), ...items.filter(ofStory)];
  if (credited.length === 0) return [];
  const stories = storiesOf(stretches);
  const out: StoryCredit[] = [];
  for (const a of credited) {
    const paras = creditedParagraphs(text, a);
    // a closing credit line with text after it closes the story before it, not one that runs on past it (a photo's credit inside a paper's own story)
    const own = paragraphAt(text, creditStart(a));
    const closing = closesParagraph(text, own, a.cue);
    const story =
      stories.find((s) => paras.some((p) => s.start < p.end && p.start < s.end) && (!closing || s.end <= own.end)) ??
      closedTail(text, a, own, stretches, credited, holderCredits, closing) ??
      openedHead(text, a, own, stretches, credited, holderCredits);
    // an item's credit inside the text looks like a photo's credit: it speaks for a story only another holder credits the agency for too (a review)
    if (!story || (items.includes(a) && !seconded(story, a.canonical!, stretches, holderCredits))) continue;
    const c: StoryCredit = { agency: a.canonical!, start: creditStart(a), end: Math.max(a.end, a.cueEnd), story: { start: story.start, end: story.end } };
    if ('weak' in story && story.weak) c.weak = true;
    out.push(c);
  }
  return out;
}

/** Whether another document holding some of a story credits the agency too (`own`: for a story of its own holding words the two share). */
function seconded(story: Span, agency: string, stretches: readonly HeldStretch[], holderCredits: HolderCredits, own = false): boolean {
  return stretches.some((h) => h.start < story.end && story.start < h.end && h.holders.some((x) => holderCredits(x, agency, own)));
}

/** itemCreditsWith per document, read once per graph input (a page that copies many sources has an edge from each). */
const itemCredits = new WeakMap<GraphInput, Map<string, Attribution[]>>();

/** The credit lines closing items inside a document's text (itemCreditsWith), read once per graph input. */
export function itemCreditsOf(doc: Doc, input: GraphInput): Attribution[] {
  let byId = itemCredits.get(input);
  if (!byId) itemCredits.set(input, (byId = new Map()));
  let out = byId.get(doc.id);
  if (!out) byId.set(doc.id, (out = itemCreditsWith(doc.text, input.gazetteer)));
  return out;
}
