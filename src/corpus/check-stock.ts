/**
 * The gate's last rule: a lone generic clause. When everything a draft shares uncredited with the
 * index is one short stretch of plain wording — under STOCK_MAX_TOKENS words in all, no figure, no
 * name, not a word of a script without letter case — and the draft names nothing that its sources
 * name, the draft and its sources tell different stories in the same stock phrasing ("said its
 * board authorized the repurchase of up to", "in the open market from time to time"). Such a
 * clause is marked `common` (a stock phrase) and not counted. A copy of a story shares the story's
 * names (its people, places and companies) with its source, somewhere in the two texts, so any
 * shared name keeps the clause counted; so does any figure or name inside the clause, more than
 * one short stretch, or text in a script whose names cannot be told by their capitals.
 */
import { tokenRange } from '../compare/closeness.js';
import { isCounted } from '../compare/template.js';
import type { AlignText } from '../compare/align.js';
import { STOCK_MAX_TOKENS } from '../provenance/passages.js';
import type { Match } from './index.js';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*/gu;
/** Closing marks that may follow the end of a sentence. */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']']);
/**
 * Capitalised words that name nothing in particular: company forms, months and weekdays, the
 * wire's own sign-off. Two texts that share only these share no name.
 */
const GENERIC_NAMES = new Set(
  ('inc corp co ltd plc llc lp ag sa nv bv gmbh group company corporation ' +
    'january february march april may june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday reuter reuters').split(' '),
);

interface Word {
  /** The word without a trailing period, apostrophe or hyphen. */
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
    out.push({ text: m[0].replace(/[.'’-]+$/u, ''), initial: sentenceStartsAt(text, m.index) });
  }
  return out;
}

/** The words written in lower case somewhere in a text. */
function lowerWords(words: readonly Word[]): Set<string> {
  return new Set(words.filter((w) => /^\p{Ll}/u.test(w.text)).map((w) => w.text));
}

/**
 * A plain word: in lower case, or capitalised only because it opens a sentence (it is written in
 * lower case elsewhere in either text). Figures, names and words of scripts without case are not.
 */
function isPlain(w: Word, lower: ReadonlySet<string>): boolean {
  if (/\p{N}/u.test(w.text)) return false;
  if (/^\p{Ll}/u.test(w.text)) return true;
  return /^\p{Lu}/u.test(w.text) && w.initial && lower.has(w.text.toLowerCase());
}

/** A text's names: its words that are neither figures nor plain (`lower` as for isPlain), but the generic ones. */
function namesOf(words: readonly Word[], lower: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    if (/\p{N}/u.test(w.text) || isPlain(w, lower)) continue;
    if (!GENERIC_NAMES.has(w.text.toLowerCase())) out.add(w.text);
  }
  return out;
}

/** The draft's words inside the counted passages of `involved` (token indexes of the aligned draft). */
function coveredWords(dp: AlignText, involved: readonly Match[]): number {
  const covered = new Set<number>();
  for (const m of involved) {
    for (const p of m.passages ?? []) {
      if (!isCounted(p)) continue;
      const [from, to] = tokenRange(dp, p.a);
      for (let k = from; k < to; k++) covered.add(k);
    }
  }
  return covered.size;
}

/**
 * Whether every counted passage of `m` is plain wording on both sides and the two texts share no
 * name (a word opening a sentence is a name unless either text writes it in lower case).
 */
function genericOnly(draft: string, draftWords: readonly Word[], draftLower: ReadonlySet<string>, m: Match): boolean {
  const sourceWords = wordsOf(m.doc.text);
  const lower = new Set([...draftLower, ...lowerWords(sourceWords)]);
  for (const p of m.passages ?? []) {
    if (!isCounted(p)) continue;
    if (!wordsOf(draft, p.a.start, p.a.end).every((w) => isPlain(w, lower))) return false;
    if (!wordsOf(m.doc.text, p.b.start, p.b.end).every((w) => isPlain(w, lower))) return false;
  }
  const draftNames = namesOf(draftWords, lower);
  for (const name of namesOf(sourceWords, lower)) if (draftNames.has(name)) return false;
  return true;
}

/**
 * Marks as stock (`common`) the counted passages of the uncredited matches when, taken together,
 * they are a lone generic clause (above). `uncredited[i]` says whether match i's outlet goes
 * uncredited by the draft.
 */
export function markLoneGenericClause(draft: string, dp: AlignText, matches: readonly Match[], uncredited: readonly boolean[]): void {
  const involved = matches.filter((m, i) => uncredited[i] && (m.passages ?? []).some(isCounted));
  if (involved.length === 0 || coveredWords(dp, involved) >= STOCK_MAX_TOKENS) return;
  const draftWords = wordsOf(draft);
  const draftLower = lowerWords(draftWords);
  if (!involved.every((m) => genericOnly(draft, draftWords, draftLower, m))) return;
  for (const m of involved) m.passages = (m.passages ?? []).map((p) => (isCounted(p) ? { ...p, common: true } : p));
}
