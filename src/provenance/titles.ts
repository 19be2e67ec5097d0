import levenshtein from 'fast-levenshtein';
import { distinctFigures, figuresChanged, isCounted, namesSwapped, openingCompany, plainWords, sameFigures, sameFiguresIn, shortItems, type SlotFilter } from '../compare/template.js';
import type { Passage } from '../compare/align.js';
import { parseDate, type Doc } from '../doc.js';
import { isStopword } from '../text/tokenize.js';

// What a wire item's title says about it: a correction or re-send, a formula title told with
// other figures, the company it is about, the entity whose notice it is.

/**
 * A title that marks its item as a re-send, correction, update or breaking take of a developing
 * story — English, German, French, Spanish, Portuguese, Italian and Japanese markers, and the status
 * words of breaking news. A false positive only makes the title rules stand down.
 */
export const RESEND =
  /CORRECT|REPEAT|UPDATE|REVISED|AMENDED|REFILE|\bRPT\b|\bFIXES\b|CLARIF|KORREKTUR|BERICHTIG|AKTUALISIERT|ERNEUT|\bNEU:|\bWDH\b|CORRIG|RECTIF|ACTUALIS|MISE [AÀ] JOUR|ACTUALIZA|ATUALIZA|AGGIORNA|CORREGGE|\bLEAD\s*\d|WRAP-?UP|BREAKING|URGENT|\bFLASH\b|\bLATEST\b|DEVELOPING|\bALERT\b|再送|訂正|更新/i;
/** A title's words, case folded (a clock time or a score, "12:01", "98:87", is two figures). */
export const titleWords = (t: string): string[] =>
  t
    .toLowerCase()
    .split(/[\s,;:()<>-]+/)
    .filter((w) => w.length > 0);
export const isTitleFigure = (w: string): boolean => /\d/.test(w);

/** Titles longer than this are no wire titles: the title rules leave them alone (and their cost bounded). */
const TITLE_MAX_CHARS = 300;

/** A title the title rules read: a string of wire-title length. */
export const wireTitle = (title: unknown): string | undefined => (typeof title === 'string' && title.length <= TITLE_MAX_CHARS ? title : undefined);

/** A usable title: present, a string of wire-title length, and not marked as a re-send. */
function plainTitle(d: Doc): string | undefined {
  const t = wireTitle(d.title);
  return t !== undefined && t.length > 0 && !RESEND.test(t) ? t : undefined;
}

// ---- the company a title is about ----

/** The company a wire title opens with: its stock symbols ("<GTE>") and the words of its name ("COCA-COLA ENTERPRISES <CCE>" → coca, cola, enterprises). */
interface TitleCompany {
  symbols: Set<string>;
  name: string[];
}

/** Words that end a company's name in a title without naming it ("USX <X> UNIT", "SALOMON INC <SB>"). */
export const NAME_FORMS: ReadonlySet<string> = new Set(['inc', 'corp', 'co', 'ltd', 'plc', 'nv', 'sa', 'ag', 'unit', 'group', 'the']);
/** Title words before a company's first symbol at most: a symbol further in follows a story's headline, not its subject ("US STOCKS-Wall St rises as tech gains <.SPX>"). */
const NAME_MAX_WORDS = 4;
/** A stock symbol in a title ("<PIE>", "<NTRS.O>"); "<CORRECTED>" marks a correction (r19725: "<CORRECTED> - GENERAL INSTRUMENT CORP <GRL> …"). */
const SYMBOL = /<(?!CORRECTED>)([A-Z0-9.]{1,12})>/gi;
/** A correction's or repeat's mark leading a title ("CORRECTED - ", "(CORRECTED)-", "<CORRECTED> - ", "RPT-"): no part of the company's name. */
const LEADING_MARK = /^\W*(?:CORRECTED|RPT|REPEAT(?:ED)?)\b\W*/i;
/** Case, dots, apostrophes and a possessive folded: "Piedmont's" and "C.O.M.B." match "PIEDMONT" and "COMB". */
export const fold = (s: string): string => s.toLowerCase().replace(/['’]s\b/g, '').replace(/[.'’]/g, '');
/**
 * A stock symbol folded to its company: a U.S. listing's exchange suffix dropped (".N", the New
 * York Stock Exchange; ".O" or ".OQ", Nasdaq: "<UAL.N>" and "<UAL>" are one company), then folded
 * as names are. Other exchanges' suffixes stay: "<CTC.TO>" (Canadian Tire, Toronto) and "<CTC>"
 * (Contel), "<GEC.L>" and "<GEC>" are two companies, and a share class ("<RT.A>", "<RT.B>") another
 * listing.
 */
