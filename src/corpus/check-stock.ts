/**
 * The gate's last rule: a lone generic clause. When everything a draft shares uncredited with the
 * index is one short stretch of plain wording — one stretch of the draft, under STOCK_MAX_TOKENS
 * words and at most a third of the draft, no figure, no name, no word of a script without letter
 * case — and nothing names what those sources name (not the draft, its title, nor the sources it
 * credits), the draft and its sources tell different stories in the same stock phrasing ("said its
 * board authorized the repurchase of up to", "in the open market from time to time"). Such a clause
 * is marked `common` (a stock phrase) and not counted. A copy of a story shares the story's names
 * (its people, places and companies) with its source, somewhere in the texts, so any shared name
 * keeps the clause counted; names are compared by their first five letters, case-folded, so that
 * "Apple's", "APPLE", "Apple-made", "Путина" and "Путин" meet.
 */
import { tokenRange } from '../compare/closeness.js';
import { isCounted } from '../compare/template.js';
import type { AlignText } from '../compare/align.js';
import type { Doc } from '../doc.js';
import { STOCK_MAX_TOKENS } from '../provenance/passages.js';
import type { Match } from './index.js';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’ʼ.-]*/gu;
/** The parts of a word that can be names of their own: "Apple-made", "d'Airbus", "Apple's". */
const PARTS = /[-'’ʼ.]+/u;
/** Closing marks that may follow the end of a sentence. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']']);
/** Letters compared of a name: enough to tell names apart, few enough for inflected forms to meet. */
const NAME_KEY = 5;
/**
 * Capitalised words that name nothing in particular: company forms, weekdays and months (but
 * "may"), the wire's own sign-off. Two texts that share only these share no name.
 */
const GENERIC_NAMES = new Set(
  ('inc corp co ltd plc llc lp ag sa nv bv gmbh group company corporation ' +
    'january february march april june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday reuter reuters').split(' '),
);

interface Word {
  text: string;
  /** First of its sentence: the text's first word, or after a sentence's end. */
  initial: boolean;
}

/** Whether the words before `at` end a sentence (or there are none). */
function sentenceStartsAt(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/u.test(text[j]!)) j--;
  while (j >= 0 && CLOSERS.has(text[j]!)) j--;
  return j < 0 || '.!?'.includes(text[j]!);
}

function wordsOf(text: string, from = 0, to = text.length): Word[] {
  const out: Word[] = [];
  const re = new RegExp(WORD.source, WORD.flags);
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
    out.push({ text: m[0].normalize('NFC').replace(/[.'’ʼ-]+$/u, ''), initial: sentenceStartsAt(text, m.index) });
  }
  return out;
}

/** The words written all in lower case somewhere in a text. */
function lowerWords(words: readonly Word[]): Set<string> {
  return new Set(words.filter((w) => /^[\p{Ll}\p{M}'’ʼ.-]+$/u.test(w.text)).map((w) => w.text));
}

/**
 * A plain word: letters with case, none a capital but where a capital is only the convention of
 * the place — the first letter of a sentence, or a word in capitals throughout (a headline) — and
 * the word is written in lower case elsewhere in either text (`lower`). Figures, names ("eBay",
 * "d'Airbus", "Apple") and words of scripts without case are not plain.
 */
function isPlain(w: Word, lower: ReadonlySet<string>): boolean {
  if (/\p{N}|[^\p{Lu}\p{Ll}\p{Lt}\p{M}'’ʼ.-]/u.test(w.text)) return false;
  if (!/[\p{Lu}\p{Lt}]/u.test(w.text)) return true;
  const headline = !/\p{Ll}/u.test(w.text);
  const opening = w.initial && /^[\p{Lu}\p{Lt}][^\p{Lu}\p{Lt}]*$/u.test(w.text);
  return (headline || opening) && lower.has(w.text.toLowerCase());
}

/** The keys of a text's names: of each word that is neither a figure nor plain, its parts with a capital or without case, case-folded, their first NAME_KEY letters. */
function nameKeys(words: readonly Word[], lower: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    if (/\p{N}/u.test(w.text) || isPlain(w, lower)) continue;
    for (const part of w.text.split(PARTS)) {
      if (!/[\p{Lu}\p{Lt}]|[^\p{Lu}\p{Ll}\p{Lt}\p{M}]/u.test(part)) continue; // "d", "s", "made"
      const folded = part.toLowerCase();
      if (!GENERIC_NAMES.has(folded)) out.add(Array.from(folded).slice(0, NAME_KEY).join(''));
    }
  }
  return out;
}

/** A text's words, its title's after them (the title is a text of its own: its first word opens a sentence). */
function wordsWithTitle(d: Doc): Word[] {
  return d.title ? [...wordsOf(d.text), ...wordsOf(d.title)] : wordsOf(d.text);
}

/** The stretches of the draft (merged token ranges) that the counted passages of `involved` cover. */
function stretches(dp: AlignText, involved: readonly Match[]): [number, number][] {
  const ranges = involved.flatMap((m) => (m.passages ?? []).filter(isCounted).map((p) => tokenRange(dp, p.a)));
  ranges.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [from, to] of ranges) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Whether every counted passage of `m` is plain wording on both sides (`lower`: the words either text writes in lower case). */
function plainPassages(draft: string, m: Match, lower: ReadonlySet<string>): boolean {
  return (m.passages ?? []).every(
    (p) => !isCounted(p) || (wordsOf(draft, p.a.start, p.a.end).every((w) => isPlain(w, lower)) && wordsOf(m.doc.text, p.b.start, p.b.end).every((w) => isPlain(w, lower))),
  );
}

/**
 * Marks as stock (`common`) the counted passages of the uncredited matches when, taken together,
 * they are a lone generic clause (above). `uncredited[i]` says whether match i's outlet goes
 * uncredited by the draft; the credited matches that share counted wording with the draft name
 * the story too.
 */
export function markLoneGenericClause(d: Doc, dp: AlignText, matches: readonly Match[], uncredited: readonly boolean[]): void {
  const reusing = matches.map((m) => (m.passages ?? []).some(isCounted));
  const involved = matches.filter((_, i) => uncredited[i] && reusing[i]);
  if (involved.length === 0) return;
  const span = stretches(dp, involved);
  if (span.length !== 1) return;
  const words = span[0]![1] - span[0]![0];
  if (words >= STOCK_MAX_TOKENS || 3 * words > dp.tokens.ids.length) return;
  const story = [d, ...matches.filter((_, i) => !uncredited[i] && reusing[i]).map((m) => m.doc)].map(wordsWithTitle);
  const storyLower = new Set(story.flatMap((ws) => [...lowerWords(ws)]));
  for (const m of involved) {
    const source = wordsWithTitle(m.doc);
    const lower = new Set([...storyLower, ...lowerWords(source)]);
    if (!plainPassages(d.text, m, lower)) return;
    const named = nameKeys(source, lower);
    if (story.some((ws) => [...nameKeys(ws, lower)].some((k) => named.has(k)))) return;
  }
  for (const m of involved) m.passages = (m.passages ?? []).map((p) => (isCounted(p) ? { ...p, common: true } : p));
}
