import { VERBATIM_SIMILARITY, type Passage } from '../compare/align.js';
import { NUMBER_WORDS } from '../compare/slots.js';
import { openingSubject, sameFiguresIn, sharedFacts, shortItems, slotWords, specificFigure, type SlotFilter } from '../compare/template.js';
import { parseDate, type Doc } from '../doc.js';
import type { Span } from '../text/boilerplate.js';
import { isStopword } from '../text/tokenize.js';
import { trimToLetters } from '../text/trim.js';
import { isTitleFigure, NAME_FORMS, noTwoCompanies, oneListedCompany, RESEND, sameFirstSymbol, slotOf, symbolOf, titleSymbols, titleTopic, titleWords, wireTitle, withinHours } from './titles.js';

// One story told again by one wire: the same deal reported and confirmed, the same company's item
// written through or corrected, an item and the digest that carries it. What the formula rules
// took for a template or stock wording between two such items is the story's own wording.

/**
 * Hours within which two items may be one story told again: under the edition gap (relations.ts,
 * 20 hours), so that none of these rules overrides the rule that two items a day apart whose
 * figures changed are two editions of a recurring report — but an item and its correction
 * (correctionOf, CORRECTION_HOURS), which says what it is in its title.
 */
const TOLD_HOURS = 20;

type Spans = readonly Pick<Passage, 'a' | 'b'>[];

/** Two dated wire items at most `hours` apart (parseDate: the same reading whatever the host's zone). */
const wiresWithin = (A: Doc, B: Doc, hours: number): boolean => A.kind === 'wire' && B.kind === 'wire' && withinHours(A, B, hours);
/** Two dated wire items within TOLD_HOURS of each other. */
const toldWithin = (A: Doc, B: Doc): boolean => wiresWithin(A, B, TOLD_HOURS);

/** The distinct slot words (names and figures, case folded) that `keep` accepts and the spans hold on both sides. */
function sharedSlotWords(textA: string, textB: string, spans: Spans, keep: (w: string) => boolean): Set<string> {
  const inA = new Set(spans.flatMap((x) => slotWords(textA, x.a)).filter(keep));
  return new Set(spans.flatMap((x) => slotWords(textB, x.b)).filter((w) => keep(w) && inA.has(w)));
}

// ---- one deal reported and confirmed ----

/** Deal terms the stock passages of one deal told twice share at least. */
const DEAL_TERMS = 2;

/**
 * A deal's term as a figure: a fraction whose whole part is 3 or more or a decimal ("8-3/4",
 * "101-3/8", "7.1"), or a specific figure (template.ts: three significant digits or more, no
 * year: "1,356"); not a fraction under 3 ("a 7/8 pct selling concession", "1-1/4 pct management and underwriting",
 * "1-7/8 pct fees": every notice's fees and concessions), a day of the month ("Pay April 30"), a
 * year ("due 1992") or a round amount ("100 mln"), which unrelated notices share.
 */
function dealTerm(w: string): boolean {
  if (!isTitleFigure(w)) return false;
  const fraction = /^(?:(\d+)-)?\d+\/\d+$/.exec(w);
  if (fraction) return Number(fraction[1] ?? 0) >= 3;
  return w.includes('.') || specificFigure(w);
}

/**
 * Whether two dated wire items within TOLD_HOURS are one deal reported and then confirmed: their
 * stock passages carry the same figures on both sides (most of them, as sameFiguresIn reads it),
 * both items carry DEAL_TERMS or more of the same deal's terms (a bond's coupon and price, "8-3/4
 * pct and priced at 101-3/8 pct", wherever they stand among the first 400 names and figures:
 * "due May 6, 1990 at 8-1/4 pct and 101-3/8 has been increased to 75 mln dlrs" shares only its
 * coupon's clause with the first notice), and both titles name a rare name that both texts carry
 * as a name ("NABISCO EXPECTED TO ISSUE DOLLAR STRAIGHT" / "RJR NABISCO INC ISSUES 100 MLN DLR
 * EUROBOND": the report and the issue that confirms it). Two issuers' notices in one formula name
 * two issuers; a name in more than 1% of the corpus ("Japan", "Bank") is a formula word (`slots`);
 * titles about two listed companies carry two first symbols. Two issuers of one group on the same terms the same
 * morning ("MITSUBISHI ESTATE …" / "MITSUBISHI GAS CHEMICAL …") are taken for one deal.
 */
export function oneDealTwice(A: Doc, B: Doc, stock: Spans, slots: SlotFilter | undefined): boolean {
  if (slots === undefined || stock.length === 0 || !toldWithin(A, B)) return false;
  if (!noTwoCompanies(A, B, slots)) return false;
  if (!sameFiguresIn(A.text, B.text, stock, DEAL_TERMS)) return false;
  const whole = [{ a: { start: 0, end: A.text.length }, b: { start: 0, end: B.text.length } }];
  return sharedSlotWords(A.text, B.text, whole, dealTerm).size >= DEAL_TERMS && sharedTitleName(A, B, slots);
}