export const symbolOf = (s: string): string => fold(s.replace(/^(.+?)\.(?:[NO]|OQ)$/i, '$1'));
const wordsOfFolded = (folded: string): string[] => folded.split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w.length > 0);
const foldedWords = (s: string): string[] => wordsOfFolded(fold(s));

/** A text folded once, with its words: what `names` looks a company up in. */
interface Folded {
  text: string;
  words: ReadonlySet<string>;
}
function folded(s: string): Folded {
  const text = fold(s);
  return { text, words: new Set(wordsOfFolded(text)) };
}

function titleCompany(title: string): TitleCompany | undefined {
  const found = [...title.matchAll(SYMBOL)];
  if (found.length === 0) return undefined;
  const before = foldedWords(title.slice(0, found[0]!.index).replace(LEADING_MARK, ''));
  if (before.length === 0 || before.length > NAME_MAX_WORDS) return undefined;
  const name = before.filter((w) => w.length > 1 && !NAME_FORMS.has(w) && !isStopword(w));
  return name.length === 0 ? undefined : { symbols: new Set(found.map((m) => fold(m[1]!))), name };
}

/** Whether some text names a company: one of its symbols in brackets or one of its name words. */
function names(f: Folded, c: TitleCompany): boolean {
  for (const s of c.symbols) if (f.text.includes(`<${s}>`)) return true;
  return c.name.some((w) => f.words.has(w));
}

/**
 * Two wire items whose titles open with two different listed companies (symbols and name words
 * all different: "GTE <GTE> SELLS DEBENTURES …" / "COCA-COLA ENTERPRISES <CCE> SELLS DEBT",
 * "DIAMOND SHAMROCK <DIA> RAISES CRUDE POSTINGS" / "UNOCAL <UCL> …"), neither title naming the
 * other company ("CHRYSLER <C> BIDS FOR AMERICAN MOTORS" is about both), neither a re-send, and
 * whose shared wording names neither company on the other's side nor one company on both sides:
 * one formula told of two companies, each filling its own name in. Any length: a long bond story
 * shares its one formula sentence with a short notice. Wording that names the other company
 * ("offered 71 dlrs cash per share for half of Piedmont's stock") is a story both tell.
 */
export function companiesDiffer(A: Doc, B: Doc, passages: readonly Passage[]): boolean {
  const ta = plainTitle(A);
  const tb = plainTitle(B);
  if (ta === undefined || tb === undefined) return false;
  const ca = titleCompany(ta);
  const cb = titleCompany(tb);
  if (ca === undefined || cb === undefined) return false;
  for (const s of ca.symbols) if (cb.symbols.has(s)) return false;
  if (ca.name.some((w) => cb.name.includes(w))) return false;
  if (names(folded(ta), cb) || names(folded(tb), ca)) return false;
  for (const p of passages) {
    if (!isCounted(p)) continue;
    const inA = folded(A.text.slice(p.a.start, p.a.end));
    const inB = folded(B.text.slice(p.b.start, p.b.end));
    if (names(inA, cb) || names(inB, ca) || (names(inA, ca) && names(inB, ca)) || (names(inA, cb) && names(inB, cb))) return false;
  }
  return true;
}

// ---- one item sent twice: the same company, the same notice ----

/** Figures (or specific figures: "1,356,000") the stock passages of one notice sent twice carry on both sides at least, unless they are most of both items. */
const NOTICE_FIGURES = 3;
const NOTICE_SPECIFIC = 2;
/** Days within which two items of one company under two titles may be one notice sent twice (a quarterly notice recurs months apart). */
const NOTICE_DAYS = 7;

/**
 * Whether two wire items of one outlet whose shared wording is all stock (the dividend formula
 * "Qtly div 95 cts vs 95 cts prior Pay August three Record June 30") are one notice sent twice
 * under two titles, not two instances of the formula: both dated, within NOTICE_DAYS of each other,
 * both titles about the same listed company (the first symbol each carries: "NYNEX CORP <NYN> SETS
 * QTLY DIVIDEND" / "… QUARTERLY DIVIDEND"), and the stock passages carrying the same figures.
 * With fewer than NOTICE_FIGURES of them and fewer than NOTICE_SPECIFIC specific ones ('few-figures': "six cts vs six cts", or a company's
 * common and preferred dividends, or its split and its dividend, sharing only their pay and record
 * days) the caller must see that the two share most of both items. Two companies' notices name
 * two symbols; a company's next quarter's notice comes months later with other dates, and undated
 * items give no such bound.
 */
