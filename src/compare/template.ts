import { hashKGram } from '../sketch/hash.js';
import type { Span } from '../text/boilerplate.js';
import { isStopword, normalizeToken, stemToken } from '../text/tokenize.js';
import { charsIn, trimEndWhere, trimStartWhere } from '../text/trim.js';
import { NUMBER_WORDS, slotWords } from './slots.js';
import type { Passage } from './align.js';

// Slot words: numbers (figures, dates, amounts) and capitalised names. They are what changes
// from one formula notice to the next ("ABC Corp … dividend of 12 cts … payable April 15"),
// and what a real copy keeps. slotWords and foldedIds scan char codes (compare/slots.ts).
export { slotWords, foldedIds } from './slots.js';

/** Size of the multiset intersection of two word lists. */
function sharedCount(a: readonly string[], b: readonly string[]): number {
  return b.length - unmatched(b, a).length;
}

/** The words of `a` not matched one for one in `b`, in order. */
function unmatched(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const w of b) left.set(w, (left.get(w) ?? 0) + 1);
  const out: string[] = [];
  for (const w of a) {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    else out.push(w);
  }
  return out;
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

/** Distinct name words up to which what a pair shares may be a naming, not copied wording (a title and a name, or two; more names than this is a list worth copying). */
const NAME_PHRASE_WORDS = 8;
/**
 * Words that describe the names a passage shares rather than tell anything: verbs and nouns of
 * attribution ("X said its members …", "told a news conference") and titles ("BNL president
 * Nerio Nesi", "former French President", "West German Chancellor Helmut Schmidt", "the city of
 * Dalton").
 */
const DESCRIPTOR_WORDS = new Set([
  'said', 'says', 'told', 'according', 'reported', 'news', 'conference', 'statement', 'spokesman', 'spokeswoman',
  'president', 'chairman', 'chairwoman', 'chief', 'executive', 'minister', 'secretary', 'governor', 'director', 'head', 'leader',
  'deputy', 'vice', 'former', 'acting', 'state-owned', 'official', 'city', 'state',
  'chancellor', 'premier', 'prime', 'senator', 'sen', 'rep', 'ambassador', 'commissioner', 'mayor', 'king', 'queen', 'prince',
]);
/** The particles of names ("Banca Nazionale del Lavoro", "Ludwig van Beethoven"), written in either case. */
const NAME_PARTICLES = new Set(['de', 'del', 'della', 'der', 'den', 'di', 'da', 'du', 'des', 'van', 'von', 'la', 'le', 'al', 'el', 'bin', 'ibn']);
/** Words longer than this are no names (and are not trimmed: a run of punctuation costs nothing). */
const NAME_WORD_MAX = 64;

/**
 * Whether all some passages share (a pair's counted ones), besides function words and words of
 * attribution and title (DESCRIPTOR_WORDS), is names written with capitals on both sides — a
 * title and a name ("Saudi Arabian Oil Minister Hisham Nazer"), the parties to a dispute ("The
 * Writers Guild of America said … CBS Inc <CBS> and Capital Cities/ABC Inc") — at most
 * NAME_PHRASE_WORDS distinct ones in all: then the pair names the same people and has copied
 * nothing. A name shared beside copied wording is left counted, as part of what was copied. Words
 * are compared by their stems, as the aligner matched them ("warned" / "warns" is a shared verb).
 * Off where capitals name nothing: a span set in capitals, or in title case (a function word
 * capitalised inside it, "… Agree To Extend Output Accord Until End Of June").
 */
export function namesOnly(textA: string, textB: string, passages: readonly Pick<Passage, 'a' | 'b'>[]): boolean {
  const all = new Set<string>();
  for (const p of passages) {
    const names = sharedNames(textA, textB, p);
    if (names === undefined) return false;
    for (const w of names) all.add(w);
  }
  return all.size > 0 && all.size <= NAME_PHRASE_WORDS;
}

