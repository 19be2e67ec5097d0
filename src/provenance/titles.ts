import levenshtein from 'fast-levenshtein';
import { figuresChanged, isCounted, namesSwapped, plainWords, shortItems } from '../compare/template.js';
import type { Passage } from '../compare/align.js';
import type { Doc } from '../doc.js';

// What a wire item's title says about it: a correction or re-send, a formula title told with
// other figures, the company it is about, the entity whose notice it is.

/** A title that marks its item as a correction, repeat or update of a story sent before. */
export const RESEND = /CORRECT|REPEAT|UPDATE|REVISED|AMENDED/i;
/** A title's words, case folded; a clock time ("12:01") stays one word. */
export const titleWords = (t: string): string[] =>
  t
    .toLowerCase()
    .split(/(?:[\s,;()<>-]|:(?!\d))+/)
    .filter((w) => w.length > 0);
export const isTitleFigure = (w: string): boolean => /\d/.test(w);

/**
 * Whether two items' titles are one report's formula title told with different figures ("U.K.
 * MONEY MARKET GIVEN FURTHER 168 MLN STG HELP" / "… 195 MLN STG HELP"): both titles hold figures,
 * none in common, and the same words otherwise (at most one word of difference on each side);
 * never a title marked as a correction, repeat or update of a story.
 */
export function titleEditions(A: Doc, B: Doc): boolean {
  if (A.title === undefined || B.title === undefined) return false;
  if (RESEND.test(A.title) || RESEND.test(B.title)) return false;
  const wa = titleWords(A.title);
  const wb = titleWords(B.title);
  const fa = wa.filter(isTitleFigure);
  const fb = wb.filter(isTitleFigure);
  if (fa.length === 0 || fb.length === 0 || fa.some((f) => fb.includes(f))) return false;
  const ra = wa.filter((w) => !isTitleFigure(w));
  const rb = wb.filter((w) => !isTitleFigure(w));
  return ra.filter((w) => !rb.includes(w)).length <= 1 && rb.filter((w) => !ra.includes(w)).length <= 1;
}

/** The company a wire title is about: its stock symbols ("<GTE>") and the last word of the name before the first ("COCA-COLA ENTERPRISES <CCE>" → enterprises). */
interface TitleCompany {
  symbols: Set<string>;
  name: string | undefined;
}

/** Words that end a company's name in a title without naming it ("USX <X> UNIT", "SALOMON INC <SB>"). */
const NAME_FORMS = new Set(['inc', 'corp', 'co', 'ltd', 'plc', 'nv', 'sa', 'ag', 'unit', 'group']);
const SYMBOL = /<([A-Za-z0-9.]+)>/g;
/** Case, dots, apostrophes and a possessive folded: "Piedmont's" and "C.O.M.B." match "PIEDMONT" and "COMB". */
const fold = (s: string): string => s.toLowerCase().replace(/['’]s\b/g, '').replace(/[.'’]/g, '');

function titleCompany(title: string | undefined): TitleCompany | undefined {
  if (title === undefined) return undefined;
  const found = [...title.matchAll(SYMBOL)];
  if (found.length === 0) return undefined;
  const before = fold(title.slice(0, found[0]!.index))
    .split(/[\s/-]+/)
    .filter((w) => w.length > 0 && !NAME_FORMS.has(w));
  return { symbols: new Set(found.map((m) => fold(m[1]!))), name: before.at(-1) };
}

/** Whether some text names a title's company: its symbol in brackets or its name word. */
function names(text: string, c: TitleCompany): boolean {
  const folded = fold(text);
  for (const s of c.symbols) if (folded.includes(`<${s}>`)) return true;
  return c.name !== undefined && folded.split(/[^\p{L}\p{N}]+/u).includes(c.name);
}