export function sameNotice(A: Doc, B: Doc, stock: readonly Pick<Passage, 'a' | 'b'>[]): boolean | 'few-figures' {
  if (A.kind !== 'wire' || B.kind !== 'wire' || stock.length === 0 || !withinHours(A, B, NOTICE_DAYS * 24)) return false;
  const ca = companyOf(A.title);
  const cb = companyOf(B.title);
  if (ca === undefined || cb === undefined || !sameFirstSymbol(A.title, B.title)) return false;
  if (!sameFiguresIn(A.text, B.text, stock)) return false;
  return sameFiguresIn(A.text, B.text, stock, NOTICE_FIGURES, NOTICE_SPECIFIC) ? true : 'few-figures';
}

/** Whether two documents are both dated and at most `hours` apart (parseDate: the same reading whatever the host's zone). */
export function withinHours(A: Doc, B: Doc, hours: number): boolean {
  if (typeof A.publishedAt !== 'string' || typeof B.publishedAt !== 'string') return false;
  return Math.abs(parseDate(A.publishedAt) - parseDate(B.publishedAt)) <= hours * 3_600_000;
}

/** Hours within which two items opening with one company's name are one story told twice (a re-send rewritten, an update). */
const ONE_STORY_HOURS = 24;

/**
 * Whether two dated wire items open with the same company as their subject (openingCompany: a
 * company form in its name, its informative words the same — `slots`; without them, never), within
 * ONE_STORY_HOURS, and their titles are about no two different listed companies (first symbols,
 * when both carry some, the same): one company's story told twice ("<National Beverage Corp> said it agreed
 * to acquire <Faygo Beverages Inc> for an undisclosed amount of cash" and its write-through), whose
 * stock wording is the story's. Two companies' notices open with two names; a person's or an
 * office's statements ("Treasury Secretary James Baker said") are no company's; a rating agency
 * opening its notices on two companies ("Moody's Investors Service Inc said it …") has two
 * companies' symbols in the titles.
 */
export function oneCompanyStory(A: Doc, B: Doc, slots: SlotFilter | undefined): boolean {
  if (slots === undefined || A.kind !== 'wire' || B.kind !== 'wire' || !withinHours(A, B, ONE_STORY_HOURS)) return false;
  const ca = openingCompany(A.text, slots);
  const cb = openingCompany(B.text, slots);
  if (ca.length === 0 || ca.length !== cb.length || ca.some((w, i) => cb[i] !== w)) return false;
  return noTwoCompanies(A, B, slots);
}

/**
 * Whether two titles are about no two different listed companies: their first symbols, when both
 * carry some, the same — or, with the corpus's informative names (`slots`), one symbol misspelt
 * (symbolMisspelt).
 */
export function noTwoCompanies(A: Doc, B: Doc, slots?: SlotFilter): boolean {
  const sa = titleSymbols(A.title);
  const sb = titleSymbols(B.title);
  return sa.length === 0 || sb.length === 0 || sa[0] === sb[0] || (slots !== undefined && symbolMisspelt(A, B, slots));
}

/** Letters of a symbol before its exchange's suffix a misspelling is read in at least. */
const MISSPELT_MIN = 3;

/**
 * Whether two items are one company under a misspelt first symbol: both texts open with the same
 * company (openingCompany: "Northern Trust Corp said …"), both titles name it by the same words
 * before their first symbols, the symbols carry the same exchange's suffix (a U.S. one or none:
 * symbolOf), and their letters before it, MISSPELT_MIN or more of one length, differ by two
 * neighbours swapped or one letter changed ("NORTHERN TRUST <NTRS.O> FILES SHELF" / "NORTHERN
 * TRUST <NRTS> FILES FOR SHELF DEBT", 18 seconds apart; "MELLON <MEC>" / "MELLON <MEL>"). Not two
 * companies of one short name ("UNITED <UAL>" / "UNITED <UIL>": United Airlines, United
 * Illuminating open with their own names), a share class or another listing ("<GBC.A>" /
 * "<GBC.B>", "<CTC.TO>" / "<CTX>"), a class letter written without a dot ("<BFA>" / "<BFB>"),
 * letters shuffled further ("<STRN>"), nor a letter added ("<GBC>" / "<GBCA>").
 */