/** Whether both titles name a rare name (`slots`; no figure, no function word) that both texts carry as a name, read in parts (nameParts: "ZORVIA'S", "Zorvia-Kestrel"). */
function sharedTitleName(A: Doc, B: Doc, slots: SlotFilter): boolean {
  const ta = wireTitle(A.title);
  const tb = wireTitle(B.title);
  if (ta === undefined || tb === undefined) return false;
  const inB = new Set(titleWords(tb).flatMap(nameParts));
  const shared = titleWords(ta)
    .flatMap(nameParts)
    .filter((w) => inB.has(w) && !isTitleFigure(w) && !isStopword(w) && slots(w));
  if (shared.length === 0) return false;
  const namesA = new Set(slotWords(A.text, { start: 0, end: A.text.length }).flatMap(nameParts));
  const namesB = new Set(slotWords(B.text, { start: 0, end: B.text.length }).flatMap(nameParts));
  return shared.some((w) => namesA.has(w) && namesB.has(w));
}

// ---- one company's story told again ----

/** Words the shared passages of one story told again hold at least: a company's name and "said it has received a" is its formula, not its story. */
const STORY_TOKENS = 12;

/**
 * Whether two dated wire items within TOLD_HOURS are one company's story told again (a
 * write-through, a correction, the next step of the same deal) though the formula rules took their
 * shared wording for a template or stock: their titles carry the same first stock symbol ("MARK
 * IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY" / "MARK IV CORRECTS AGREEMENT WITH BAIRD <BATM>"),
 * and the passages they share (STORY_TOKENS words or more, quotes aside, unless a title marks its
 * item as a correction or re-send) name on both sides a rare name other than the items' own
 * subjects ("… which has said it is mulling a bid to seek control of Baird Corp"). A company's
 * recurring notice names nothing but the company ("Sun Co said it raised its crude postings");
 * two companies' notices in one formula carry two symbols.
 */
export function oneStoryAgain(A: Doc, B: Doc, passages: readonly Pick<Passage, 'a' | 'b' | 'kind' | 'tokens'>[], slots: SlotFilter | undefined): boolean {
  if (slots === undefined || !oneCompanyWithin(A, B)) return false;
  return namesAnotherName(A, B, passages, slots, resent(A) || resent(B));
}

/**
 * Whether the passages two items share, quotes aside, hold STORY_TOKENS words or more (any number
 * when `anyLength`) and name on both sides a rare name (`slots`; no figure, nor a number spelt out:
 * "eleven") other than the items' opening subjects (openingSubject): a story's wording, not a
 * formula filled with the items' own names. A capitalised word opening a sentence counts as a name.
 */
function namesAnotherName(A: Doc, B: Doc, passages: readonly Pick<Passage, 'a' | 'b' | 'kind' | 'tokens'>[], slots: SlotFilter, anyLength = false): boolean {
  const shared = passages.filter((x) => x.kind !== 'quote');
  if (!anyLength && shared.reduce((n, x) => n + x.tokens, 0) < STORY_TOKENS) return false;
  const subjects = new Set([...openingSubject(A.text, slots), ...openingSubject(B.text, slots)]);
  return sharedSlotWords(A.text, B.text, shared, (w) => !isTitleFigure(w) && !numberWord(w) && slots(w) && !subjects.has(w)).size > 0;
}