/**
 * Two wire items whose titles are about two different listed companies (no stock symbol
 * and no name in common: "GTE <GTE> SELLS DEBENTURES …" / "COCA-COLA ENTERPRISES <CCE> SELLS
 * DEBT", "DIAMOND SHAMROCK <DIA> RAISES CRUDE POSTINGS" / "UNOCAL <UCL> …"), and whose shared
 * wording names neither company on the other's side nor one company on both sides: one formula
 * told of two companies, each filling its own name in. Wording that names the other company
 * ("offered 71 dlrs cash per share for half of Piedmont's stock") is a story both tell. Any
 * length: a long bond story shares its one formula sentence with a short notice ("… basis points
 * over the off-the-run 9-1/4 pct Treasury bonds of 2016. Non-refundable for 10 years, the …").
 */
export function companiesDiffer(A: Doc, B: Doc, passages: readonly Passage[]): boolean {
  const ca = titleCompany(A.title);
  const cb = titleCompany(B.title);
  if (ca === undefined || cb === undefined || ca.name === cb.name) return false;
  for (const s of ca.symbols) if (cb.symbols.has(s)) return false;
  for (const p of passages) {
    if (!isCounted(p)) continue;
    const inA = A.text.slice(p.a.start, p.a.end);
    const inB = B.text.slice(p.b.start, p.b.end);
    if (names(inA, cb) || names(inB, ca) || (names(inA, ca) && names(inB, ca)) || (names(inA, cb) && names(inB, cb))) return false;
  }
  return true;
}

/**
 * Two short wire items whose titles differ in words (not figures) and whose texts differ only in
 * capitalised words, one of them from the titles' difference: one notice told of two entities
 * ("FRANKLIN INSURED TAX-FREE SETS PAYOUT" / "FRANKLIN PUERTO RICO TAX-FREE SETS PAYOUT", the
 * same dividend table, "NOTE: Franklin Insured …" / "NOTE: Franklin Puerto Rico …"). A re-send
 * keeps its text; an update adds words of all kinds; a correction says so in its title.
 */
export function entitiesSwapped(A: Doc, B: Doc): boolean {
  if (A.title === undefined || B.title === undefined || RESEND.test(A.title) || RESEND.test(B.title)) return false;
  if (!shortItems(A.text, B.text)) return false;
  const wa = plainWords(A.title);
  const wb = plainWords(B.title);
  const differ = new Set([...wa.filter((w) => !wb.includes(w)), ...wb.filter((w) => !wa.includes(w))]);
  if (!wa.some((w) => differ.has(w)) || !wb.some((w) => differ.has(w))) return false;
  return namesSwapped(A.text, B.text, differ);
}

/** A clock time in a title ("MIDWEST GRAIN FUTURES 12:01 EDT"). */
const CLOCK = /^\d{1,2}:\d\d$/;

/**
 * Two items whose titles are one title stamped with two different clock times ("MIDWEST GRAIN
 * FUTURES 11:20 EDT" / "… 11:31 EDT"): two editions of a table sent through the day, whatever
 * their figures (prices eleven minutes apart are mostly the same). A re-send keeps its time.
 */
export function clockEditions(A: Doc, B: Doc): boolean {
  if (A.title === undefined || B.title === undefined || RESEND.test(A.title) || RESEND.test(B.title)) return false;
  const wa = titleWords(A.title);
  const wb = titleWords(B.title);
  const ta = wa.filter((w) => CLOCK.test(w));
  const tb = wb.filter((w) => CLOCK.test(w));
  if (ta.length === 0 || tb.length === 0 || ta.some((t) => tb.includes(t))) return false;
  const rest = (ws: string[]): string => ws.filter((w) => !CLOCK.test(w)).join(' ');
  return rest(wa) === rest(wb) && rest(wa).length > 0;
}

/** Words of a title slot (the entity a formula title is filled with) at most. */
const SLOT_WORDS = 3;
/** Words a title must keep besides its slot. */
const SLOT_FRAME = 2;

/**
 * Where two titles differ, when they differ in one place: the run of words (figures aside) that
 * replaces another at the same spot, the rest the same ("ST PAUL HOGS SEEN STEADY" / "JOLIET HOGS
 * SEEN STEADY" → st paul / joliet), and whether the run leads the title.
 */