function symbolMisspelt(A: Doc, B: Doc, slots: SlotFilter): boolean {
  const ca = companyOf(A.title);
  const cb = companyOf(B.title);
  if (ca === undefined || cb === undefined || ca.name.join(' ') !== cb.name.join(' ')) return false;
  const oa = openingCompany(A.text, slots);
  const ob = openingCompany(B.text, slots);
  if (oa.length === 0 || oa.join(' ') !== ob.join(' ')) return false;
  // the letters before the exchange's suffix, as written (fold drops the dot: "GBC.A" and "GBC.B" would read "gbca", "gbcb")
  const parts = (d: Doc): string[] => [...wireTitle(d.title)!.matchAll(SYMBOL)][0]![1]!.replace(/\.(?:[NO]|OQ)$/i, '').toLowerCase().split('.');
  const [x = '', sx = ''] = parts(A);
  const [y = '', sy = ''] = parts(B);
  if (sx !== sy || x === y || x.length !== y.length || x.length < MISSPELT_MIN) return false;
  if (swapped(x, y)) return true;
  // a last letter changed between two class letters is another class ("<BFA>" / "<BFB>"), else a typo ("<MEC>" / "<MEL>")
  const classes = x.slice(0, -1) === y.slice(0, -1) && SHARE_CLASS_LETTERS.has(x.at(-1)!) && SHARE_CLASS_LETTERS.has(y.at(-1)!);
  return levenshtein.get(x, y) === 1 && !classes;
}

/** Letters a share class is written with at the end of a symbol. */
const SHARE_CLASS_LETTERS = new Set(['a', 'b', 'c']);

/** Whether two spellings differ by two neighbouring letters swapped ("ntrs" / "nrts"). */
function swapped(x: string, y: string): boolean {
  const at = [...x].findIndex((c, i) => c !== y[i]);
  return at >= 0 && at + 1 < x.length && x[at] === y[at + 1] && x[at + 1] === y[at] && x.slice(at + 2) === y.slice(at + 2);
}

/** The listed company a title opens with (titleCompany; its symbols in the title's order, the first its own); none for a missing or overlong title. */
function companyOf(title: unknown): TitleCompany | undefined {
  const t = wireTitle(title);
  return t === undefined ? undefined : titleCompany(t);
}

/**
 * What a title says of the listed company it opens with: its words after the company's first
 * symbol (titleCompany), case folded, symbols aside ("MANHATTAN NATIONAL CORP <MLC> 4TH QTR LOSS"
 * → 4th, qtr, loss; "ACME <ACM> UNIT SELLS NOTES" → unit, sells, notes). A title that opens with a
 * headline ("MARK IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY": a symbol further in) keeps every
 * word but its symbols.
 */
export function titleTopic(title: string): string[] {
  const found = [...title.matchAll(SYMBOL)];
  const symbols = new Set(found.map((m) => m[1]!.toLowerCase()));
  const said = titleCompany(title) === undefined ? title : title.slice(found[0]!.index! + found[0]![0].length);
  return titleWords(said).filter((w) => !symbols.has(w));
}

/** Whether two titles carry a stock symbol and the same first one (titleSymbols): one listed company's items. */
export function sameFirstSymbol(a: unknown, b: unknown): boolean {
  const sa = titleSymbols(a);
  return sa.length > 0 && sa[0] === titleSymbols(b)[0];
}

/** Words of a text before the symbol of the company it opens with, at most ("Engineering group Linde AG's <LING.F>"). */
const OPENING_NAME_WORDS = 8;
/** Words that name a company's part ("Mobil Corp <MOB> unit"). */
const PART_WORDS = 'unit|units|subsidiary|affiliate|division';
/** Words before a symbol that make the company a text opens with another's part, or another's buyer ("Wholly-owned Mobil Corp <MOB>", "owned by Honeywell Inc <HON>"). */
const NOT_ITS_OWN = new RegExp(`\\b(?:${PART_WORDS}|owned|parent|sold|by|of)\\b`, 'i');
/** A part's word right after a symbol ("<MOB> unit"). */
const PART_AFTER = new RegExp(`^\\s*(?:${PART_WORDS})\\b`, 'i');

/**
 * Whether two titles are about one listed company: the same first symbol (sameFirstSymbol), or one
 * title opening with the company's name and symbol, and the other, carrying no symbol, opening with
 * the first word of that name while its text opens with the company (opensWith): "ALUSUISSE
 * <ALUZ.Z> YEAR 1986" / "ALUSUISSE SEES POSSIBLE BREAK-EVEN IN 1987": "Schweizerische Aluminimum AG
 * <ALUZ.Z> (Alusuisse) may be able to break even …", a results table and the story its company
 * told of it, whose headline needs no symbol.
 */
export function oneListedCompany(A: Doc, B: Doc): boolean {
  return sameFirstSymbol(A.title, B.title) || symbolInOpening(A, B) || symbolInOpening(B, A);
}

/** Whether `listed`'s title opens with a company's name and symbol, and `story`'s title, with no symbol, opens with the name's first word and its text with that company (oneListedCompany). */
function symbolInOpening(listed: Doc, story: Doc): boolean {
  const c = companyOf(listed.title);
  const t = wireTitle(story.title);
  if (c === undefined || t === undefined || titleSymbols(t).length > 0 || typeof story.text !== 'string') return false;
  return foldedWords(t.replace(LEADING_MARK, ''))[0] === c.name[0] && opensWith(story.text, titleSymbols(listed.title)[0]!);
}