/**
 * How many distinct content words the passages share that are not names, titles or words of
 * attribution on either side (stems; undefined where a span's capitals name nothing): "Russian
 * President Vladimir Putin has given North Korean leader Kim Jong Un a Russian-made car" and "…
 * has presented … Kim Jong-un with a Russian-made car" share one, "car".
 */
export function sharedPlainWords(textA: string, textB: string, passages: readonly Pick<Passage, 'a' | 'b'>[]): number | undefined {
  const plain = new Set<string>();
  for (const p of passages) {
    const wa = spanWords(textA, p.a);
    const wb = spanWords(textB, p.b);
    if (wa === undefined || wb === undefined) return undefined;
    for (const [w, nameA] of wa) if (wb.has(w) && !(nameA && wb.get(w))) plain.add(w);
  }
  return plain.size;
}

/**
 * Fewest shared words besides names, titles and attribution that make wording rewritten alike
 * copied rather than a naming of the same people and thing: a lede naming them alike shares one
 * or two (test8 q07), a reworded lift of an exclusive sentence a dozen.
 */
export const NAMING_PLAIN_WORDS = 4;

/** Whether a rewritten passage shares under NAMING_PLAIN_WORDS words besides names: two texts naming the same people alike. */
export function isNaming(textA: string, textB: string, p: Pick<Passage, 'a' | 'b' | 'kind'>): boolean {
  return p.kind === 'rewritten' && (sharedPlainWords(textA, textB, [p]) ?? Infinity) < NAMING_PLAIN_WORDS;
}

/** The stems of the names a passage shares, or undefined when it shares any other content word (or its capitals name nothing). */
function sharedNames(textA: string, textB: string, p: Pick<Passage, 'a' | 'b'>): Set<string> | undefined {
  const wa = spanWords(textA, p.a);
  const wb = spanWords(textB, p.b);
  if (wa === undefined || wb === undefined) return undefined;
  const names = new Set<string>();
  for (const [w, nameA] of wa) {
    const nameB = wb.get(w);
    if (nameB === undefined) continue;
    if (!nameA || !nameB) return undefined;
    names.add(w);
  }
  return names;
}

/**
 * The content words of a span by stem → whether every use of the word is capitalised and without
 * a digit; undefined when the span's capitals name nothing (set in capitals, or in title case).
 */
