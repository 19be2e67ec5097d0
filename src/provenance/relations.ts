import { credits, type Attribution } from '../attribution/extract.js';
import { creditedParagraphs, isStoryCredit } from './credit-scope.js';
import { countedAsTemplate, figuresChanged, figuresOwn, housePhrase, isCounted, NAMING_PLAIN_WORDS, sharedPlainWords, shortItems, subjectsDiffer, type SlotFilter } from '../compare/template.js';
import type { Passage } from '../compare/align.js';
import { parseDate, type Doc } from '../doc.js';
import { mergeSpans, type Span } from '../text/boilerplate.js';
import { coveredChars, findQuotes } from '../text/sentences.js';
import type { DirectionBasis, Confidence, GraphInput, PairAnalysis } from './graph.js';
import { clockEditions, companiesDiffer, entitiesSwapped, entityTitles, figureEditions, isTitleFigure, RESEND, titleFrames, titleWords, withinHours, type TitleFrames } from './titles.js';

/** How a pair is treated before sourcing: `reuse` and `duplicates` pairs take part in it. */
export type PairClass = 'template' | 'shared-quote' | 'quotes' | 'version' | 'same-outlet' | 'duplicates' | 'reuse' | 'skip';

export interface Direction {
  from: string;
  to: string;
  basis: DirectionBasis;
  confidence: Confidence;
}

export function time(d: Doc): number | undefined {
  if (!d.publishedAt) return undefined;
  const t = parseDate(d.publishedAt);
  return Number.isNaN(t) ? undefined : t;
}

/** The outlet's gazetteer id, else its name folded; undefined without an outlet. */
export function outletKey(d: Doc, input: Pick<GraphInput, 'gazetteer'>): string | undefined {
  if (!d.outlet) return undefined;
  return input.gazetteer.resolve(d.outlet)?.id ?? d.outlet.trim().toLowerCase();
}

/** Whether two documents come from one outlet (both have one, and it resolves to the same). */
export function sameOutlet(A: Doc, B: Doc, input: Pick<GraphInput, 'gazetteer'>): boolean {
  const oa = outletKey(A, input);
  return oa !== undefined && oa === outletKey(B, input);
}

/** A speaker's own text: an `official` document, or one published by state media the gazetteer knows. */
export function isOfficial(d: Doc, input: GraphInput): boolean {
  if (d.kind === 'official') return true;
  return d.outlet !== undefined && input.gazetteer.resolve(d.outlet)?.kind === 'state-media';
}

/** Source rank of a document's kind: official text, then wire copy, then articles. */
export function kindRank(d: Doc, input: GraphInput): number {
  return isOfficial(d, input) ? 2 : d.kind === 'wire' ? 1 : 0;
}

export function countedTokens(p: PairAnalysis): number {
  let n = 0;
  for (const x of p.passages) if (isCounted(x)) n += x.tokens;
  return n;
}

/**
 * Fewest words of shared rewritten wording, with nothing shared verbatim, that say one text took from
 * the other: a clause (two quoters of one briefing both writing "Russian President Vladimir Putin's
 * present of a car to") is not. Two copies of one wire that each kept a lightly edited part of one
 * paragraph share about as little, and are siblings all the same: the bound stays at a clause.
 */
const PARAPHRASE_WORDS = 12;
/**
 * The same for two agencies' wires: each reports the event itself, and two ledes phrase it alike
 * ("Russian President Vladimir Putin has given North Korean leader Kim Jong Un a Russian-made car").
 * Not for a wire and another text: a paper's reworded lift of a wire's exclusive sentence shares as
 * little (a review).
 */
const WIRES_PARAPHRASE_WORDS = 30;
/** Share of either text the rewritten wording must cover, below those words. */
const PARAPHRASE_SHARE = 0.15;

/**
 * Whether all a pair shares, outside quotations and templates, is wording rewritten alike (no
 * verbatim passage), under `words` words and PARAPHRASE_SHARE of either text (the scenarios: two
 * agencies' wires, two quoters of one briefing, a scraper of a translation and the wire translated).
 */
function weakParaphrase(p: PairAnalysis, words: number): boolean {
  const counted = p.passages.filter(isCounted);
  if (counted.length === 0 || counted.some((x) => x.kind !== 'rewritten')) return false;
  return counted.reduce((n, x) => n + x.tokens, 0) < words && Math.max(p.coverage.a, p.coverage.b) < PARAPHRASE_SHARE;
}

/**
 * Whether all a pair shares is wording rewritten alike, under WIRES_PARAPHRASE_WORDS and
 * PARAPHRASE_SHARE, that names the same people and thing (under NAMING_PLAIN_WORDS other words):
 * "Russian President Vladimir Putin has presented North Korean leader Kim Jong-un with a
 * Russian-made car" beside AP's "… has given … a Russian-made car". Such a naming is no reuse when
 * the sentence is another text's words the document copied (build.ts namingsCopiedElsewhere);
 * alone it may be a paper's reworded lift of a wire's scoop ("… will meet … at Camp David on Aug.
 * 18, two government sources told Yonhap"), which is mostly names too (a review of 3d5692a).
 */