/**
 * Whether a text opens with the company of a (folded) symbol: its first symbol is that one, right
 * after the opening name (OPENING_NAME_WORDS at most; no comma or sentence end, nor a word of
 * NOT_ITS_OWN, before it, and no part's word after it). "Honeywell Bull Inc, owned by Honeywell Inc
 * <HON>", "Bell Canada, a unit of Bell Canada Enterprises Inc <BCE>" and "Wholly-owned Mobil Corp
 * <MOB> unit, <Mobil Oil Australia Ltd>" open with another company.
 */
function opensWith(text: string, symbol: string): boolean {
  const first = /<([A-Za-z0-9.]{1,12})>/.exec(text);
  if (first === null || symbolOf(first[1]!) !== symbol) return false;
  const before = text.slice(0, first.index);
  if (/[,;:.!?]\s/.test(before) || before.split(/\s+/).filter((w) => w.length > 0).length > OPENING_NAME_WORDS || NOT_ITS_OWN.test(before)) return false;
  return !PART_AFTER.test(text.slice(first.index + first[0].length));
}

/** The stock symbols a title carries ("<PIE>"), folded, in order (the first is the company the title is about); none for a missing or overlong title. */
export function titleSymbols(title: unknown): string[] {
  const t = wireTitle(title);
  return t === undefined ? [] : [...t.matchAll(SYMBOL)].map((m) => symbolOf(m[1]!));
}

// ---- formula titles: one frame filled with many entities or times ----

/** Words of a title slot (the entity a formula title is filled with) at most. */
const SLOT_WORDS = 3;
/** Words a title must keep besides its slot. */
const SLOT_FRAME = 2;
/** Longest slot word compared by spelling (an unspaced run longer than this is no entity). */
const SLOT_WORD_CHARS = 40;
/** Day and month names: a meeting moved from Monday to Tuesday is one story, not two entities. */
const CALENDAR = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'today', 'tomorrow', 'yesterday']);

/** The runs of words two titles differ in, and the frame (the rest) that the outlet may fill with other entities. */
interface SlotRuns {
  a: string[];
  b: string[];
  frame: string;
}

/** Where two titles differ, when they differ in one run of words (figures aside): the runs and the frame around them. */
interface TitleSlot extends SlotRuns {
  leads: boolean;
  shape: Shape;
}

/**
 * The one run of words (figures aside) by which two titles differ, the rest the same ("ST PAUL
 * HOGS SEEN STEADY" / "JOLIET HOGS SEEN STEADY" → st paul / joliet, frame "_ hogs seen steady");
 * none when the runs are one word spelt two ways, a day or a month.
 */
function titleSlot(wa: readonly string[], wb: readonly string[]): TitleSlot | undefined {
  let i = 0;
  while (i < wa.length && i < wb.length && wa[i] === wb[i]) i++;
  let j = 0;
  while (j < wa.length - i && j < wb.length - i && wa[wa.length - 1 - j] === wb[wb.length - 1 - j]) j++;
  const a = wa.slice(i, wa.length - j);
  const b = wb.slice(i, wb.length - j);
  if (a.length === 0 || b.length === 0 || a.length > SLOT_WORDS || b.length > SLOT_WORDS || wa.length - a.length < SLOT_FRAME) return undefined;
  if (!unlikeEntities(a, b)) return undefined;
  return { a, b, leads: i === 0, frame: frameKey(wa.slice(0, i), wa.slice(wa.length - j)), shape: [i, j] };
}

/** Whether two title runs can be two entities: no overlong word, no day or month, not one word spelt two ways. */
function unlikeEntities(a: readonly string[], b: readonly string[]): boolean {
  if ([...a, ...b].some((w) => w.length > SLOT_WORD_CHARS || CALENDAR.has(w))) return false;
  return !spelledAlike(a.join(' '), b.join(' '));
}

const frameKey = (before: readonly string[], after: readonly string[]): string => `${before.join(' ')}\u0000_\u0000${after.join(' ')}`;

/** Distinct figures each item under a lead frame needs to be a market's report (receipts, a price range, a top price). */
const REPORT_FIGURES = 3;

/** Words after a title's leading entity that make its frame ("_ hogs seen"). */
const LEAD_FRAME = 2;

/** Where two titles differ when they differ in their leading entity and the words after it run on alike (LEAD_FRAME words), whatever follows. */
interface LeadSlot extends SlotRuns {
  leads: true;
  /** Only the leads are compared: the titles' tails may differ too. */
  tailsDiffer: true;
}