function spanWords(text: string, span: Span): Map<string, boolean> | undefined {
  if (mostlyCapitals(text, span)) return undefined;
  const out = new Map<string, boolean>();
  let sentenceStart = true;
  for (const raw of text.slice(span.start, span.end).split(/\s+/)) {
    if (raw.length === 0 || raw.length > NAME_WORD_MAX) continue;
    const w = trimWord(raw);
    const n = w.toLowerCase();
    // "Giscard d'Estaing", "Martin O'Neill": a name after its elided particle
    const capital = /^\p{Lu}/u.test(w.replace(/^[dDlLoO]['’]/, ''));
    const atStart = sentenceStart;
    sentenceStart = /[.!?:]["”’']?$/.test(raw);
    if (n.length === 0) continue;
    if (isStopword(n)) {
      if (capital && !atStart) return undefined;
      continue;
    }
    if (DESCRIPTOR_WORDS.has(n) || NAME_PARTICLES.has(n)) continue;
    const stem = stemToken(normalizeToken(n));
    out.set(stem, (out.get(stem) ?? true) && capital && !/\d/.test(w));
  }
  return out;
}

/** A word without its surrounding brackets, quotes and punctuation, and without a possessive "'s" (char codes: no regex backtracking). */
function trimWord(raw: string): string {
  let from = 0;
  let to = raw.length;
  while (from < to && LEADING.has(raw[from]!)) from++;
  while (to > from && TRAILING.has(raw[to - 1]!)) to--;
  const w = raw.slice(from, to);
  return /['’]s$/i.test(w) ? w.slice(0, -2) : w;
}
const LEADING = new Set(['<', '(', '"', '“', '‘', "'", '[']);
const TRAILING = new Set(['.', ',', ':', ';', '!', '?', "'", '’', '>', ')', '"', '”', ']']);

/**
 * Whether a span is set in capitals: as many upper-case letters as lower-case ones inside words
 * (a word's first letter is not counted, so "Capital Cities/ABC Inc <CCB>" is not; ASCII letters only).
 */
function mostlyCapitals(text: string, span: Span): boolean {
  let upper = 0;
  let lower = 0;
  let inWord = false;
  for (let k = span.start; k < span.end; k++) {
    const c = text.charCodeAt(k);
    const isUpper = c >= 65 && c <= 90;
    const isLower = c >= 97 && c <= 122;
    if (inWord && isUpper) upper++;
    else if (inWord && isLower) lower++;
    inWord = isUpper || isLower;
  }
  return upper >= lower;
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

export interface TemplateOptions {
  /**
   * Passages of this many words or more stay counted when the pair is taken for two editions of
   * a report only by its figures (figuresDisagree): one short item repeating a long stretch of the
   * other is a copy, whatever their figures — a rolling story's update lifting a sentence, or
   * re-running the item with the new toll. Unset (analyze): the whole pair is template.
   */
  longFrom?: number;
}

/**
 * The passages with formula wording relabelled `template` (counted nowhere). When formula
 * passages make up half or more of what a pair shares, the pair is two instances of one formula
 * (two daily market reports, two fund notices) and its other shared passages — the formula's
 * fixed sentences, which carry no figures to tell — are template too; and so are they when all
 * the pair shares is a few names (namesOnly). See TemplateOptions.longFrom.
 */
export function markTemplates<P extends Passage>(textA: string, textB: string, passages: readonly P[], slots: SlotFilter = ALL_SLOTS, opts: TemplateOptions = {}): P[] {
  const marked = passages.map((p) => (p.kind !== 'quote' && p.kind !== 'template' && isTemplatePassage(textA, textB, p, slots) ? { ...p, kind: 'template' as const } : p));
  let formula = 0;
  let counted = 0;
  for (const p of marked) {
    if (p.kind === 'template') formula += p.tokens;
    else if (isCounted(p)) counted += p.tokens;
  }
  if (formula > 0 && formula >= 0.5 * counted) return countedAsTemplate(marked);
  const editions = figuresDisagree(textA, textB, marked);
  if (!editions && !namesOnly(textA, textB, marked.filter(isCounted))) return marked;
  const from = opts.longFrom;
  if (!editions || from === undefined) return countedAsTemplate(marked);
  // two editions by their figures alone: a long stretch one repeats is copied all the same
  return countedAsTemplate(marked, (p) => p.tokens < from);
}

/** The passages with every counted one that `where` accepts (all, by default) relabelled `template`. */
export function countedAsTemplate<P extends Passage>(passages: readonly P[], where: (p: P) => boolean = () => true): P[] {
  return passages.map((p) => (isCounted(p) && where(p) ? { ...p, kind: 'template' as const } : p));
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

/** Whether both texts are short enough (FORMULA_ITEM_CHARS) to be formula items rather than stories. */
export function shortItems(textA: string, textB: string): boolean {
  return textA.length <= FORMULA_ITEM_CHARS && textB.length <= FORMULA_ITEM_CHARS;
}

/** The figures (slot words with a digit) of some spans of a text, in order. */
function figuresIn(text: string, spans: readonly Span[]): string[] {
  return spans.flatMap((sp) => slotWords(text, sp)).filter((w) => /\d/.test(w));
}

/** How many distinct figures an item carries (a market report many, a story few). */
export const distinctFigures = (text: string): number => new Set(itemFigures(text)).size;

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

/** Whether two texts carry the same figures, the same number of times each (a re-send, whatever else it changed). */
export function sameFigures(textA: string, textB: string): boolean {
  const fa = itemFigures(textA);
  const fb = itemFigures(textB);
  return fa.length === fb.length && sharedCount(fa, fb) === fa.length;
}

/**
 * Distinct figures each item needs for figuresOwn: a notice is mostly figures (amount, coupon,
 * price, maturity, fees); a breaking story updated with a new toll ("3 killed, 12 wounded" / "7
 * killed, 26 wounded", "a 21-year-old man") has three or four, and stays a take of one story.
 */
const OWN_FIGURES = 5;

/**
 * Two short items most of whose figures are their own — at most a third of the smaller item's
 * distinct figures (OWN_FIGURES or more each) are in the other: between wire items of one outlet, two
 * instances of one formula (two issuers' eurobond notices) whatever their dates. A take or an
 * update of one story keeps the figures it had.
 */
export function figuresOwn(textA: string, textB: string): boolean {
  if (!shortItems(textA, textB)) return false;
  const fa = new Set(itemFigures(textA));
  const fb = new Set(itemFigures(textB));
  if (fa.size < OWN_FIGURES || fb.size < OWN_FIGURES) return false;
  return 3 * sharedCount([...fa], [...fb]) <= Math.min(fa.size, fb.size);
}

/**
 * A figure specific enough to be a fact rather than part of a formula: three significant digits
 * or more ("8,812,432", "1.22"), not a fraction ("101-1/8", a price or fee every bond notice
 * quotes), not a year. Round figures ("1,000", "100") are what formulas share.
 */
export function specificFigure(w: string): boolean {
  if (w.includes('/') || /^(19|20)\d\d$/.test(w)) return false;
  const zero = (c: number): boolean => c === 48;
  return trimEndWhere(trimStartWhere(w.replace(/\D/g, ''), zero), zero).length >= 3;
}

/**
 * The distinct specific figures (specificFigure) two whole items both carry (among the first 400
 * names and figures of each: slotWords), ranges, dates and clock times aside ("1986-87",
 * "2024-05-31", "1430 GMT"): the facts of one story, not a formula's or a calendar's.
 */
export const sharedFacts = (textA: string, textB: string): number => specificShared(itemFigures(textA).filter(notCalendar), itemFigures(textB).filter(notCalendar)).size;

/** Not a range or a date ("1986-87", "2024-05-31") nor a clock time of four digits ("1430", "0900"). */
const notCalendar = (w: string): boolean => !/^\d+(?:-\d+)+$/.test(w) && !/^(?:[01]\d|2[0-3])[0-5]\d$/.test(w);

/** Share of the longer figure list that one table sent twice keeps (a corrected figure or two allowed). */
const SAME_TABLE_SHARED = 0.7;
/** Specific figures two texts must share inside stock passages before those count as a copy. */
const SPECIFIC_SHARED = 3;

/**
 * Whether stock or corpus-common passages hold one table told twice: the same figures on both
 * sides (at least SAME_TABLE_SHARED of the longer figure list), SPECIFIC_SHARED or more of them
 * specific ("Net loss 8,812,432 vs profit 1,847,560" in a results item and its re-send). Two
 * companies' tables in the same stock wording share no specific figure; two editions of a price
 * table (the morning and midday gasoil calls) share some of their prices, not most.
 */
export function sameTable(textA: string, textB: string, passages: readonly Pick<Passage, 'a' | 'b'>[]): boolean {
  return sameFiguresIn(textA, textB, passages, Infinity, SPECIFIC_SHARED);
}

/** Whether stock passages carry the same figures on both sides (SAME_TABLE_SHARED of the longer list; at least `least` of them, or `leastSpecific` specific ones): sameTable's test with fewer specific figures, for one notice sent twice. */
export function sameFiguresIn(textA: string, textB: string, passages: readonly Pick<Passage, 'a' | 'b'>[], least = 1, leastSpecific = Infinity): boolean {
  const fa = figuresIn(textA, passages.map((p) => p.a));
  const fb = figuresIn(textB, passages.map((p) => p.b));
  const shared = sharedCount(fa, fb);
  if (shared < SAME_TABLE_SHARED * Math.max(fa.length, fb.length)) return false;
  return shared >= least || specificShared(fa, fb).size >= leastSpecific;
}

/** The distinct specific figures two figure lists have in common. */
function specificShared(fa: readonly string[], fb: readonly string[]): Set<string> {
  const inB = new Set(fb.filter(specificFigure));
  return new Set(fa.filter((w) => inB.has(w)));
}

/** Words of an item's opening subject read at most (a company's or issuer's name). */
const SUBJECT_WORDS = 6;
/** The verbs a notice's subject comes before ("Sun Co said …", "Euratom is issuing …"). */
const SUBJECT_VERBS = new Set(['said', 'says', 'is', 'was', 'has', 'have', 'will', 'would', 'plans', 'agreed', 'announced', 'reported']);

/** A word as a subject word: brackets, trailing punctuation and a possessive dropped, case folded. */
const subjectWord = (w: string): string =>
  trimEndWhere(trimStartWhere(w, SUBJECT_LEADING), SUBJECT_TRAILING)
    .replace(/['’]s$/i, '')
    .toLowerCase();
const SUBJECT_LEADING = charsIn('<("“');
const SUBJECT_TRAILING = charsIn('.,:;\'’>)"”');

/**
 * The subject an item opens with: the run of capitalised words it starts with, after a leading
 * article, when a verb follows it ("Diamond Shamrock Corp said …" → diamond, shamrock; not a
 * dateline, "SEOUL, March 3 –", nor a table, "Qtr ended …"), keeping only the informative words
 * (`slots`: names many documents use, "Corp", "Police", are formula words).
 */
export function openingSubject(text: string, slots: SlotFilter): string[] {
  return readSubject(text)?.words.filter(slots) ?? [];
}

/**
 * The subject an item opens with (openingSubject) when it is a company's name: its run ends with a
 * company form ("<National Beverage Corp> said …", "Quaker Oats Co said …"), so a person's or an
 * office's words ("U.S. Treasury Secretary James Baker said") are none.
 */
export function openingCompany(text: string, slots: SlotFilter): string[] {
  const s = readSubject(text);
  return s?.company ? s.words.filter(slots) : [];
}

/** The opening subject's words (before the slot filter) and whether a company form was among them; undefined when no subject-and-verb opening. */
function readSubject(text: string): { words: string[]; company: boolean } | undefined {
  const words = text.trim().split(/\s+/, 40);
  const out: string[] = [];
  let company = false;
  let i = 0;
  while (i < words.length && /^(The|A|An)$/.test(words[i]!)) i++;
  for (; i < words.length && out.length < SUBJECT_WORDS; i++) {
    const w = words[i]!;
    if (out.length > 0 && SUBJECT_VERBS.has(w.toLowerCase())) break;
    // "… NV of the Netherlands has": where the subject is from is no part of its name
    if (out.length > 0 && w === 'of') i = skipQualifier(words, i);
    if (particleInName(words, i, out)) continue;
    if (!/^[\p{Lu}<(]/u.test(words[i] ?? '') || /[,;:]$/.test(words[i]!)) break;
    const n = subjectWord(words[i]!);
    if (n.length === 0 || /\d/.test(n)) return undefined;
    if (LEGAL_FORMS.has(n)) company = true;
    else if (!isStopword(n)) out.push(n);
  }
  if (i >= words.length || !SUBJECT_VERBS.has(words[i]!.toLowerCase())) return undefined;
  return { words: out, company };
}

/**
 * Whether words[i] is a particle inside an organisation's name ("Caisse Nationale des
 * Telecommunications", "Caisse Centrale Desjardins du Quebec", "Banque Nationale de Paris"): the
 * name opens with an organisation's head word (ORGANISATION_HEADS) and a capitalised word follows
 * the particle. A person's name ("Jacques de Larosiere", "Carlos Salinas de Gortari", "IMF
 * Managing Director Jacques de Larosiere") is not read through, or a governor's words would be a
 * subject unlike his bank's.
 */
function particleInName(words: readonly string[], i: number, subject: readonly string[]): boolean {
  if (!NAME_PARTICLES.has(words[i]!) || !/^\p{Lu}/u.test(words[i + 1] ?? '')) return false;
  return subject.length >= 1 && ORGANISATION_HEADS.has(subject[0]!) && !subject.some((w) => DESCRIPTOR_WORDS.has(w));
}

/** Words an organisation's name opens with in the languages whose names carry particles ("Caisse … des …", "Banco … de …"). */
const ORGANISATION_HEADS = new Set(['caisse', 'banque', 'banco', 'banca', 'credit', 'credito', 'compagnie', 'compania', 'companhia', 'societe', 'societa', 'sociedad', 'caja', 'cassa', 'instituto', 'istituto', 'institut', 'groupe', 'grupo', 'gruppo', 'fondo', 'fonds', 'union', 'office', 'electricite', 'regie', 'ente', 'empresa', 'azienda']);

/** Company forms, which every company's name may end with and which name none. */
const LEGAL_FORMS = new Set(['inc', 'corp', 'co', 'ltd', 'plc', 'nv', 'n.v', 'bv', 'b.v', 'sa', 's.a', 'ag', 'ab', 'as', 'a.s', 'spa', 's.p.a', 'gmbh', 'lp', 'llc', 'kk', 'oy']);

/** The index of the word after a subject's "of [the] Capitalised …" qualifier (the words of the qualifier skipped), or `at` when none follows. */
function skipQualifier(words: readonly string[], at: number): number {
  let j = at + 1;
  if (words[j] === 'the') j++;
  if (!/^\p{Lu}/u.test(words[j] ?? '')) return at;
  while (j < words.length && /^\p{Lu}/u.test(words[j]!) && !/[,;:]$/.test(words[j]!) && !SUBJECT_VERBS.has(words[j]!.toLowerCase())) j++;
  return j;
}

/**
 * Two short items that open with different subjects — no word in common, and neither subject
 * mentioned anywhere in the other item, in any case or form ("Texaco's", "Texaco.") — are one
 * formula told of two companies (Sun and Diamond Shamrock raising their crude postings by the
 * same 50 cents; two issuers' euroyen bonds on the same terms), however alike their figures. A
 * take, an update or a re-send is about the subject it had.
 */
export function subjectsDiffer(textA: string, textB: string, slots: SlotFilter): boolean {
  if (!shortItems(textA, textB)) return false;
  const sa = openingSubject(textA, slots);
  const sb = openingSubject(textB, slots);
  if (sa.length === 0 || sb.length === 0 || sa.some((w) => sb.includes(w))) return false;
  const wordsA = mentionedWords(textA);
  const wordsB = mentionedWords(textB);
  return !sa.some((w) => wordsB.has(w)) && !sb.some((w) => wordsA.has(w));
}

const mentionedWords = (text: string): Set<string> => new Set(text.split(/\s+/).map(subjectWord));

/** A text's words without figures, case folded, a possessive and outer dots or apostrophes dropped, split at hyphens ("High-Yield" → high, yield). */
export function plainWords(text: string): string[] {
  return plainWordsAndNames(text).words;
}

/** plainWords, and the set of those written with a capital at least once (a name's words), from one split of the text. */
function plainWordsAndNames(text: string): { words: string[]; names: Set<string> } {
  const words: string[] = [];
  const names = new Set<string>();
  for (const raw of textWords(text)) {
    const w = plainWord(raw);
    if (w.length === 0 || /\d/.test(w)) continue;
    words.push(w);
    if (/^\p{Lu}/u.test(raw)) names.add(w);
  }
  return { words, names };
}

const textWords = (text: string): string[] => text.split(/[^\p{L}\p{M}\p{N}.'’]+/u).filter((w) => w.length <= NAME_WORD_MAX);
/** A word case folded, without a possessive and outer dots or apostrophes (char codes: no regex backtracking on a run of dots). */
function plainWord(w: string): string {
  const lower = w.toLowerCase();
  const end = /['’]s$/.test(lower) ? lower.length - 2 : lower.length;
  let from = 0;
  let to = end;
  while (from < to && EDGE_MARKS.has(lower[from]!)) from++;
  while (to > from && EDGE_MARKS.has(lower[to - 1]!)) to--;
  return lower.slice(from, to);
}
const EDGE_MARKS = new Set(['.', "'", '’']);

/**
 * Whether two texts differ (figures aside) only in words written as names, at least one of them
 * in `entities` (the words two titles differ in): one notice with another entity's name filled in.
 * Never in text set in capitals, where every word looks like a name.
 */
export function namesSwapped(textA: string, textB: string, entities: ReadonlySet<string>): boolean {
  if (mostlyCapitals(textA, { start: 0, end: textA.length }) || mostlyCapitals(textB, { start: 0, end: textB.length })) return false;
  const a = plainWordsAndNames(textA);
  const b = plainWordsAndNames(textB);
  const onlyA = unmatched(a.words, b.words);
  const onlyB = unmatched(b.words, a.words);
  if (onlyA.length + onlyB.length === 0 || ![...onlyA, ...onlyB].some((w) => entities.has(w))) return false;
  return onlyA.every((w) => a.names.has(w)) && onlyB.every((w) => b.names.has(w));
}

/** Counted words up to which what two items of one outlet share may be the outlet's own phrase. */
const HOUSE_PHRASE_TOKENS = 11;
/**
 * The same for two items within hours of each other (`near`) whose shared words hold no figure, in
 * digits or words: one story's takes carry its sentences along (ten words or more: "West Germany
 * and Ireland are opposed to proposed limits on", of EC ministers' dairy talks and their
 * postponement that evening), an attribution or a title is shorter ("Reserve Bank Governor Gerhard
 * de Kock said", "A British naval source in the Gulf said"), and a notice's formula carries figures
 * ("Payable April six Record March 30"). Two of the outlet's stories of one day that share a
 * background clause of ten words or more ("President Reagan has said he would veto any such bill")
 * are taken for reuse within the outlet too.
 */
const NEAR_HOUSE_PHRASE_TOKENS = 9;
/** Whether a stretch of text holds a figure, in digits or in words ("six", "ten", "hundred"). */
const holdsFigure = (s: string): boolean => /\d/.test(s) || s.toLowerCase().split(/[^a-z]+/).some((w) => NUMBER_WORDS.has(w));
/** Uncommon names two items of one story share besides their common phrase (a re-send keeps its people and places). */
const STORY_NAMES = 5;

/**
 * Whether all two items of one outlet share is one short phrase of the outlet's own — an
 * attribution ("A British naval source in the Gulf said"), a title ("Reserve Bank Governor
 * Gerhard de Kock said"), a description of a company — and nothing of a story: no specific figure
 * anywhere in both, and fewer than STORY_NAMES of the same uncommon names (`slots`) outside the
 * phrase. A re-send or rewrite that kept few words verbatim still keeps its figures or its names;
 * a take of the same day keeps a sentence (NEAR_HOUSE_PHRASE_TOKENS, `near`: both dated, under
 * the edition gap).
 */
export function housePhrase(textA: string, textB: string, passages: readonly Passage[], slots: SlotFilter, near = false): boolean {
  const counted = passages.filter(isCounted);
  const limit = near && counted.every((x) => !holdsFigure(textA.slice(x.a.start, x.a.end)) && !holdsFigure(textB.slice(x.b.start, x.b.end))) ? NEAR_HOUSE_PHRASE_TOKENS : HOUSE_PHRASE_TOKENS;
  if (counted.length === 0 || counted.reduce((n, x) => n + x.tokens, 0) > limit) return false;
  if (specificShared(itemFigures(textA), itemFigures(textB)).size > 0) return false;
  const outside = (text: string, spans: readonly Span[]): string[] => {
    const words: string[] = [];
    let from = 0;
    for (const sp of [...spans].sort((x, y) => x.start - y.start)) {
      if (sp.start > from) words.push(...slotWords(text, { start: from, end: sp.start }));
      from = Math.max(from, sp.end);
    }
    words.push(...slotWords(text, { start: from, end: text.length }));
    return words.filter((w) => !/\d/.test(w) && slots(w));
  };
  const namesB = new Set(outside(textB, counted.map((x) => x.b)));
  return new Set(outside(textA, counted.map((x) => x.a)).filter((w) => namesB.has(w))).size < STORY_NAMES;
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
