import { isAgencyDateline, type Attribution } from '../attribution/extract.js';
import { namesCopySource } from './graph.js';

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
export interface HeldStretch {
  start: number;
  end: number;
  holders: readonly string[];
}

export interface Span {
  start: number;
  end: number;
}

/** An agency's credit of the story a document runs: the agency (gazetteer id), where the credit is, and the story it covers. */
export interface StoryCredit {
  agency: string;
  start: number;
  end: number;
  story: Span;
  /** Named in a sentence ("according to Yonhap"), not by a dateline or credit line: a credit only in the document's own words, for a passage of shared words can run over a mention one text dropped. */
  inText: boolean;
}

/** A paragraph of this many words or fewer is a credit line, not a story's paragraph: it credits its neighbour. */
const CREDIT_LINE_WORDS = 15;
const WORDS = /[\p{L}\p{N}]{2,}/gu;

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

/** Whether an attribution credits the story's copy to an agency: its dateline, a wire named as the reporter, or a copy cue that speaks for the whole story (not "With AFP" or "X contributed", which say part of it is the agency's). */
export function isStoryCredit(a: Attribution, text: string): boolean {
  if (isAgencyDateline(a)) return true;
  if (a.sourceKind === 'wire' && REPORT_CUES.has(a.cue)) return true;
  return a.cue !== 'with' && a.cue !== 'contributed' && namesCopySource(a, text);
}

/** "Yonhap reported", "according to Yonhap", "citing Yonhap": a wire named as the reporter, in words of the document's own next to the story it shares. */
const REPORT_CUES: ReadonlySet<string> = new Set(['reported', 'according-to', 'reported-by', 'citing']);

/** The paragraph holding position `at`: from after the blank line before it to the blank line after it. */
function paragraphAt(text: string, at: number): Span {
  const before = text.lastIndexOf('\n\n', at);
  const after = text.indexOf('\n\n', at);
  return { start: before < 0 ? 0 : before + 2, end: after < 0 ? text.length : after };
}

const wordCount = (s: string): number => s.match(WORDS)?.length ?? 0;

/**
 * The paragraphs a credit speaks for: its own; and when that is a credit line (CREDIT_LINE_WORDS
 * words or fewer: "(Yonhap)", "Copyright 2024 The Associated Press. All rights reserved."), the
 * paragraph with words next to it, the one before in the text's second half (a closing credit),
 * the one after in its first half (a byline).
 */
export function creditedParagraphs(text: string, a: Pick<Attribution, 'start' | 'end' | 'cueStart'>): Span[] {
  const own = paragraphAt(text, Math.min(a.start, a.cueStart));
  if (wordCount(text.slice(own.start, own.end)) > CREDIT_LINE_WORDS) return [own];
  const out = [own];
  const back = own.start * 2 > text.length;
  for (let at = back ? own.start - 3 : own.end + 2; at >= 0 && at < text.length; ) {
    const p = paragraphAt(text, at);
    if (wordCount(text.slice(p.start, p.end)) > 0) {
      out.push(p);
      break;
    }
    at = back ? p.start - 3 : p.end + 2;
  }
  return out;
}

/**
 * The story credits of a document: each credit of an agency other than its own outlet (isStoryCredit)
 * with the story it covers, the first of the document's stories that overlaps a paragraph the
 * credit speaks for. A credit speaking for no shared stretch covers nothing.
 */
export function storyCredits(text: string, attributions: readonly Attribution[], own: string | undefined, stretches: readonly HeldStretch[]): StoryCredit[] {
  const credited = attributions.filter((a) => a.canonical !== null && a.canonical !== own && isStoryCredit(a, text));
  if (credited.length === 0) return [];
  const stories = storiesOf(stretches);
  const out: StoryCredit[] = [];
  for (const a of credited) {
    const paras = creditedParagraphs(text, a);
    const story = stories.find((s) => paras.some((p) => s.start < p.end && p.start < s.end));
    if (story) out.push({ agency: a.canonical!, start: Math.min(a.start, a.cueStart), end: Math.max(a.end, a.cueEnd), story, inText: REPORT_CUES.has(a.cue) });
  }
  return out;
}