/**
 * The leading runs by which two titles differ when LEAD_FRAME words after them are the same and the
 * rest may differ too ("ST LOUIS HOGS SEEN STEADY/UP" / "SIOUX FALLS HOGS SEEN UP" → st louis / sioux
 * falls, frame "_ hogs seen"): a market's report under one formula title whose tail tells the
 * day's move. None when the leads are one word spelt two ways, a day or a month.
 */
function leadSlot(wa: readonly string[], wb: readonly string[]): LeadSlot | undefined {
  for (let na = 1; na <= SLOT_WORDS; na++) {
    for (let nb = 1; nb <= SLOT_WORDS; nb++) {
      const fa = wa.slice(na, na + LEAD_FRAME);
      if (fa.length < LEAD_FRAME || fa.join(' ') !== wb.slice(nb, nb + LEAD_FRAME).join(' ')) continue;
      const a = wa.slice(0, na);
      const b = wb.slice(0, nb);
      if (a.some((w) => b.includes(w)) || !unlikeEntities(a, b)) return undefined;
      return { a, b, frame: leadKey(fa), leads: true, tailsDiffer: true };
    }
  }
  return undefined;
}

/** Where two titles differ: the one run (titleSlot), else their leading entities (leadSlot), from one reading of their words. */
export function slotOf(ta: string, tb: string): TitleSlot | LeadSlot | undefined {
  const wa = plainWords(ta);
  const wb = plainWords(tb);
  return titleSlot(wa, wb) ?? leadSlot(wa, wb);
}

const leadKey = (frame: readonly string[]): string => `lead\u0000${frame.join(' ')}`;

/** Share of the longer spelling within which two spellings are one word's ("CENTRES" / "CENTERS": 2 of 7). */
const SPELLING_SHARE = 0.34;

/** Whether two runs are one word spelt two ways or shortened ("CENTRES" / "CENTERS", "JAN" / "JANUARY"), not two entities ("CORN" / "COTTON"). */
function spelledAlike(a: string, b: string): boolean {
  if (a.startsWith(b) || b.startsWith(a)) return true;
  return levenshtein.get(a, b) <= SPELLING_SHARE * Math.max(a.length, b.length);
}

/** A clock time in a title ("MIDWEST GRAIN FUTURES 12:01 EDT"): hours and minutes in range, a time zone or AM/PM after it. */
const CLOCK = /^([01]?\d|2[0-3]):[0-5]\d$/;
const ZONES = new Set(['edt', 'est', 'cdt', 'cst', 'mdt', 'mst', 'pdt', 'pst', 'gmt', 'bst', 'cet', 'cest', 'utc', 'jst', 'hkt', 'sgt', 'ist', 'am', 'pm', 'a.m', 'p.m', 'a.m.', 'p.m.', 'hrs', 'local']);

/** The clock time of a title and its frame (the title without it), when it has one. */
function titleClock(t: string): { filler: string; frame: string } | undefined {
  const w = t
    .toLowerCase()
    .split(/(?:[\s,;()<>-]|:(?!\d))+/)
    .filter((x) => x.length > 0);
  const k = w.findIndex((x, i) => CLOCK.test(x) && ZONES.has(w[i + 1] ?? ''));
  if (k < 0 || w.findIndex((x, i) => i > k && CLOCK.test(x)) >= 0) return undefined;
  return { filler: w[k]!, frame: `clock\u0000${frameKey(w.slice(0, k), w.slice(k + 1))}` };
}

/**
 * How many distinct fillers an outlet's titles give each frame that a pair asks about, besides
 * the pair's own: the evidence that a title is a formula ("_ SUPPLY/DEMAND BY COUNTRY -- USDA"
 * filled with five crops, "MIDWEST GRAIN FUTURES _ EDT" with every ten minutes, "U.K. MONEY MARKET
 * GIVEN FURTHER # MLN STG HELP" with every day's figure) rather than one story's headline reworded.
 * Built by `titleFrames` over the whole corpus.
 */
export interface TitleFrames {
  /** Fillers of the outlet's frame other than `own` (the two items' own fillers). */
  others(outlet: string, frame: string, own: readonly string[]): number;
}

/** The frame shapes asked about: words before and after the slot. */
type Shape = readonly [before: number, after: number];

/**
 * Counts, over every titled wire item of the corpus (`outletOf` its outlet), the fillers of the
 * frames the given pairs of items would need (their titleSlot, titleClock and titleFigures frames),
 * so that the frame rules below can ask whether a frame recurs. One pass over the titles; each title
 * is cut only in the shapes some pair asked for.
 */