/** Numbers spelt out, besides NUMBER_WORDS (slotWords reads a capitalised one as a name: "Sixteen delegations"). */
const SPELT_NUMBERS: ReadonlySet<string> = new Set([...NUMBER_WORDS, 'thirteen', 'fourteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'sixty', 'seventy', 'eighty', 'ninety', 'million', 'billion', 'dozen']);
/** Whether a word is a number spelt out, hyphenated ones too ("twenty-five"). */
const numberWord = (w: string): boolean => w.split('-').every((x) => SPELT_NUMBERS.has(x));

// ---- one running story told again ----

/**
 * Whether two dated wire items within TOLD_HOURS, not both short (shortItems: formula items are),
 * about no two listed companies (noTwoCompanies: their first symbols, if both carry one, the same
 * or one misspelt), are two takes of one running story though no rule of one listed company reads
 * them: both titles name a rare name both texts carry (sharedTitleName: "NYSE RULE COULD AFFECT
 * TRADING IN LONDON" / "LONDON SEES NYSE RULE PROBLEM BEING SETTLED"), the titles are not one
 * formula title filled with two entities (slotOf: "CHINA / BRAZIL CROP WEATHER SUMMARY --
 * USDA/NOAA"), what they share holds STORY_TOKENS words or more outside every name that holds a
 * word of the titles (storyWords: two stories of one subject share its name spelt out, "… for
 * Economic Cooperation and Development (OECD) said in its semi-annual review", the OECD outlook's
 * country stories) and names another rare name (namesAnotherName: "New York Stock Exchange, NYSE,
 * rule might be used to limit the trading activities …"). Unlike oneStoryAgain the formula-item
 * rules still judge the pair: a series of notices of one fund or agency ("FRANKLIN INSURED TAX-FREE
 * SETS PAYOUT" / "FRANKLIN OHIO …", "CCC ACCEPTS EXPORT BONUS …") names its sponsor in every title.
 */
export function oneRunningStory(A: Doc, B: Doc, passages: readonly Pick<Passage, 'a' | 'b' | 'kind' | 'tokens'>[], slots: SlotFilter | undefined): boolean {
  if (slots === undefined || !toldWithin(A, B) || shortItems(A.text, B.text) || !noTwoCompanies(A, B, slots)) return false;
  const ta = wireTitle(A.title);
  const tb = wireTitle(B.title);
  if (ta === undefined || tb === undefined || slotOf(ta, tb) !== undefined || !sharedTitleName(A, B, slots)) return false;
  const shared = passages.filter((x) => x.kind !== 'quote');
  const titled = new Set([...titleWords(ta), ...titleWords(tb)].flatMap(nameKeys).filter((w) => !isTitleFigure(w) && !isStopword(w)));
  return storyWords(A.text, shared.map((x) => x.a), titled) >= STORY_TOKENS && namesAnotherName(A, B, passages, slots);
}

/** Words that join a name's capitalised words ("Organisation for Economic Cooperation and Development"). */
const NAME_JOINS = new Set(['of', 'for', 'and', 'the', 'de', 'du', 'des', 'la', 'le', 'van', 'von', 'y', '&']);

/**
 * How many words of some spans stand outside every name that holds a word of the titles (a run of
 * capitalised words, joined by NAME_JOINS: "Bank of Japan Governor Satoshi Sumita", "Organisation
 * for Economic Cooperation and Development (OECD)"): the words of a story, not its subject's name
 * or title spelt out, which any two stories of that subject share.
 */
function storyWords(text: string, spans: readonly Span[], titled: ReadonlySet<string>): number {
  let n = 0;
  for (const sp of spans) {
    const words = text.slice(sp.start, sp.end).split(/\s+/).filter((w) => w.length > 0);
    const core = words.map(trimToLetters);
    const capital = (i: number): boolean => /^\p{Lu}/u.test(core[i] ?? '');
    const joins = (i: number): boolean => NAME_JOINS.has((core[i] || words[i]!).toLowerCase()) && capital(i + 1);
    // a name ends with its sentence ("… in Paris. The Bank of Japan"), not at an abbreviation's stop ("U.S.")
    const ends = (i: number): boolean => /[.!?]$/.test(words[i]!) && !core[i]!.includes('.');
    for (let i = 0; i < words.length; ) {
      if (!capital(i)) {
        n++;
        i++;
        continue;
      }
      let j = i;
      let titledRun = false;
      while (j < words.length && (j === i || capital(j) || joins(j)) && (j === i || !ends(j - 1))) {
        if (nameKeys(core[j]!).some((w) => titled.has(w))) titledRun = true;
        j++;
      }
      if (!titledRun) n += j - i;
      i = j;
    }
  }
  return n;
}

/** A word's keys for comparing a title's words with a text's: its parts (nameParts), case and dots folded ("U.S." and "U.S" → us). */
const nameKeys = (w: string): string[] => nameParts(w.toLowerCase().replace(/\./g, ''));

/** Two dated wire items within TOLD_HOURS whose titles are about one listed company (oneListedCompany: the same first stock symbol, or a table's symbol named at the opening of a story titled by the name). */
function oneCompanyWithin(A: Doc, B: Doc): boolean {
  return toldWithin(A, B) && oneListedCompany(A, B);
}

/**
 * Specific figures (template.ts: three significant digits or more, no fraction, no year) two items
 * of one company carry at least for one story's facts. Two (session 18; three before): a results
 * table and the story on it often restate only the quarter's and the year's net ("FORD MOTOR CO OF
 * CANADA LTD <FC> 4TH QTR NET" / "FORD CANADA <FC> PROFIT DOWN ON CHANGEOVER COST": 67.7 mln,
 * 199.0 mln); on the dev half it linked seven more pairs of one company, all a table and its story,
 * a table restated or one deal's two items, and no labelled template on either half.
 */
const STORY_FACTS = 2;

/**
 * Whether two dated wire items within TOLD_HOURS whose titles carry the same first stock symbol,
 * sharing some wording besides quotes, in a corpus with informative names (`slots`, as the rules
 * beside it need), carry STORY_FACTS or more of the same specific figures
 * (among the first 400 names and figures of each: slotWords): a results table and the story on it
 * ("IRVING BANK <V> CITES LOANS IN EARNING DECLINE" / "… 1ST-QTR NET HURT BY BRAZIL": "215 mln
 * dlrs", "1.51", "1.62"), a table and its correction. What the passage rules took for formula
 * wording between them is the story's; unlike oneStoryAgain this leaves the formula-item rules to
 * judge the pair (recountOneStories), since editions of one recurring report carry the same
 * reference figures (a previous close, a 52-week range) and are two editions all the same.
 */
export function oneStoryFacts(A: Doc, B: Doc, passages: readonly Pick<Passage, 'kind'>[], slots: SlotFilter | undefined): boolean {
  if (slots === undefined || !oneCompanyWithin(A, B) || !passages.some((x) => x.kind !== 'quote')) return false;
  return sharedFacts(A.text, B.text) >= STORY_FACTS;
}

// ---- a report that carries an item ----

/** Times as long as the item a report that carries it is at least (a market report or digest tells several items). */
const REPORT_LENGTH = 2;
/** Characters before or after a shared passage within which the report names the item's subject. */
const REPORT_REACH = 120;

/**
 * Whether, of two dated wire items within TOLD_HOURS, one is a report that carries the other: the
 * report is REPORT_LENGTH times as long or more, its title names none of the item's title's rare
 * names, and a passage the two share carries a deal term of the item (dealTerm: "4-3/8 pct and was
 * priced at 101-1/2 pct") with one of those names within REPORT_REACH characters of it in the
 * report, in its own sentence or the one before (reportNames) — "CNT ISSUES 20 BILLION YEN
 * EUROBOND" in "DOLLAR EUROBONDS END EASIER ON PRIME RATE RISES" ("a 20 billion yen bond for
 * France's Caisse Nationale des Telecommunications. The state guaranteed five year bond pays 4-3/8
 * pct …"). Two issuers' notices in one formula name their own issuers; two takes of one story
 * share the rare names of their titles (the rules above); `slots` tells a rare name from a
 * formula word. A roundup naming a bank in the sentence after another bank's identical terms
 * ("… raised its prime rate to 7-3/4 pct. The changes follow similar cuts by Citicorp") carries
 * the other bank's item.
 */
export function reportCarriesItem(A: Doc, B: Doc, passages: readonly Pick<Passage, 'a' | 'b' | 'kind'>[], slots: SlotFilter | undefined): boolean {
  if (slots === undefined || !toldWithin(A, B)) return false;
  const shared = passages.filter((x) => x.kind !== 'quote');
  return carriesItem(A, B, shared.map((x) => x.b), slots) || carriesItem(B, A, shared.map((x) => x.a), slots);
}

/** A name word's parts, a possessive dropped: "Sony's" → sony, "Coca-Cola" → coca, cola (as a title's words split them). */
const nameParts = (w: string): string[] => w.replace(/['’]s$/, '').split(/[-/]/).filter((x) => x.length > 1);

/** Whether `report` carries `item` (reportCarriesItem) in one of `spans` (the shared passages, in the report). */
function carriesItem(item: Doc, report: Doc, spans: readonly Span[], slots: SlotFilter): boolean {
  const title = wireTitle(item.title);
  if (title === undefined || report.text.length < REPORT_LENGTH * item.text.length) return false;
  const itemWords = slotWords(item.text, { start: 0, end: item.text.length });
  const inItem = new Set(itemWords.flatMap(nameParts));
  const names = new Set(titleWords(title).flatMap(nameParts).filter((w) => !isTitleFigure(w) && slots(w) && inItem.has(w)));
  if (names.size === 0 || titleWords(wireTitle(report.title) ?? '').flatMap(nameParts).some((w) => names.has(w))) return false;
  const terms = new Set(itemWords.filter(dealTerm));
  return spans.some((sp) => slotWords(report.text, sp).some((w) => terms.has(w)) && reportNames(report.text, sp, names));
}

/**
 * Whether a report names one of `names` around a shared span: within REPORT_REACH characters
 * before it, back to the start of the sentence before its own, in the span itself, or after it to
 * the end of its own sentence — never in a later sentence, which tells of something else. Each
 * stretch is read on its own (slotWords reads 400 names and figures at most).
 */
function reportNames(text: string, sp: Span, names: ReadonlySet<string>): boolean {
  const floor = Math.max(0, sp.start - REPORT_REACH);
  const from = sentenceStart(text, sentenceStart(text, sp.start, floor) - 1, floor);
  const to = sentenceEnd(text, sp.end, Math.min(text.length, sp.end + REPORT_REACH));
  const has = (start: number, end: number): boolean => end > start && slotWords(text, { start, end }).some((w) => nameParts(w).some((x) => names.has(x)));
  return has(from, sp.start) || has(sp.start, sp.end) || has(sp.end, to);
}

/** Where the sentence holding offset `at` starts (after a sentence's end and a space: endsSentence), or `floor` if it starts before it. */
function sentenceStart(text: string, at: number, floor: number): number {
  for (let i = at - 1; i > floor; i--) if (/\s/.test(text[i]!) && endsSentence(text, i - 1)) return i + 1;
  return floor;
}

/** Where the sentence holding offset `at` ends (endsSentence), or `ceiling` if it ends after it. */
function sentenceEnd(text: string, at: number, ceiling: number): number {
  for (let i = at; i < ceiling; i++) if (endsSentence(text, i)) return i + 1;
  return ceiling;
}

/** Titles and a single letter, whose full stop ends no sentence ("Mr. Baker", "U.S. And West Germany", "J. Smith"). */
const TITLE_ABBREVIATIONS = /(?:^|[^\p{L}])(?:\p{L}|St|Mr|Mrs|Ms|Dr|Jr|Sr|No|Nos|vs|Gen|Gov|Sen|Rep)$/u;
/** Company forms, whose full stop ends a sentence only before a capital, a quotation mark or the text's end ("Acme Finance Co. of Zorvia" / "lead manager Nomura Co. It follows …"). */
const COMPANY_ABBREVIATIONS = /(?:^|[^\p{L}])(?:Co|Cos|Corp|Inc|Ltd|Bros)$/u;

/** Whether the character at `i` ends a sentence: a full stop, question or exclamation mark before a space or the text's end; a full stop not after a title or a single letter, nor after a company form with no capital next. */
function endsSentence(text: string, i: number): boolean {
  const c = text[i];
  if (c !== '.' && c !== '!' && c !== '?') return false;
  if (i + 1 < text.length && !/\s/.test(text[i + 1]!)) return false;
  if (c !== '.') return true;
  const before = text.slice(Math.max(0, i - 5), i);
  if (TITLE_ABBREVIATIONS.test(before)) return false;
  return !COMPANY_ABBREVIATIONS.test(before) || /^\s*(?:$|[\p{Lu}"“'‘])/u.test(text.slice(i + 1, i + 4));
}

// ---- an item and its correction ----

/**
 * A title's mark of a correction or repeat of an earlier item, at its start or in brackets:
 * "CORRECTED - …", "(CORRECTED)-…", "<CORRECTED> - …", "RPT-…", "REPEAT - …", "… (RPT)", or a
 * company that "CORRECTS" its account ("MARK IV CORRECTS AGREEMENT WITH BAIRD <BATM>"). Not an
 * update or a revised offer, which tell more of a story; not a story about a correction ("PROMISES
 * TO CORRECT", "PROBLEM CORRECTION"), "CORRECTIONS CORP", or RepublicBank's symbol "<RPT>".
 */
const CORRECTION = /^\W*(?:CORRECTED|RPT|REPEAT(?:ED)?)\b|\((?:CORRECTED|RPT|REPEAT)\)|\bCORRECTS\b/gi;
/** Hours within which a correction follows its item: 0.4 to 25.2 hours for every one of one company in both halves of the archive. */
const CORRECTION_HOURS = 30;
/** Share of the shorter title's topic words (titleTopic, mark and function words aside) the other title carries: a correction repeats what the item it corrects said of the company ("SETS PAYOUT" / "RAISES PAYOUT"). */
const CORRECTION_TITLE_SHARE = 0.5;

/** Words before a share class's letter in a title, and after it. */
const SHARE_CLASS = new Set(['class', 'cl', 'series']);
const CLASS_AFTER = new Set(['shares', 'shrs', 'stock']);

/** A title's words for correctionOf: whether it carries the mark, its topic (titleTopic) without the mark and function words, and the single letters of its topic (share classes). */
function correctionWords(title: string): { marked: boolean; words: string[]; letters: string } {
  const marked = title.search(CORRECTION) >= 0;
  const topic = titleTopic(title.replace(CORRECTION, ' '));
  // a share class's letter, read before function words go: the "A" of "CLASS A" or "A SHARES" ("SEES A RISE" holds an article)
  const letters = topic.filter((w, i) => w.length === 1 && (SHARE_CLASS.has(topic[i - 1] ?? '') || CLASS_AFTER.has(topic[i + 1] ?? ''))).sort().join(' ');
  // a company form ("UNIT", "GROUP") says nothing of what the item tells: "USX <X> UNIT SELLS ASSETS" / "… UNIT TO CLOSE"
  return { marked, words: topic.filter((w) => !isStopword(w) && !NAME_FORMS.has(w)), letters };
}

/**
 * Whether two dated wire items of one outlet sharing wording (besides quotations) are an item and
 * its correction: the later says in its title that it corrects or repeats (CORRECTION) within
 * CORRECTION_HOURS and the earlier does not, their titles carry the same first stock symbol, and
 * half or more of the shorter title's topic (titleTopic: the company's name and symbols aside) is
 * in the other, with the same single letters (a share class: "CLASS B PAYOUT" does not correct
 * "CLASS A PAYOUT") — "MANHATTAN NATIONAL CORP <MLC> 4TH QTR LOSS" / "CORRECTED - MANHATTAN
 * NATIONAL CORP <MLC> 4TH" 22.5 hours later; "MARK IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY" /
 * "MARK IV CORRECTS AGREEMENT WITH BAIRD <BATM>". A correction changes figures and may come a day
 * later, so neither the edition gap nor changed figures make it a second edition; its wording is
 * the story's, however formulaic. The company's other notices of those days say other things
 * ("CORRECTED - MOBIL <MOB> TO UPGRADE REFINERY UNIT" / "MOBIL <MOB> UNIT NAMES GROUP PRESIDENT").
 */
export function correctionOf(A: Doc, B: Doc, passages: readonly Pick<Passage, 'kind'>[]): boolean {
  const ta = wireTitle(A.title);
  const tb = wireTitle(B.title);
  if (ta === undefined || tb === undefined || !passages.some((x) => x.kind !== 'quote')) return false;
  const ca = correctionWords(ta);
  const cb = correctionWords(tb);
  if (ca.marked === cb.marked || !wiresWithin(A, B, CORRECTION_HOURS)) return false;
  const [item, fix] = ca.marked ? [B, A] : [A, B];
  if (parseDate(fix.publishedAt as string) <= parseDate(item.publishedAt as string)) return false;
  if (!sameFirstSymbol(ta, tb) || ca.letters !== cb.letters) return false;
  const [short, long] = ca.words.length <= cb.words.length ? [ca.words, new Set(cb.words)] : [cb.words, new Set(ca.words)];
  return short.length > 0 && short.filter((w) => long.has(w)).length >= CORRECTION_TITLE_SHARE * short.length;
}

// ---- a deal enlarged ----

/** Hours within which an issue is reported enlarged ("the eurobond issued yesterday … has been raised to 75 mln"): a day (every such pair of the archive is 23 hours apart or less). */
const RAISED_HOURS = 24;
/** Characters of the later item's opening within which it says the deal was enlarged. */
const RAISED_REACH = 400;
/**
 * "has been raised to (a total of) 75 mln (U.S.) dlrs from (an original) 60 mln": the new amount
 * and the old one (a full stop only after a capital, as in "U.S.", inside the clause).
 */
const RAISED = /\b(?:raised|increased|upped|enlarged|lifted)\s+to\s+(?:a\s+total\s+of\s+)?([\d.,]*\d)\s+(?:mln|billion)\b(?:[^.]|(?<=\b[A-Z])\.)*?\bfrom\s+(?:an?\s+|the\s+)?(?:original\s+|initial\s+|planned\s+|proposed\s+)?([\d.,]*\d)\s+(mln|billion)\b/i;
/** What the enlarged sentence must be about: a deal, not revenue, a rate or a forecast. */
const DEAL_NOUN = /\b(?:issues?|bonds?|eurobonds?|convertibles?|notes|offerings?|facility|facilities|programm?e|loans?|debentures|placement)\b/i;

/**
 * Whether the later of two dated wire items within RAISED_HOURS reports the earlier one's deal
 * enlarged: its opening says a deal (DEAL_NOUN) was raised to a new amount from an old one
 * (RAISED), naming before it only rare names the earlier item carries, one of them in the earlier
 * item's title (its issuer: "The amount of a eurobond issued yesterday by Walt Disney Co Ltd has
 * been raised …"); the earlier item names that old amount ("60 MLN" in its title or "60 mln" in
 * its text); and the two share a deal term besides the two amounts (dealTerm: a coupon, a price)
 * and a rare name of both titles (sharedTitleName): "WALT DISNEY ISSUES 60 MLN AUS DLR EUROBOND" /
 * "WALT DISNEY INCREASES EUROBOND TO 75 MLN AUST DLRS", 21 hours later. One deal told again, the
 * next morning too, though its amount changed: the edition gap does not part them. Another
 * issuer's enlarged bond (on the same coupon, in the same currency sector) names another issuer;
 * the same issuer's other bond shares no term but the amounts; a company's revenue "increased to
 * 75 mln from 60 mln" is no deal.
 */
export function dealEnlarged(A: Doc, B: Doc, slots: SlotFilter | undefined): boolean {
  if (slots === undefined || !wiresWithin(A, B, RAISED_HOURS)) return false;
  const [first, later] = parseDate(A.publishedAt as string) <= parseDate(B.publishedAt as string) ? [A, B] : [B, A];
  const m = RAISED.exec(later.text.slice(0, RAISED_REACH));
  if (m === null) return false;
  const sentence = later.text.slice(sentenceStart(later.text, m.index, 0), m.index);
  if (!DEAL_NOUN.test(sentence) || !namesItsIssuer(sentence, first, slots)) return false;
  const old = new RegExp(`(?:^|[^\\d.,])${m[2]!.replace(/[.]/g, '\\.')}\\s+${m[3]}\\b`, 'i');
  if (!old.test(first.text) && !old.test(wireTitle(first.title) ?? '')) return false;
  const amounts = new Set([m[1]!, m[2]!]);
  const whole = [{ a: { start: 0, end: A.text.length }, b: { start: 0, end: B.text.length } }];
  return sharedSlotWords(A.text, B.text, whole, (w) => dealTerm(w) && !amounts.has(w)).size > 0 && sharedTitleName(A, B, slots);
}

/** Words that make a state's or a company's name formal ("the Republic of Austria", "Walt Disney Co Ltd"): no other issuer's name. */
const ISSUER_FORMS: ReadonlySet<string> = new Set([...NAME_FORMS, 'ltd', 'republic', 'kingdom', 'state', 'government', 'province', 'city']);

/**
 * Whether the rare names a sentence gives before saying a deal was enlarged are all the earlier
 * item's, a name's formal words (ISSUER_FORMS) and the sentence's first word (any sentence's
 * capital: "Today's dollar convertible eurobond for Federal Realty Investment Trust") aside, and
 * one of them, the first word included, is in the earlier item's title (its issuer).
 */
function namesItsIssuer(sentence: string, first: Doc, slots: SlotFilter): boolean {
  const opening = /^\s*\S+/.exec(sentence)?.[0].length ?? 0;
  const rare = (from: number, to: number): string[] =>
    slotWords(sentence, { start: from, end: to })
      .filter((w) => !isTitleFigure(w) && !numberWord(w) && !isStopword(w) && !ISSUER_FORMS.has(w) && slots(w))
      .flatMap(nameParts);
  const lead = rare(0, opening);
  const rest = rare(opening, sentence.length);
  const carried = new Set(slotWords(first.text, { start: 0, end: first.text.length }).flatMap(nameParts));
  const titled = new Set(titleWords(wireTitle(first.title) ?? '').flatMap(nameParts));
  return rest.every((w) => carried.has(w) || titled.has(w)) && [...lead, ...rest].some((w) => titled.has(w));
}

// ---- a notice sent again in other words ----

/**
 * Hours within which one company's notice is sent again with its dates written another way. Above
 * TOLD_HOURS (the edition gap) as correctionOf's window is: the figures must all be the same, so
 * the company's next edition of a recurring notice (other dates) is never taken for it; Medtronic's
 * notice came again 21 hours later.
 */
const NOTICE_AGAIN_HOURS = 24;
/** Figures a notice carries at least, years aside (an amount, a pay day, a record day), to be known again by them. */
const NOTICE_AGAIN_FIGURES = 3;

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** Days in each month at most. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A month's name, capitalised, whole or cut ("March", "Mar.", "Sept", "APRIL"; not "may" the verb, nor "Mayor"), as its number (1–12). */
function monthOf(w: string): number | undefined {
  if (!/^[A-Z]/.test(w)) return undefined;
  const x = w.toLowerCase().replace(/\.$/, '');
  if (x.length < 3) return undefined;
  const i = MONTH_NAMES.findIndex((n) => n.startsWith(x) || (x === 'sept' && n === 'september'));
  return i < 0 ? undefined : i + 1;
}
const SPELT: ReadonlyMap<string, number> = new Map(
  ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'].map((w, i) => [w, i + 1] as const),
);
/** A number written in digits (an ordinal's suffix aside: "1st") or spelt up to thirty-nine ("one", "twenty-one", "thirty"), as its value. */
function smallNumber(w: string): number | undefined {
  const x = w.toLowerCase();
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(x);
  if (digits) return Number(digits[1]);
  const [tens, unit] = x.split('-');
  const base = tens === 'twenty' ? 20 : tens === 'thirty' ? 30 : 0;
  if (unit === undefined) return SPELT.get(x) ?? (base > 0 ? base : undefined);
  const u = SPELT.get(unit);
  return base > 0 && u !== undefined && u < 10 ? base + u : undefined;
}
/** A year written in digits ("1987"): no figure a notice sent again is known by (one sending may write it, the other not). */
const YEAR = /^(?:19|20)\d\d$/;

/**
 * The figures of a notice read alike however it writes them: a month's name with a day right
 * before it ("1 May", "1st May") or, else, right after it ("May One", "May 1st") as one date
 * (`date:5-1`; a day the month cannot have is none), an amount under ten spelt out ("five cts") as
 * its digits, years left out, every other figure as written; sorted, with the count of dates.
 */
export function noticeFigures(text: string): { figures: string[]; dates: number } {
  const words = text.match(/[A-Za-z]+(?:-[A-Za-z]+)*\.?|\d+(?:st|nd|rd|th)\b|\d[\d,./-]*\d|\d/g) ?? [];
  const figures: string[] = [];
  const used = new Set<number>();
  let dates = 0;
  const day = (m: number, k: number): number | undefined => {
    if (k < 0 || k >= words.length || used.has(k)) return undefined;
    const d = smallNumber(words[k]!);
    return d !== undefined && d >= 1 && d <= MONTH_DAYS[m - 1]! ? d : undefined;
  };
  words.forEach((w, i) => {
    const m = monthOf(w);
    if (m === undefined) return;
    const k = [i - 1, i + 1].find((x) => day(m, x) !== undefined);
    if (k === undefined) return;
    figures.push(`date:${m}-${day(m, k)}`);
    used.add(i).add(k);
    dates++;
  });
  words.forEach((w, i) => {
    if (used.has(i) || YEAR.test(w)) return;
    if (/^\d/.test(w)) figures.push(w.replace(/(?:st|nd|rd|th)$/, ''));
    else {
      const n = smallNumber(w);
      if (n !== undefined && n < 10 && !/-/.test(w)) figures.push(String(n));
    }
  });
  return { figures: figures.sort(), dates };
}

/**
 * Whether two short wire items of one listed company (the same first symbol) within
 * NOTICE_AGAIN_HOURS, sharing wording besides quotes, carry the same figures — NOTICE_AGAIN_FIGURES
 * or more, one a date at least — once they are read alike (noticeFigures): one notice sent again
 * with its dates written another way ("LINCOLN NATIONAL CORP <LNC> VOTES DIVIDEND": "Qtly div 54
 * cts vs 54 cts prior qtr Pay 1 May Record 10 April" / "… <LNC> SETS QUARTERLY": "… Pay May One
 * Record April 10"). The company's next quarter's notice has other dates; its preferred or other
 * class's dividend, another amount ("five cts" / "four cts").
 */
export function noticeSentAgain(A: Doc, B: Doc, passages: readonly Pick<Passage, 'kind'>[]): boolean {
  if (!shortItems(A.text, B.text) || !wiresWithin(A, B, NOTICE_AGAIN_HOURS)) return false;
  if (!sameFirstSymbol(A.title, B.title) || !passages.some((x) => x.kind !== 'quote')) return false;
  const fa = noticeFigures(A.text);
  const fb = noticeFigures(B.text);
  if (fa.dates === 0 || fa.figures.length < NOTICE_AGAIN_FIGURES || fa.figures.length !== fb.figures.length) return false;
  return fa.figures.every((f, i) => f === fb.figures[i]);
}

// ---- one company's results sent again under the same title ----

/** Hours within which one company's results sent again under the same title are the same results (a correction, the operating figures). */
const RESULTS_AGAIN_HOURS = 3;
/** What a title says of its company (titleTopic) when it is about its results ("… 4TH QTR NET", "… YEAR LOSS", "… FEBRUARY SALES RISE"; not "PROFIT TECHNOLOGY INC <PRTE> SETS QUARTERLY"). */
const RESULTS_TITLE = /\b(?:NET|LOSS|PROFITS?|EARNINGS|RESULTS|REVENUES?|SALES)\b/i;

/**
 * Whether two wire items within RESULTS_AGAIN_HOURS carry the same title, word for word, about one
 * listed company's results (its symbol, and a results word after it: RESULTS_TITLE) and share wording besides quotes: the same
 * results sent again — corrected ("LIFE OF INDIANA CORP <LIFI> 4TH QTR LOSS": "Shr loss two cts",
 * then "Shr loss 19 cts" 74 minutes later) or as operating figures (Academy Insurance's "Oper net
 * profit 435,000" 25 minutes after its "Net profit 1,666,000"). A company reports one period's
 * results once; its dividend notices, whose common and preferred issues may share a title on one
 * day, are no results.
 */
export function resultsSentAgain(A: Doc, B: Doc, passages: readonly Pick<Passage, 'kind'>[]): boolean {
  const ta = wireTitle(A.title);
  const tb = wireTitle(B.title);
  if (ta === undefined || tb === undefined || !wiresWithin(A, B, RESULTS_AGAIN_HOURS)) return false;
  const same = (t: string): string => t.replace(/\s+/g, ' ').trim().toUpperCase();
  if (same(ta) !== same(tb) || titleSymbols(ta).length === 0 || !RESULTS_TITLE.test(titleTopic(ta).join(' '))) return false;
  return passages.some((x) => x.kind !== 'quote');
}

/** Whether a title marks its item as a correction, re-send or update (RESEND). */
const resent = (d: Doc): boolean => RESEND.test(wireTitle(d.title) ?? '');

// ---- an item and another that names its company's symbol ----

/** Characters after a company's symbol within which the entry's shared wording starts. */
const ENTRY_REACH = 200;
/** A stock symbol in a text: "<GLD>", or in capitals in brackets, "(GLD)" (not a list's "(a)" or "(f)"). */
const TEXT_SYMBOL = /<([A-Za-z0-9.]{1,12})>|\(([A-Z][A-Z0-9.]{1,11})\)/g;

/**
 * Whether, of two dated wire items within TOLD_HOURS, one whose title names no symbol (a digest,
 * a roundup, another company's story) carries the other's entry: the other's title is about one
 * listed company (its first symbol), the first names that symbol in its text ("Gould Inc (GLD) -
 * Offering of two mln shares of convertible exchangeable preferred stock through First Boston
 * Corp and Kidder, Peabody and Co Inc", in "PROPOSED OFFERINGS RECENTLY FILED WITH THE SEC"), and
 * a passage the two share starts within ENTRY_REACH characters after it, before any other symbol.
 */
export function digestEntry(A: Doc, B: Doc, passages: readonly Pick<Passage, 'a' | 'b' | 'kind'>[]): boolean {
  if (!toldWithin(A, B)) return false;
  const shared = passages.filter((x) => x.kind !== 'quote');
  return carriesEntry(A, B, shared.map((x) => x.b.start)) || carriesEntry(B, A, shared.map((x) => x.a.start));
}

/** Whether `other` (no symbol in its title) names `item`'s first title symbol with a shared passage starting (`starts`, in `other`) within ENTRY_REACH after it, before another symbol. */
function carriesEntry(item: Doc, other: Doc, starts: readonly number[]): boolean {
  const own = titleSymbols(item.title)[0];
  if (own === undefined || wireTitle(other.title) === undefined || titleSymbols(other.title).length > 0) return false;
  const marks = symbolsIn(other);
  return marks.some((m, i) => {
    if (m.symbol !== own) return false;
    const end = Math.min(m.end + ENTRY_REACH, marks[i + 1]?.start ?? Infinity);
    return starts.some((x) => x >= m.end && x < end);
  });
}

/** The symbols a text names (TEXT_SYMBOL; folded as titleSymbols folds them), in order; the first 100,000 characters, read once per document. */
const symbolMemo = new WeakMap<Doc, { symbol: string; start: number; end: number }[]>();
function symbolsIn(d: Doc): { symbol: string; start: number; end: number }[] {
  let out = symbolMemo.get(d);
  if (!out) {
    out = [...d.text.slice(0, 100_000).matchAll(TEXT_SYMBOL)].map((m) => ({ symbol: symbolOf(m[1] ?? m[2]!), start: m.index!, end: m.index! + m[0].length }));
    symbolMemo.set(d, out);
  }
  return out;
}

/** Whether a restored passage reads as copied word for word (align.ts's own cut). */
export const restoredKind = (similarity: number): 'verbatim' | 'rewritten' => (similarity >= VERBATIM_SIMILARITY ? 'verbatim' : 'rewritten');