function titleSlot(ta: string, tb: string): { a: string[]; b: string[]; leads: boolean } | undefined {
  const wa = plainWords(ta);
  const wb = plainWords(tb);
  let i = 0;
  while (i < wa.length && i < wb.length && wa[i] === wb[i]) i++;
  let j = 0;
  while (j < wa.length - i && j < wb.length - i && wa[wa.length - 1 - j] === wb[wb.length - 1 - j]) j++;
  const a = wa.slice(i, wa.length - j);
  const b = wb.slice(i, wb.length - j);
  if (a.length === 0 || b.length === 0 || a.length > SLOT_WORDS || b.length > SLOT_WORDS || wa.length - a.length < SLOT_FRAME) return undefined;
  if (spelledAlike(a.join(' '), b.join(' '))) return undefined;
  return { a, b, leads: i === 0 };
}

/** Share of the longer spelling within which two spellings are one word's ("CENTRES" / "CENTERS": 2 of 7). */
const SPELLING_SHARE = 0.34;

/** Whether two runs are one word spelt two ways or shortened ("CENTRES" / "CENTERS", "JAN" / "JANUARY"), not two entities ("CORN" / "COTTON"). */
function spelledAlike(a: string, b: string): boolean {
  if (a.startsWith(b) || b.startsWith(a)) return true;
  return levenshtein.get(a, b) <= SPELLING_SHARE * Math.max(a.length, b.length);
}

/**
 * Two wire items under one formula title filled with two entities: the titles differ in one run
 * of words only (titleSlot), spelt unlike each other, and neither item names the other's entity.
 * Either each item names its own ("CORN SUPPLY/DEMAND BY COUNTRY -- USDA" / "COTTON …", "N.Z.
 * FEBRUARY / APRIL CURRENT ACCOUNT DEFICIT NARROWS", two crop-weather summaries) and they share
 * under half of each (OWN_SHARED: an update retitled with a synonym keeps its first take), or the entity
 * leads the title and only the title names it, in short items whose figures changed ("ST PAUL
 * HOGS SEEN STEADY - PRIVATE SOURCES" / "JOLIET HOGS …": the market is in the title alone). A
 * changed verb ("RAISES" / "LOWERS", "NAMES NEW" / "ELECTS") is no entity and does not lead.
 */
export function entityTitles(A: Doc, B: Doc, passages: readonly Passage[]): boolean {
  if (A.title === undefined || B.title === undefined || RESEND.test(A.title) || RESEND.test(B.title)) return false;
  const slot = titleSlot(A.title, B.title);
  if (slot === undefined) return false;
  const inA = new Set(plainWords(A.text).flatMap(parts));
  const inB = new Set(plainWords(B.text).flatMap(parts));
  const pa = slot.a.flatMap(parts);
  const pb = slot.b.flatMap(parts);
  if (pa.length === 0 || pb.length === 0 || pa.some((w) => inB.has(w)) || pb.some((w) => inA.has(w))) return false;
  // an update retitled with another word ("BLAST" / "EXPLOSION") keeps most of its first take
  if (pa.every((w) => inA.has(w)) && pb.every((w) => inB.has(w))) return sharedShare(A, B, passages) < OWN_SHARED;
  const unnamed = !pa.some((w) => inA.has(w)) && !pb.some((w) => inB.has(w));
  return slot.leads && unnamed && figuresChanged(A.text, B.text, passages);
}

/** Share of either item its counted passages may cover for two items that name their own entities to be two entities' (a take of one story holds most of the other). */
const OWN_SHARED = 0.5;

/** The larger share of either text (in characters) inside the counted passages. */
function sharedShare(A: Doc, B: Doc, passages: readonly Passage[]): number {
  let a = 0;
  let b = 0;
  for (const p of passages) {
    if (!isCounted(p)) continue;
    a += p.a.end - p.a.start;
    b += p.b.end - p.b.start;
  }
  return Math.max(a / Math.max(1, A.text.length), b / Math.max(1, B.text.length));
}

/** A word's letter-and-digit parts of two characters or more ("supply/demand" → supply, demand). */
const parts = (w: string): string[] => w.split(/[^\p{L}\p{N}]+/u).filter((x) => x.length > 1);