export function titleFrames(pairs: Iterable<readonly [Doc, Doc]>, docs: Iterable<Doc>, outletOf: (d: Doc) => string | undefined): TitleFrames {
  const wanted = new Map<string, Set<string>>();
  const shapes = new Map<string, Shape>();
  const want = (outlet: string, frame: string): void => {
    if (!wanted.has(`${outlet}\u0001${frame}`)) wanted.set(`${outlet}\u0001${frame}`, new Set());
  };
  for (const [A, B] of pairs) {
    const outlet = outletOf(A);
    const ta = plainTitle(A);
    const tb = plainTitle(B);
    if (outlet === undefined || ta === undefined || tb === undefined) continue;
    const slot = slotOf(ta, tb);
    if (slot) want(outlet, slot.frame);
    if (slot && 'shape' in slot) shapes.set(`${slot.shape[0]},${slot.shape[1]}`, slot.shape);
    for (const f of [titleClock(ta), titleFigures(ta)]) if (f) want(outlet, f.frame);
  }
  if (wanted.size > 0) for (const d of docs) countFrames(d, outletOf(d), wanted, [...shapes.values()]);
  return {
    others: (outlet, frame, own) => {
      const all = wanted.get(`${outlet}\u0001${frame}`);
      return all === undefined ? 0 : all.size - own.filter((x, i) => all.has(x) && own.indexOf(x) === i).length;
    },
  };
}

/** Adds one title's fillers to the frames wanted of its outlet. */
function countFrames(d: Doc, outlet: string | undefined, wanted: Map<string, Set<string>>, shapes: readonly Shape[]): void {
  const t = d.kind === 'wire' ? plainTitle(d) : undefined;
  if (t === undefined || outlet === undefined) return;
  const w = plainWords(t);
  for (const [before, after] of shapes) {
    const n = w.length - before - after;
    if (n < 1 || n > SLOT_WORDS) continue;
    wanted.get(`${outlet}\u0001${frameKey(w.slice(0, before), w.slice(w.length - after))}`)?.add(w.slice(before, before + n).join(' '));
  }
  for (let n = 1; n <= SLOT_WORDS && n + LEAD_FRAME <= w.length; n++) wanted.get(`${outlet}\u0001${leadKey(w.slice(n, n + LEAD_FRAME))}`)?.add(w.slice(0, n).join(' '));
  for (const f of [titleClock(t), titleFigures(t)]) if (f) wanted.get(`${outlet}\u0001${f.frame}`)?.add(f.filler);
}

/** A title's figures and its frame (its words with each figure as "#"), when it has figures: "U.K. MONEY MARKET GIVEN FURTHER 168 MLN STG HELP". */
function titleFigures(t: string): { filler: string; frame: string; figures: string[] } | undefined {
  const w = titleWords(t);
  const figures = w.filter(isTitleFigure);
  if (figures.length === 0) return undefined;
  return { filler: figures.join(' '), frame: `figures\u0000${w.map((x) => (isTitleFigure(x) ? '#' : x)).join(' ')}`, figures };
}

/** Fillers besides the pair's own a frame needs to be a formula title: a story told five times under one headline frame is rare, a report sent every day is not. */
const FRAME_OTHERS = 3;

/**
 * Whether two items' titles are one formula title told with two sets of figures — the same words,
 * figures in the same places and none in common — and the outlet's titles fill that frame with
 * FRAME_OTHERS other sets of figures or more: "U.K. MONEY MARKET GIVEN FURTHER 168 / 195 MLN STG
 * HELP", not "QUAKE KILLS 12 / 45 IN EASTERN TURKEY". Never a title marked as a re-send.
 */
export function figureEditions(A: Doc, B: Doc, outlet: string, frames: TitleFrames): boolean {
  const ta = plainTitle(A);
  const tb = plainTitle(B);
  const fa = ta === undefined ? undefined : titleFigures(ta);
  const fb = tb === undefined ? undefined : titleFigures(tb);
  if (fa === undefined || fb === undefined || fa.frame !== fb.frame || fa.figures.some((f) => fb.figures.includes(f))) return false;
  return frames.others(outlet, fa.frame, [fa.filler, fb.filler]) >= FRAME_OTHERS;
}

/**
 * Two short items whose titles are one formula title stamped with two clock times ("MIDWEST GRAIN
 * FUTURES 11:20 EDT" / "… 11:31 EDT"; a time zone or AM/PM must follow, so a score "98:87" is
 * none), a title the outlet stamps with FRAME_OTHERS other times or more, and whose figures are not
 * all the same: two editions of a table sent through the day (prices eleven minutes apart are
 * mostly the same, never all). A re-send under a new stamp keeps every figure.
 */
