/**
 * The gate's last rule: a lone generic clause. When everything a draft shares uncredited with the
 * index is one short stretch of plain wording — one stretch of the draft, under STOCK_MAX_TOKENS
 * words and at most a third of the draft, no figure, no name, no word of a script without letter
 * case — and nothing names what those sources name (not the draft, its title, nor the sources it
 * credits), the draft and its sources tell different stories in the same stock phrasing ("said its
 * board authorized the repurchase of up to", "in the open market from time to time"). Such a clause
 * is marked `common` (a stock phrase) and not counted. A copy of a story shares the story's names
 * (its people, places and companies) with its source, somewhere in the texts, so any shared name
 * keeps the clause counted. Names are compared loosely, so that the forms outlets and languages
 * give one name meet: case and accents folded ("Erdoğan", "ERDOGAN"), split at hyphens and
 * apostrophes ("Apple-made", "d'Airbus"), by their first five letters ("Путина", "Путин"), one a
 * prefix of the other from four letters ("Ирана", "Иран"). Matching too much only keeps a clause
 * counted. Not applied when the matches were cut by the check's `limit` and the draft credits an
 * outlet (a source left out may be the credited one that names the story).
 */
import { tokenRange } from '../compare/closeness.js';
import { isCounted } from '../compare/template.js';
import type { AlignText } from '../compare/align.js';
import type { Doc } from '../doc.js';
import { STOCK_MAX_TOKENS } from '../provenance/passages.js';
import type { Match } from './index.js';
import { charsIn, trimEndWhere } from '../text/trim.js';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}&'’ʼ.-]*/gu;
/** What a word drops at its end: a full stop, an apostrophe, an ampersand, a hyphen. */
const WORD_TRAILING = charsIn(".'’ʼ&-");
/** The parts of a word that can be names of their own: "Apple-made", "d'Airbus", "Apple's". */
const PARTS = /[-'’ʼ.&]+/u;
/** Closing marks that may follow the end of a sentence. */
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']']);
/** Words before a period that ends no sentence: titles, and initials ("U.S.", "J."). */
const ABBREVIATION = /^(?:mr|mrs|ms|dr|st|jr|sr|prof|gen|sen|rep|gov|lt|col|capt|mt|(?:\p{Lu}\.)*\p{Lu})$/iu;
/** Letters a name's key keeps: enough to tell names apart, few enough for inflected forms to meet. */
const NAME_KEY = 5;
/** From this many letters, a key that begins another is the same name ("иран", "ирана"). */
const NAME_PREFIX = 4;
/**
 * Capitalised words that name nothing in particular: company forms, titles of address, weekdays
 * and months (but "may"), the wire's own sign-off. Two texts that share only these share no name.
 */
const GENERIC_NAMES = new Set(
  ('inc corp co ltd plc llc lp ag sa nv bv gmbh group company corporation mr mrs ms dr ' +
    'january february march april june july august september october november december ' +
    'monday tuesday wednesday thursday friday saturday sunday reuter reuters').split(' '),
);

interface Word {
  text: string;
  /** First of its sentence: the text's first word, or after a sentence's end. */
  initial: boolean;
  /** In capitals throughout beside another such word, or in a title: a headline's capitals. */
  headline: boolean;
}

/** Whether the words before `at` end a sentence (or there are none). */
function sentenceStartsAt(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/u.test(text[j]!)) j--;
  while (j >= 0 && CLOSERS.has(text[j]!)) j--;
  if (j < 0) return true;
  if (text[j] === '!' || text[j] === '?') return true;
  if (text[j] !== '.') return false;
  let k = j;
  while (k > 0 && !/\s/u.test(text[k - 1]!)) k--;
  return !ABBREVIATION.test(text.slice(k, j));
}

const allCaps = (w: string): boolean => /\p{Lu}.*\p{Lu}/u.test(w) && !/\p{Ll}/u.test(w);

function wordsOf(text: string, title = false, from = 0, to = text.length): Word[] {
  const out: Word[] = [];
  const re = new RegExp(WORD.source, WORD.flags);
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
    out.push({ text: trimEndWhere(m[0].normalize('NFC'), WORD_TRAILING), initial: sentenceStartsAt(text, m.index), headline: false });
  }
  out.forEach((w, i) => {
    w.headline = allCaps(w.text) && (title || allCaps(out[i - 1]?.text ?? '') || allCaps(out[i + 1]?.text ?? ''));
  });
  return out;
}

/** What the texts of one check say of their words' case. */
interface CaseEvidence {
  /** Words written all in lower case somewhere. */
  lower: Set<string>;
  /** Words written with a capital inside a sentence somewhere (case-folded): names, wherever they stand. */
  capitalised: Set<string>;
}