export function namingPair(p: PairAnalysis, A: Doc, B: Doc): boolean {
  const counted = p.passages.filter(isCounted);
  if (counted.length === 0 || counted.some((x) => x.kind !== 'rewritten')) return false;
  if (Math.max(p.coverage.a, p.coverage.b) >= PARAPHRASE_SHARE || countedTokens(p) >= WIRES_PARAPHRASE_WORDS) return false;
  return (sharedPlainWords(A.text, B.text, counted) ?? Infinity) < NAMING_PLAIN_WORDS;
}

/**
 * Whether the quoter of a pair (holding in quotation marks what the other holds unquoted) is an
 * agency's wire that never names the other's outlet: an agency quotes the speaker, not an outlet
 * it does not name, so both carry a third party's words — AFP quoting Seoul's spokesman reading the
 * UN resolution, Reuters paraphrasing the resolution (test8 q10); AFP quoting KCNA's words a paper
 * ran unquoted from Xinhua (test6 n15). Any mention of the outlet keeps the quote, cue or not: "The
 * JoongAng Ilbo … warned in an editorial that" (a review of 3d5692a). (Official texts are sorted
 * before this.)
 */
function agencyQuotingUnnamed([quoter, quoted]: readonly [Doc, Doc], ownOutlet: boolean, input: GraphInput): boolean {
  if (ownOutlet || quoter.kind !== 'wire' || quoted.outlet === undefined) return false;
  return !credits(input.attributions.get(quoter.id) ?? [], quoted.outlet, input.gazetteer) && !namesOutlet(quoter.text, quoted.outlet, input);
}

/**
 * Whether a text names an outlet anywhere: one of its gazetteer aliases, its name as written
 * (without "The"), or a distinctive word of that name written with its capital ("the Yomiuri
 * daily" for The Yomiuri Shimbun, "Britain's Guardian newspaper": a review of 94e00f0) — not a
 * word of the outlet form or a place (OUTLET_FORM_WORDS: "Times", "Daily", "Korea").
 */
function namesOutlet(text: string, outlet: string, input: Pick<GraphInput, 'gazetteer'>): boolean {
  const name = outlet.trim().replace(/^the\s+/i, '');
  const names = [...(input.gazetteer.resolve(outlet)?.aliases ?? []), name];
  const lower = text.toLowerCase();
  const asWord = (w: string, hay: string): boolean => {
    for (let at = hay.indexOf(w); at >= 0; at = hay.indexOf(w, at + 1)) {
      if (!/[\p{L}\p{N}]/u.test(hay[at - 1] ?? ' ') && !/[\p{L}\p{N}]/u.test(hay[at + w.length] ?? ' ')) return true;
    }
    return false;
  };
  if (names.some((n) => asWord(n.toLowerCase(), lower))) return true;
  const distinctive = name.split(/\s+/).filter((w) => /^\p{Lu}\p{L}{3,}$/u.test(w) && !OUTLET_FORM_WORDS.has(w.toLowerCase()));
  return distinctive.some((w) => asWord(w, text));
}

/**
 * Whether a text names a ministry's office as reporters write it: "Ministry of Foreign Affairs,
 * Republic of Korea" named by "foreign ministry spokesperson Lim Soo-suk", "the Foreign Minister",
 * "the Ministry of Foreign Affairs"; "Ministry of National Defense" by "the defense ministry" (test9
 * r16). Not another country's ("Chinese Foreign Minister Wang Yi", "U.S. Defense Secretary",
 * "Japan's defense minister" when the ministry is Korea's: a review of eb54d98): a country named in
 * the three words before must be the ministry's own. Other official texts are credited as any
 * source is (credits).
 */
export function namesOfficial(text: string, outlet: string): boolean {
  const portfolio = /\bMinistry of (?:the )?(\p{Lu}\p{L}+(?:\s+(?!Affairs\b)\p{Lu}\p{L}+)?)/u.exec(outlet)?.[1];
  if (portfolio === undefined) return false;
  const own = countriesOf(outlet);
  // "Ministry of National Defense": "the defense ministry" too
  for (const p of new Set([portfolio, portfolio.split(/\s+/).at(-1)!])) {
    const w = p.replace(/\s+/g, '\\s+');
    const re = new RegExp(`\\b${w}\\s+minist(?:ry|er)\\b|\\bministry\\s+of\\s+(?:the\\s+)?${w}\\b`, 'giu');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const before = countriesOf(text.slice(Math.max(0, m.index - 40), m.index).split(/\s+/).slice(-4).join(' '));
      if (before.size === 0 || [...before].some((c) => own.has(c))) return true;
    }
  }
  return false;
}