export function clockEditions(A: Doc, B: Doc, outlet: string, frames: TitleFrames): boolean {
  const ta = plainTitle(A);
  const tb = plainTitle(B);
  if (ta === undefined || tb === undefined || !shortItems(A.text, B.text)) return false;
  const ca = titleClock(ta);
  const cb = titleClock(tb);
  if (ca === undefined || cb === undefined || ca.filler === cb.filler || ca.frame !== cb.frame) return false;
  return frames.others(outlet, ca.frame, [ca.filler, cb.filler]) >= FRAME_OTHERS && !sameFigures(A.text, B.text);
}

/** Share of either item that two items naming their own entities may share (above it, one holds most of the other: a take of one story). */
const OWN_COVERAGE = 0.5;

/**
 * Two wire items under one formula title filled with two entities: the titles differ in one run
 * of words only (titleSlot), spelt unlike each other, a frame the outlet fills with FRAME_OTHERS
 * other entities or more, and neither item names the other's entity. Either each item names its own
 * ("CORN SUPPLY/DEMAND BY COUNTRY -- USDA" / "COTTON …", two crop-weather summaries) and neither
 * holds half of the other (`coverage`: an update keeps most of its first take), or the entity
 * leads the title and only the title names it, in short items whose figures changed ("ST PAUL HOGS
 * SEEN STEADY - PRIVATE SOURCES" / "JOLIET HOGS …": the market is in the title alone). The
 * title alone may also name its entity under a lead frame whose tail differs too (leadSlot: "ST
 * LOUIS HOGS SEEN STEADY/UP" / "SIOUX FALLS HOGS SEEN UP").
 */
export function entityTitles(A: Doc, B: Doc, passages: readonly Passage[], coverage: { a: number; b: number }, outlet: string, frames: TitleFrames): boolean {
  const ta = plainTitle(A);
  const tb = plainTitle(B);
  if (ta === undefined || tb === undefined) return false;
  const slot = slotOf(ta, tb);
  if (slot === undefined || frames.others(outlet, slot.frame, [slot.a.join(' '), slot.b.join(' ')]) < FRAME_OTHERS) return false;
  // a lead frame is also a headline's pattern ("QUAKE KILLS 12 IN …" / "EARTHQUAKE KILLS 45 IN …"): a market report is dense with figures, a story's update is not
  if ('tailsDiffer' in slot && Math.min(distinctFigures(A.text), distinctFigures(B.text)) < REPORT_FIGURES) return false;
  const inA = new Set(plainWords(A.text).flatMap(parts));
  const inB = new Set(plainWords(B.text).flatMap(parts));
  const pa = slot.a.flatMap(parts);
  const pb = slot.b.flatMap(parts);
  if (pa.length === 0 || pb.length === 0 || pa.some((w) => inB.has(w)) || pb.some((w) => inA.has(w))) return false;
  if (!('tailsDiffer' in slot) && pa.every((w) => inA.has(w)) && pb.every((w) => inB.has(w))) return Math.max(coverage.a, coverage.b) < OWN_COVERAGE;
  const unnamed = !pa.some((w) => inA.has(w)) && !pb.some((w) => inB.has(w));
  return slot.leads && unnamed && figuresChanged(A.text, B.text, passages);
}

/**
 * Two short wire items whose titles are one formula title filled with two entities (titleSlot, a
 * frame of FRAME_OTHERS other entities or more) and whose texts differ, figures aside, only in
 * capitalised words, one of them from the titles' difference: one notice told of two entities
 * ("FRANKLIN INSURED TAX-FREE SETS PAYOUT" / "FRANKLIN PUERTO RICO TAX-FREE SETS PAYOUT", the same
 * dividend table, "NOTE: Franklin Insured …" / "NOTE: Franklin Puerto Rico …"). A re-send keeps its
 * text; an update adds words of all kinds; a correction says so in its title.
 */
export function entitiesSwapped(A: Doc, B: Doc, outlet: string, frames: TitleFrames): boolean {
  const ta = plainTitle(A);
  const tb = plainTitle(B);
  if (ta === undefined || tb === undefined || !shortItems(A.text, B.text)) return false;
  const slot = titleSlot(plainWords(ta), plainWords(tb));
  if (slot === undefined || frames.others(outlet, slot.frame, [slot.a.join(' '), slot.b.join(' ')]) < FRAME_OTHERS) return false;
  return namesSwapped(A.text, B.text, new Set([...slot.a, ...slot.b]));
}

/** A word's letter-and-digit parts of two characters or more ("u.s" → none, "o'neill" → o, neill → neill). */
const parts = (w: string): string[] => w.split(/[^\p{L}\p{M}\p{N}]+/u).filter((x) => x.length > 1);