function caseEvidence(texts: readonly (readonly Word[])[]): CaseEvidence {
  const lower = new Set<string>();
  const capitalised = new Set<string>();
  for (const words of texts) {
    for (const w of words) {
      if (/^[\p{Ll}\p{M}'’ʼ.&-]+$/u.test(w.text)) lower.add(w.text);
      else if (!w.initial && !w.headline && /^\p{Lu}/u.test(w.text)) capitalised.add(w.text.toLowerCase());
    }
  }
  return { lower, capitalised };
}

/**
 * A plain word: letters with case, none a capital but where a capital is only the convention of
 * the place — the first letter of a sentence, or a headline in capitals — and the word is written
 * in lower case elsewhere and never capitalised inside a sentence. Figures, names ("eBay",
 * "d'Airbus", "Apple", "WHO" in prose, "Target" that opens sentences) and words of scripts
 * without case are not plain.
 */
function isPlain(w: Word, e: CaseEvidence): boolean {
  if (/\p{N}|[^\p{Lu}\p{Ll}\p{Lt}\p{M}&'’ʼ.-]/u.test(w.text)) return false;
  if (!/[\p{Lu}\p{Lt}]/u.test(w.text)) return true;
  const folded = w.text.toLowerCase();
  const opening = w.initial && /^[\p{Lu}\p{Lt}][^\p{Lu}\p{Lt}]*$/u.test(w.text);
  return (w.headline || opening) && e.lower.has(folded) && !e.capitalised.has(folded);
}

/** A name's key: case and accents folded ("İstanbul", "ISTANBUL"; "Meißner", "MEISSNER"), its first NAME_KEY letters. */
function nameKey(part: string): string {
  const folded = part.toUpperCase().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  return Array.from(folded).slice(0, NAME_KEY).join('');
}

/**
 * The keys of a text's names: a word with letters and figures whole ("3M", "Covid-19"); of any
 * other word that is not plain, its parts with a capital or without case; and the initials of a
 * run of two to four capitalised words ("General Motors": "gm").
 */
function nameKeys(words: readonly Word[], e: CaseEvidence): string[] {
  const out = new Set<string>();
  let run: string[] = [];
  const endRun = (): void => {
    if (run.length >= 2 && run.length <= 4) out.add(nameKey(run.map((x) => Array.from(x)[0]).join('')));
    run = [];
  };
  for (const w of words) {
    if (isPlain(w, e) || !/\p{L}/u.test(w.text)) {
      endRun();
      continue;
    }
    if (/\p{N}/u.test(w.text)) {
      out.add(nameKey(w.text));
      endRun();
      continue;
    }
    if (/^[\p{Lu}\p{Lt}]/u.test(w.text)) run.push(w.text);
    else endRun();
    for (const part of w.text.split(PARTS)) {
      if (Array.from(part).length < 2 || !/[\p{Lu}\p{Lt}]|[^\p{Lu}\p{Ll}\p{Lt}\p{M}]/u.test(part)) continue; // "d", "s", "made"
      if (!GENERIC_NAMES.has(part.toLowerCase())) out.add(nameKey(part));
    }
  }
  endRun();
  return [...out];
}

/** Whether two lists of name keys hold one name: the same key, or from NAME_PREFIX letters one the beginning of the other. */
function shareName(xs: readonly string[], ys: readonly string[]): boolean {
  const exact = new Set(xs);
  if (ys.some((y) => exact.has(y))) return true;
  const long = (k: string): boolean => Array.from(k).length >= NAME_PREFIX;
  return xs.some((x) => long(x) && ys.some((y) => long(y) && (x.startsWith(y) || y.startsWith(x))));
}

/** A document's words, its title's after them (the title is a text of its own, in a headline's capitals). */
function wordsWithTitle(d: Doc): Word[] {
  return d.title ? [...wordsOf(d.text), ...wordsOf(d.title, true)] : wordsOf(d.text);
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

/** Whether every counted passage of `m` is plain wording on both sides. */
function plainPassages(draft: string, m: Match, e: CaseEvidence): boolean {
  return (m.passages ?? []).every(
    (p) => !isCounted(p) || (wordsOf(draft, false, p.a.start, p.a.end).every((w) => isPlain(w, e)) && wordsOf(m.doc.text, false, p.b.start, p.b.end).every((w) => isPlain(w, e))),
  );
}

/** The one stretch of the draft the uncredited reuse covers, when it is short enough to be a lone clause. */
function loneStretch(dp: AlignText, involved: readonly Match[]): boolean {
  const span = stretches(dp, involved);
  if (span.length !== 1) return false;
  const words = span[0]![1] - span[0]![0];
  return words < STOCK_MAX_TOKENS && 3 * words <= dp.tokens.ids.length;
}

/**
 * Marks as stock (`common`) the counted passages of the uncredited matches when, taken together,
 * they are a lone generic clause (above). `uncredited[i]` says whether match i's outlet goes
 * uncredited by the draft; the credited matches that share counted wording with the draft name
 * the story too. `cut`: the matches are the first `limit` of more, and the draft credits some
 * outlet (in its text, its `credits` or as its own outlet), which one left out may be.
 */
export function markLoneGenericClause(d: Doc, dp: AlignText, matches: readonly Match[], uncredited: readonly boolean[], cut: boolean): void {
  if (cut) return;
  const reusing = matches.map((m) => (m.passages ?? []).some(isCounted));
  const involved = matches.filter((_, i) => uncredited[i] && reusing[i]);
  if (involved.length === 0 || !loneStretch(dp, involved)) return;
  const story = [d, ...matches.filter((_, i) => !uncredited[i] && reusing[i]).map((m) => m.doc)].map(wordsWithTitle);
  const sources = involved.map((m) => wordsWithTitle(m.doc));
  const evidence = caseEvidence([...story, ...sources]);
  if (!involved.every((m) => plainPassages(d.text, m, evidence))) return;
  const storyNames = story.flatMap((ws) => nameKeys(ws, evidence));
  if (sources.some((ws) => shareName(storyNames, nameKeys(ws, evidence)))) return;
  for (const m of involved) m.passages = (m.passages ?? []).map((p) => (isCounted(p) ? { ...p, common: true } : p));
}