/** Countries named in a text by a name or an adjective the newsroom corpus meets (ids: "kr", "us" …). */
function countriesOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const [id, re] of COUNTRY_WORDS) if (re.test(text)) out.add(id);
  return out;
}
const COUNTRY_WORDS: readonly (readonly [string, RegExp])[] = [
  ['kp', /\b(?:North Korea(?:n|'s)?|DPRK|Pyongyang)\b/u],
  ['kr', /\b(?:(?:South )?Korea(?:n|'s)?|Republic of Korea|ROK|Seoul)\b(?<!North Korea(?:n|'s)?)/u],
  ['us', /\b(?:U\.?S\.?|United States|American|Washington)(?![\p{L}])/u],
  ['cn', /\b(?:China|Chinese|Beijing)\b/u],
  ['jp', /\b(?:Japan(?:ese|'s)?|Tokyo)\b/u],
  ['ru', /\b(?:Russia(?:n|'s)?|Moscow|Kremlin)\b/u],
  ['gb', /\b(?:Britain|British|UK|London)\b/u],
  ['fr', /\b(?:France|French|Paris)\b/u],
  ['de', /\b(?:Germany|German|Berlin)\b/u],
  ['in', /\b(?:India|Indian|New Delhi)\b/u],
];

/** Words of outlets' names that name no one outlet: their form, and the places and scopes they serve. */
const OUTLET_FORM_WORDS: ReadonlySet<string> = new Set([
  'daily', 'times', 'post', 'herald', 'news', 'journal', 'tribune', 'gazette', 'telegraph', 'chronicle', 'observer', 'ilbo', 'shimbun', 'sinmun',
  'broadcasting', 'television', 'radio', 'network', 'agency', 'press', 'review', 'weekly', 'today', 'online', 'media', 'express', 'star', 'sun',
  'mail', 'standard', 'report', 'insider', 'watch', 'monitor', 'digest', 'world', 'global', 'international', 'national', 'asia', 'asian', 'pacific',
  'korea', 'korean', 'japan', 'japanese', 'china', 'chinese', 'north', 'south', 'east', 'west', 'central', 'morning', 'evening', 'economic', 'business',
]);

/**
 * Sorts a pair into what it is before any sourcing: only template or stock wording; a quote both
 * share; one quoting the other's statement; two takes of one wire story; an outlet reusing itself;
 * a duplicate; or reuse to be sourced.
 */
export function classifyPair(p: PairAnalysis, A: Doc, B: Doc, input: GraphInput): PairClass {
  const ownOutlet = sameOutlet(A, B, input);
  // one outlet's items phrasing a fact alike are one outlet's telling (the archive's related items): left to the outlet's rules
  const counted = !ownOutlet && weakParaphrase(p, A.kind === 'wire' && B.kind === 'wire' ? WIRES_PARAPHRASE_WORDS : PARAPHRASE_WORDS) ? 0 : countedTokens(p);
  if (counted === 0) {
    // the words of an official text are common when every outlet quotes them: they are its words all the same, inside the other's quotation marks
    if (isOfficial(A, input) !== isOfficial(B, input) && quotesOfficial(p, A, B, input)) return 'quotes';
    if (p.passages.some((x) => x.kind === 'template' || (x.common && x.kind !== 'quote'))) return 'template';
    // a quotation of common words is a shared quote all the same (the summary counts it as one), never the outlet's own story
    if (p.passages.some((x) => x.common)) return 'shared-quote';
    return ownOutlet && ownQuote(p, A, B) ? (input.skipSameOutlet ? 'skip' : 'same-outlet') : 'shared-quote';
  }
  // --skip-same-outlet drops every pair within one outlet, one quoting the other's words too
  if (ownOutlet && input.skipSameOutlet) return 'skip';
  if (isOfficial(A, input) !== isOfficial(B, input)) return 'quotes';
  const q = p.quotedIn ?? { a: 0, b: 0 };
  if (Math.max(q.a, q.b) >= 0.5 * counted) return agencyQuotingUnnamed(q.a >= q.b ? [A, B] : [B, A], ownOutlet, input) ? 'shared-quote' : 'quotes';
  if (ownOutlet) {
    // takes of one story: one holds most of the other (an update keeps its first take); two stories sharing a background paragraph are not versions
    const take = Math.max(p.coverage.a, p.coverage.b) >= VERSION_COVERAGE;
    return A.kind === 'wire' && B.kind === 'wire' && take && p.jaccard < input.duplicateThreshold ? 'version' : 'same-outlet';
  }
  return p.jaccard >= input.duplicateThreshold ? 'duplicates' : 'reuse';
}

/**
 * Words of an official text another document must hold inside its quotation marks, stock, template
 * or not, for it to be quoting the text: a clause of the statement ("continue to closely monitor
 * cooperation between Russia and North Korea"), not "said in a statement". In a small corpus the
 * statement every outlet quotes is common wording (the scenario review: KCNA's and Yonhap's pair
 * was a template); a quoted clause with a figure is template wording (HS codes 86 to 89), and two
 * fragments of one briefing are often all an outlet quotes (session 21: 12 words, templates aside,
 * missed four blind scenarios' quoters).
 */
const OFFICIAL_WORDS = 8;

/**
 * Whether the non-official one of A and B quotes the official one: OFFICIAL_WORDS of its words
 * inside quotation marks; under OFFICIAL_SENTENCE of them, only when the official text is not dated
 * after the other (a phrase of the military's that a later ministry statement repeats was drawn as
 * quoted from the statement: a review). A whole sentence of a release dated after the reports that
 * quote it is still the release's (KCNA posts its English text late).
 */
function quotesOfficial(p: PairAnalysis, A: Doc, B: Doc, input: GraphInput): boolean {
  const officialA = isOfficial(A, input);
  const [official, other] = officialA ? [A, B] : [B, A];
  const words = quotedOfficialWords(p, other, officialA ? 'b' : 'a');
  if (words < OFFICIAL_WORDS) return false;
  const [to, tx] = [time(official), time(other)];
  return words >= OFFICIAL_SENTENCE || to === undefined || tx === undefined || to <= tx;
}

/** Quoted words of an official text that say it is the source whatever the dates: a sentence of it. */
const OFFICIAL_SENTENCE = 12;

/**
 * Words of a pair's shared passages (templates too) that the non-official side `other` holds
 * inside quotation marks, half a passage's characters or more (a passage may begin a few words
 * before the opening mark: "Kim's sister, Kim Yo-jong, "courteously conveyed …"): a stock
 * background sentence an official text and an article both use is not the article quoting it (a
 * read-only review: a State Department statement published after four articles was drawn as
 * quoted by each). The quotations are the aligner's (findQuotes), read once per document.
 */
function quotedOfficialWords(p: PairAnalysis, other: Doc, side: 'a' | 'b'): number {
  const quotes = quotesOf(other);
  return p.passages.reduce((n, x) => n + (coveredChars(quotes, x[side].start, x[side].end) >= 0.5 * (x[side].end - x[side].start) ? x.tokens : 0), 0);
}

/** A document's quotations (findQuotes), once per document. */
const quotesMemo = new WeakMap<Doc, Span[]>();
function quotesOf(d: Doc): Span[] {
  let q = quotesMemo.get(d);
  if (!q) quotesMemo.set(d, (q = findQuotes(d.text)));
  return q;
}

/** Words of a quotation that two items of one outlet must share for the later to be taking it from the earlier. */
const OWN_QUOTE_TOKENS = 12;
/** Hours within which two items of one outlet sharing a quotation tell one story: a line quoted again weeks later is the speaker's, not the outlet's. */
const OWN_QUOTE_HOURS = 48;

/**
 * Whether two items of one outlet sharing only a quotation share one of OWN_QUOTE_TOKENS words or
 * more, dated within OWN_QUOTE_HOURS: the outlet telling its own story again with the words it
 * reported ("I would say Japan is applying the full court press ... They certainly are putting
 * both feet forward in terms of explaining", in a White House item and its write-through an hour
 * later). Between two outlets, or undated, or days apart, the same words are as likely both taken
 * from the speaker.
 */
function ownQuote(p: PairAnalysis, A: Doc, B: Doc): boolean {
  return withinHours(A, B, OWN_QUOTE_HOURS) && p.passages.some((x) => x.kind === 'quote' && x.tokens >= OWN_QUOTE_TOKENS);
}

/** Share of one wire item that another of its outlet must hold to be a take of the same story. */
const VERSION_COVERAGE = 0.5;

/** Hours between two items of one outlet from which they are two editions, not one story re-sent or corrected. */
const EDITION_HOURS = 20;
const EDITION_MS = EDITION_HOURS * 3_600_000;

/** What formulaItems can use of the corpus besides the two items. */
export interface FormulaCorpus {
  /** The corpus's informative names (for subjectsDiffer and housePhrase). */
  slots?: SlotFilter;
  /** The corpus's titles (titleIndex): without them only the week rule of reportEditions applies. */
  titles?: TitleIndex;
  /** How often the outlet's titles fill a frame (titleFrames): without them no title rule applies. */
  frames?: TitleFrames;
}

/**
 * Whether two wire items of one outlet are one formula told twice:
 * - a day or more apart with figures that changed (two editions of a recurring report), or under
 *   one formula title told with other figures (figureEditions: needs the corpus's titles);
 * - two editions of a report under one title (reportEditions);
 * - with figures mostly their own, whatever their dates (two issuers' notices);
 * - by their titles, with the corpus's titles (`frames`, and the pair's `coverage`): two listed
 *   companies' notices, one notice of two entities, one formula title filled with two entities or
 *   two clock times (titleFormula);
 * - opening with different subjects neither mentions (two companies' notices on the same terms),
 *   or sharing only one short phrase of the outlet's own and nothing of a story (shorter under the
 *   edition gap, where one story's takes carry its sentences; these two need `slots`, the corpus's
 *   informative names).
 * See figuresChanged, figuresOwn, subjectsDiffer and housePhrase. Without `corpus` (a draft checked
 * against an index) only the rules that need nothing but the two items apply.
 */
export function formulaItems(passages: readonly Passage[], A: Doc, B: Doc, input: Pick<GraphInput, 'gazetteer'>, corpus: FormulaCorpus = {}, coverage?: { a: number; b: number }): boolean {
  if (A.kind !== 'wire' || B.kind !== 'wire' || !sameOutlet(A, B, input)) return false;
  // the title rules read the outlet's frames: with the corpus's titles only
  const frames = corpus.frames;
  const outlet = frames === undefined ? undefined : outletKey(A, input);
  if ((editionGap(A, B) || (outlet !== undefined && figureEditions(A, B, outlet, frames!))) && figuresChanged(A.text, B.text, passages)) return true;
  if (reportEditions(passages, A, B, input, corpus.titles) || figuresOwn(A.text, B.text)) return true;
  if (outlet !== undefined && coverage && titleFormula(passages, A, B, outlet, frames!, coverage)) return true;
  const slots = corpus.slots;
  return slots !== undefined && (subjectsDiffer(A.text, B.text, slots) || housePhrase(A.text, B.text, passages, slots, oneEdition(A, B)));
}

/** The title rules (titles.ts): two companies, two entities, two clock times of one formula title. */
function titleFormula(passages: readonly Passage[], A: Doc, B: Doc, outlet: string, frames: TitleFrames, coverage: { a: number; b: number }): boolean {
  if (companiesDiffer(A, B, passages) || clockEditions(A, B, outlet, frames)) return true;
  return entitiesSwapped(A, B, outlet, frames) || entityTitles(A, B, passages, coverage, outlet, frames);
}

/**
 * Relabels the counted passages of formula items (formulaItems) `template`, before the graph is
 * built, and clears the figures that describe counted passages (none are left), so that such a
 * pair reads like any other template pair everywhere. `byId` holds every document of the corpus:
 * the recurring titles and the title frames are counted over all of them.
 */
export function markFormulaItems(pairs: PairAnalysis[], byId: ReadonlyMap<string, Doc>, input: Pick<GraphInput, 'gazetteer'>, slots?: SlotFilter, told: ReadonlySet<PairAnalysis> = new Set()): void {
  const titles = titleIndex(pairs, byId, input);
  const frames = titleFrames(itemPairs(pairs, byId, input), byId.values(), (d) => outletKey(d, input));
  const corpus = { slots, titles, frames };
  for (const p of pairs) {
    if (told.has(p) || !p.passages.some(isCounted) || !formulaItems(p.passages, byId.get(p.a)!, byId.get(p.b)!, input, corpus, p.coverage)) continue;
    p.passages = countedAsTemplate(p.passages);
    p.coverage = { a: 0, b: 0 };
    p.coveredTokens = { a: 0, b: 0 };
    p.verbatimShare = 0;
    p.closeness = { aInB: 0, bInA: 0 };
  }
}

/** The pairs of two wire items of one outlet that share counted wording: the ones the title rules may read. */
function* itemPairs(pairs: readonly PairAnalysis[], byId: ReadonlyMap<string, Doc>, input: Pick<GraphInput, 'gazetteer'>): Iterable<readonly [Doc, Doc]> {
  for (const p of pairs) {
    const A = byId.get(p.a)!;
    const B = byId.get(p.b)!;
    if (A.kind === 'wire' && B.kind === 'wire' && p.passages.some(isCounted) && sameOutlet(A, B, input)) yield [A, B];
  }
}

/** The corpus's titles: each wire item's title key (titleKey, once per document) and whether a key is a recurring report's. */
export interface TitleIndex {
  key(d: Doc): string | undefined;
  recurring(key: string): boolean;
}

/** Distinct days, spread over at least REPORT_WEEK_DAYS, from which a title of one outlet (figures aside) is a recurring report's. */
const RECURRING_DAYS = 3;
/** Days from which two items of one outlet under one title are two editions: a story is re-sent within days. */
const REPORT_WEEK_DAYS = 7;
/** Non-figure words a title needs to name a report (an empty, "(2)" or "---" title names nothing). */
const TITLE_MIN_WORDS = 3;
const DAY_MS = 86_400_000;

/**
 * The titles of the corpus (TitleIndex). A title is a recurring report's when the outlet's wire
 * items carry it on RECURRING_DAYS distinct (UTC) days or more, spread over a week or more
 * ("FED ADDS RESERVES VIA CUSTOMER REPURCHASES", "HOG AND CATTLE SLAUGHTER GUESSTIMATES"): a story
 * re-sent or updated carries its title on a few days in a row. Days are counted over every dated
 * document, only for the titles two items of a pair share.
 */
export function titleIndex(pairs: readonly PairAnalysis[], byId: ReadonlyMap<string, Doc>, input: Pick<GraphInput, 'gazetteer'>): TitleIndex {
  const memo = new Map<string, string | undefined>();
  const key = (d: Doc): string | undefined => {
    if (!memo.has(d.id)) memo.set(d.id, titleKey(d, input));
    return memo.get(d.id);
  };
  const shared = new Set<string>();
  for (const p of pairs) {
    const k = key(byId.get(p.a)!);
    if (k !== undefined && k === key(byId.get(p.b)!)) shared.add(k);
  }
  const days = new Map<string, Set<number>>();
  for (const d of byId.values()) {
    const k = d.kind === 'wire' && d.title !== undefined ? key(d) : undefined;
    const t = k !== undefined && shared.has(k) ? time(d) : undefined;
    if (t === undefined) continue;
    let seen = days.get(k!);
    if (seen === undefined) days.set(k!, (seen = new Set()));
    seen.add(Math.floor(t / DAY_MS));
  }
  const recurring = new Set<string>();
  for (const [k, seen] of days) if (seen.size >= RECURRING_DAYS && spread(seen) >= REPORT_WEEK_DAYS) recurring.add(k);
  return { key, recurring: (k) => recurring.has(k) };
}

/** Largest minus smallest of some numbers. */
function spread(xs: Iterable<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return hi - lo;
}

/**
 * A wire item's outlet and title words with every figure as "#"; none for a correction, repeat
 * or update, or for a title of fewer than TITLE_MIN_WORDS other words. Titles that differ only in
 * their figures share a key ("BOEING 747 …" / "BOEING 767 …").
 */
function titleKey(d: Doc, input: Pick<GraphInput, 'gazetteer'>): string | undefined {
  if (d.kind !== 'wire' || d.title === undefined || RESEND.test(d.title)) return undefined;
  const words = titleWords(d.title).map((w) => (isTitleFigure(w) ? '#' : w));
  if (words.filter((w) => w !== '#').length < TITLE_MIN_WORDS) return undefined;
  const outlet = outletKey(d, input);
  return outlet === undefined ? undefined : `${outlet}\u0000${words.join(' ')}`;
}

/**
 * Two short items (shortItems) that are editions of a report under one title (figures aside):
 * - a week or more apart: a re-sent story comes back within days (27 to 73 hours in the archive's
 *   dev half), the next week's Bundesbank council or Portland grain ships 11 to 21 days later;
 * - when the outlet carries the title on many days (titleIndex), both dated and either 20 hours or
 *   more apart whatever their figures (the Fed's repurchases are often the same 1.5 billion dlrs)
 *   or closer with figures that changed (the 10:30 and the 11:30 grain futures). The same day's
 *   item re-sent keeps its figures.
 * Without `titles` (a draft checked against an index), the week rule alone.
 */
function reportEditions(passages: readonly Passage[], A: Doc, B: Doc, input: Pick<GraphInput, 'gazetteer'>, titles?: TitleIndex): boolean {
  if (!shortItems(A.text, B.text)) return false;
  const key = titles ? titles.key(A) : titleKey(A, input);
  if (key === undefined || key !== (titles ? titles.key(B) : titleKey(B, input))) return false;
  const gap = apart(A, B);
  if (gap === undefined) return false;
  if (gap >= REPORT_WEEK_DAYS * DAY_MS) return true;
  return titles !== undefined && titles.recurring(key) && (gap >= EDITION_MS || figuresChanged(A.text, B.text, passages));
}

/** Milliseconds between two items' publication times; undefined when either is unknown. */
function apart(A: Doc, B: Doc): number | undefined {
  const ta = time(A);
  const tb = time(B);
  return ta === undefined || tb === undefined ? undefined : Math.abs(ta - tb);
}

function editionGap(A: Doc, B: Doc): boolean {
  return (apart(A, B) ?? 0) >= EDITION_MS;
}

/** Both dated and under the edition gap (20 hours): where one story's takes fall, when the two are of one story. */
function oneEdition(A: Doc, B: Doc): boolean {
  const gap = apart(A, B);
  return gap !== undefined && gap < EDITION_MS;
}

const dir = (from: Doc, to: Doc, basis: DirectionBasis, confidence: Confidence): Direction => ({ from: from.id, to: to.id, basis, confidence });

/** Publication times, when both are known and differ. */
function byDate(A: Doc, B: Doc): Direction | undefined {
  const ta = time(A);
  const tb = time(B);
  if (ta === undefined || tb === undefined || ta === tb) return undefined;
  return ta < tb ? dir(A, B, 'date', 'high') : dir(B, A, 'date', 'high');
}

/** A document that credits the other's outlet derives from it; official text and wire copy are sources. */
function byEvidence(A: Doc, B: Doc, input: GraphInput): Direction | undefined {
  const bCreditsA = A.outlet !== undefined && credits(input.attributions.get(B.id) ?? [], A.outlet, input.gazetteer);
  const aCreditsB = B.outlet !== undefined && credits(input.attributions.get(A.id) ?? [], B.outlet, input.gazetteer);
  if (bCreditsA !== aCreditsB) return bCreditsA ? dir(A, B, 'credit', 'medium') : dir(B, A, 'credit', 'medium');
  const ra = kindRank(A, input);
  const rb = kindRank(B, input);
  if (ra !== rb) return ra > rb ? dir(A, B, ra === 2 ? 'official' : 'wire', 'medium') : dir(B, A, rb === 2 ? 'official' : 'wire', 'medium');
  return undefined;
}

/** How far into a text an agency's dateline opens it ("SEOUL, Feb. 20 (Yonhap) --"). */
const DATELINE_OPENS = 120;

/** The agencies (gazetteer ids) whose dateline opens a document that gives no outlet: it is their item. */
function openingDatelines(d: Doc, input: GraphInput): string[] {
  if (d.outlet !== undefined) return [];
  return (input.attributions.get(d.id) ?? []).filter((a) => a.cue === 'dateline' && a.canonical !== null && a.start < DATELINE_OPENS).map((a) => a.canonical!);
}

/**
 * Of two texts whose coverage cannot tell the copy (near duplicates), the one that gives no
 * outlet and opens with an agency's dateline that the other neither names nor is the outlet of is
 * that agency's item, and the other a copy that dropped the dateline (a copy rarely adds one).
 * Low confidence: both may copy the agency. Only when content decides nothing (contentDirection).
 */
export function datelineDirection(A: Doc, B: Doc, input: GraphInput): Direction | undefined {
  const names = (d: Doc): Set<string> => {
    const out = new Set((input.attributions.get(d.id) ?? []).map((a) => a.canonical).filter((x): x is string => x !== null));
    const own = d.outlet !== undefined ? input.gazetteer.resolve(d.outlet)?.id : undefined;
    if (own) out.add(own);
    return out;
  };
  const namedByA = names(A);
  const namedByB = names(B);
  const aOnly = openingDatelines(A, input).some((x) => !namedByB.has(x));
  const bOnly = openingDatelines(B, input).some((x) => !namedByA.has(x));
  if (aOnly === bOnly) return undefined;
  return aOnly ? dir(A, B, 'credit', 'low') : dir(B, A, 'credit', 'low');
}

/** The text more covered by the shared passages is the one built from the other. */
function byCoverage(A: Doc, B: Doc, p: PairAnalysis): Direction {
  const diff = p.coverage.b - p.coverage.a;
  if (Math.abs(diff) >= 0.05) return diff > 0 ? dir(A, B, 'containment', 'low') : dir(B, A, 'containment', 'low');
  return dir(A, B, 'none', 'none');
}

/** Direction of a reuse pair from dates, credit and kind; undefined when none of them decides. */
export function evidenceDirection(A: Doc, B: Doc, input: GraphInput): Direction | undefined {
  return wireStampedLater(A, B, input) ?? byDate(A, B) ?? byEvidence(A, B, input);
}

/**
 * A wire item stamped later than a copy that credits its outlet and shares its words: the wire's
 * stamp is that of a later update of the item the copy ran (a wire page keeps its last update's
 * time), so its date says nothing against any document: the wire is the source of the articles it
 * shares words with that are stamped earlier (the credit, else its kind, decides). Two held-out
 * sets of session 20 drew the copies as the wire's sources by the dates.
 */
function wireStampedLater(A: Doc, B: Doc, input: GraphInput): Direction | undefined {
  const late = lateWires(input);
  if (late.size === 0) return undefined;
  for (const [w, c] of [
    [A, B],
    [B, A],
  ] as const) {
    const since = late.get(w.id);
    if (since === undefined || c.kind === 'wire' || sameOutlet(w, c, input)) continue;
    const tw = time(w);
    const tc = time(c);
    // the crediting copy shows the wire's item existed at its time, not earlier: an article stamped before it is left to the dates
    if (tw === undefined || tc === undefined || tw <= tc || tc < since) continue;
    // a wire that credits the article's outlet took from it
    if (c.outlet !== undefined && credits(input.attributions.get(w.id) ?? [], c.outlet, input.gazetteer)) continue;
    return dir(w, c, w.outlet !== undefined && credits(input.attributions.get(c.id) ?? [], w.outlet, input.gazetteer) ? 'credit' : 'wire', 'medium');
  }
  return undefined;
}

/**
 * The wire items that an earlier-stamped article of another outlet credits, by a credit line or
 * dateline over the words the two share (not a passing "Yonhap reported", nor a brief page's
 * dateline on another item), each with the earliest such article's time (wireStampedLater); made
 * once per input.
 */
function lateWires(input: GraphInput): ReadonlyMap<string, number> {
  let out = lateWireMemo.get(input);
  if (out) return out;
  const byId = new Map(input.docs.map((d) => [d.id, d]));
  const map = new Map<string, number>();
  for (const p of input.pairs) {
    for (const [w, c, side] of [
      [byId.get(p.a)!, byId.get(p.b)!, 'b'],
      [byId.get(p.b)!, byId.get(p.a)!, 'a'],
    ] as const) {
      if (w.kind !== 'wire' || c.kind === 'wire' || w.outlet === undefined || sameOutlet(w, c, input)) continue;
      const tw = time(w);
      const tc = time(c);
      if (tw === undefined || tc === undefined || tw <= tc) continue;
      const shared = p.passages.filter(isCounted).map((x) => x[side]);
      const over = (a: Attribution): boolean => creditedParagraphs(c.text, a).some((q) => shared.some((sp) => sp.start < q.end && q.start < sp.end));
      const lines = (input.attributions.get(c.id) ?? []).filter((a) => isStoryCredit(a, c.text) && over(a));
      if (credits(lines, w.outlet, input.gazetteer)) map.set(w.id, Math.min(map.get(w.id) ?? Infinity, tc));
    }
  }
  lateWireMemo.set(input, (out = map));
  return out;
}

const lateWireMemo = new WeakMap<GraphInput, ReadonlyMap<string, number>>();

/** Direction of a reuse pair when no evidence decides (the lineage rule is applied by the caller first). */
export function contentDirection(A: Doc, B: Doc, p: PairAnalysis): Direction {
  return byCoverage(A, B, p);
}

/** Two takes of one story: dates, else a re-send's service mark, else the take contained in the other (the first take) comes first. */
export function versionDirection(A: Doc, B: Doc, p: PairAnalysis): Direction {
  const d = byDate(A, B) ?? byServiceMark(A, B);
  if (d) return d;
  const cut = cutDown(A, B, p);
  if (cut) return cut;
  const diff = p.coverage.a - p.coverage.b;
  if (Math.abs(diff) >= 0.05) return diff > 0 ? dir(A, B, 'containment', 'low') : dir(B, A, 'containment', 'low');
  return dir(A, B, 'none', 'none');
}

/**
 * A mark a wire puts at the head of a take it sends again ("CORRECTED - ", "(CORRECTED) - ",
 * "(RPT) ", "RPT-", "REFILE-", "UPDATE 2-", "WRAPUP 1-"): in capitals, bracketed or followed by a
 * dash or a colon, so that a headline about an update ("UPDATE ON TALKS", "Repeat: offenders") is
 * none. Marks come in runs ("CORRECTED-UPDATE 2-"); the number of an UPDATE or WRAPUP is captured.
 */
const SERVICE_MARK = /^\s*(?:\((?:CORRECTED|CORRECTION|REFILE|RPT|REPEAT)\)|(?:CORRECTED|CORRECTION|CORRECTS|REFILE|RPT|REPEAT|(?:UPDATE|WRAPUP)\s*(\d+))\s*[-–—:])\s*/;

/**
 * A take's place among the sendings of a story by the run of service marks its title starts
 * with: 0 unmarked; an UPDATE (or WRAPUP) n comes after every earlier one, and a re-sent take (corrected,
 * repeated, refiled) after the take it re-sends: 2n, plus 1 when re-sent ("CORRECTED-UPDATE 2-"
 * after "UPDATE 2-", before "UPDATE 3-").
 */
function serviceRank(d: Doc): number {
  let title = d.title ?? '';
  let update = 0;
  let resent = false;
  for (let m = SERVICE_MARK.exec(title); m; m = SERVICE_MARK.exec(title)) {
    if (m[1] !== undefined) update = Math.max(update, Number(m[1]));
    else resent = true;
    title = title.slice(m[0].length);
  }
  return 2 * update + (resent ? 1 : 0);
}

/** Of two takes of one story, the one its title marks as sent again (or as a later update) came second. */
function byServiceMark(A: Doc, B: Doc): Direction | undefined {
  const ra = serviceRank(A);
  const rb = serviceRank(B);
  if (ra === rb) return undefined;
  return ra < rb ? dir(A, B, 'title', 'medium') : dir(B, A, 'title', 'medium');
}

/** Share of a text's start, and of its end, inside which the head a cut-down keeps begins, and beyond which the tail it drops must reach. */
const CUT_EDGE = 0.1;
/** Share of the kept head that may be unshared (a sentence trimmed inside it). */
const CUT_GAPS = 0.15;
/** Share of the shorter take that the longer must hold. */
const CUT_HELD = 0.8;

/**
 * A take that is the other cut down from the bottom, as a wire re-sends a story for another service
 * (inverted pyramid: the top paragraphs kept, the tail dropped): the shorter is nearly all
 * (CUT_HELD) in the longer, and there it is one head — starting in the longer's first tenth, with
 * few gaps, leaving a tail of a tenth or more. The longer came first. An update adds a new lead or
 * paragraphs inside, so the old text is not one head of it. Dated takes of the 1987 Reuters archive
 * say the later is the shorter in about two thirds of version pairs.
 */
function cutDown(A: Doc, B: Doc, p: PairAnalysis): Direction | undefined {
  const counted = p.passages.filter(isCounted);
  if (counted.length === 0) return undefined;
  // two takes of one length: nothing says which was cut (and the answer must not follow the input order)
  if (A.text.length === B.text.length) return undefined;
  const aLonger = A.text.length > B.text.length;
  const [long, short] = aLonger ? [A, B] : [B, A];
  const head = mergeSpans(counted.map((x) => (aLonger ? x.a : x.b)));
  const held = mergeSpans(counted.map((x) => (aLonger ? x.b : x.a)));
  if (coveredChars(held, 0, short.text.length) < CUT_HELD * short.text.length) return undefined;
  const from = head[0]!.start;
  const to = head[head.length - 1]!.end;
  const gaps = to - from - coveredChars(head, from, to);
  const n = long.text.length;
  if (from >= CUT_EDGE * n || n - to <= CUT_EDGE * n || gaps >= CUT_GAPS * (to - from)) return undefined;
  return dir(long, short, 'containment', 'low');
}

/**
 * An outlet's follow-up and the story it draws on: dates, else the text whose shared passages
 * sit later in it is the follow-up (a follow-up opens with the news and repeats the background).
 */
export function followUpDirection(A: Doc, B: Doc, p: PairAnalysis): Direction {
  const d = byDate(A, B);
  if (d) return d;
  const counted = p.passages.filter(isCounted);
  if (counted.length === 0) return dir(A, B, 'none', 'none');
  const at = (side: 'a' | 'b', len: number): number => counted.reduce((s, x) => s + x[side].start, 0) / counted.length / Math.max(1, len);
  const pa = at('a', A.text.length);
  const pb = at('b', B.text.length);
  if (Math.abs(pa - pb) < 0.05) return dir(A, B, 'none', 'none');
  return pa < pb ? dir(A, B, 'containment', 'low') : dir(B, A, 'containment', 'low');
}

/** Who quotes whom: the official text, else the text that has the words unquoted, is the source. */
export function quoteDirection(A: Doc, B: Doc, p: PairAnalysis, input: GraphInput): Direction {
  const oa = isOfficial(A, input);
  if (oa !== isOfficial(B, input)) return oa ? dir(A, B, 'official', 'high') : dir(B, A, 'official', 'high');
  const q = p.quotedIn ?? { a: 0, b: 0 };
  return q.b >= q.a ? dir(A, B, 'containment', 'medium') : dir(B, A, 'containment', 'medium');
}
