/**
 * The publishing gate: a draft checked against an index (in memory or stored), its reused words
 * attributed to their original holders, credited or not.
 */
import { attributionsWith, carriedAgencies, credits, itemCreditsWith, type Attribution } from '../attribution/extract.js';
import { creditedByItem } from '../attribution/items.js';
import { builtinGazetteer, Gazetteer, sourceProblems, type SourceEntry } from '../attribution/gazetteer.js';
import { tokenRange } from '../compare/closeness.js';
import { countedAsTemplate, isCounted, isNaming } from '../compare/template.js';
import type { AlignOptions, AlignText, Passage } from '../compare/align.js';
import { parseDate, sourceRank, type Doc } from '../doc.js';
import { mergeSpans, type Span } from '../text/boilerplate.js';
import { coveredChars } from '../text/sentences.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { formulaItems } from '../provenance/relations.js';
import { markFormulaAmongMatches, markFormulaShapes } from './check-formula.js';
import { markLoneGenericClause } from './check-stock.js';
import { alignMatches, CorpusIndex, queryDoc, type Match, type QueryOptions } from './index.js';
import type { StoredCorpusIndex } from './persistent.js';
import { draftShapes, type DraftShapes } from './shapes.js';

export interface DraftSource {
  id: string;
  title?: string;
  outlet?: string;
  url?: string;
  /**
   * Share of the draft's words attributed to this source: each reused word goes to the original
   * among the indexed documents that hold it (earliest, then official text and wire copy first,
   * then the closest match), so a later copy of a wire story never claims the wire's words.
   */
  share: number;
  /** Whether the draft credits this source's outlet. */
  credited: boolean;
  /** `original`: the source holds words no earlier holder has; `copy`: every word it shares with the draft is held by an earlier original. */
  role: 'original' | 'copy';
  /** For a copy: the original it repeats (the holder the draft's words are attributed to). */
  copyOf?: string;
  passages: (Passage & { draftText: string; sourceText: string })[];
}

export interface DraftReport {
  /** Words in the draft (boilerplate left out). */
  tokens: number;
  /** Share of the draft's words inside reused passages (quotes, templates and stock phrases left out). */
  reusedShare: number;
  /**
   * Share of the draft's words reused without credit: words whose original holders' outlets the
   * draft credits nowhere (crediting the wire a passage came from credits it, whatever later
   * copies are indexed), and that are not the draft's own outlet's earlier copy.
   */
  uncreditedShare: number;
  sources: DraftSource[];
  attributions: Attribution[];
}

export interface CheckOptions {
  align?: AlignOptions;
  /** Most sources to consider, best first. Default 50. */
  limit?: number;
  /** Outlets the draft credits outside its text (a CMS's credit field): names, aliases or gazetteer ids. */
  credits?: readonly string[];
  /**
   * Outlets and their spellings beyond the built-in gazetteer (as analyze's `sources`): the
   * draft's credits are read with them ("according to the Planet" credits an indexed outlet
   * "Daily Planet" given `{ id: 'planet', name: 'Daily Planet', kind: 'outlet', aliases: ['Planet', 'Daily Planet'] }`),
   * and so are `credits` and the outlets of the draft and its matches.
   */
  sources?: readonly SourceEntry[];
  /** Verify every LSH band hit (see QueryOptions.allBandHits). Default false. */
  allBandHits?: boolean;
}

/**
 * The newsroom check: how much of a draft is reused, from which indexed sources, credited
 * or not, with every passage and its spans in both texts.
 *
 * @example
 * const report = checkDraft(draftText, index);
 * if (report.uncreditedShare > 0.1) console.log('uncredited reuse:', report.sources.filter((s) => !s.credited));
 */
export function checkDraft(draft: Doc | string, index: CorpusIndex, opts?: CheckOptions): DraftReport;
export function checkDraft(draft: Doc | string, index: StoredCorpusIndex, opts?: CheckOptions): Promise<DraftReport>;
export function checkDraft(draft: Doc | string, index: CorpusIndex | StoredCorpusIndex, opts: CheckOptions = {}): DraftReport | Promise<DraftReport> {
  const stored = (index as { kind?: string } | null)?.kind === 'stored';
  if (!stored && !(index instanceof CorpusIndex)) throw new WiretraceError('E_INPUT', 'checkDraft', 'index must be a CorpusIndex or an index from openCorpusIndex');
  const c = new OptionChecker('checkDraft');
  c.known(opts, ['align', 'limit', 'credits', 'allBandHits', 'sources']);
  c.check(opts.credits === undefined || (Array.isArray(opts.credits) && opts.credits.every((x) => typeof x === 'string')), `credits must be an array of outlet names`);
  if (opts.sources !== undefined) for (const p of sourceProblems(opts.sources)) c.check(false, p);
  c.done();
  const gazetteer = opts.sources?.length ? new Gazetteer(opts.sources) : builtinGazetteer();
  const extra = opts.credits ?? [];
  const queryOptions: QueryOptions = { limit: opts.limit ?? 50, ...(opts.allBandHits === true ? { allBandHits: true } : {}) };
  // the draft is prepared for alignment once, for the passages and for the report
  const report = (d: Doc, shapes: DraftShapes, variants: Uint8Array, matches: Match[]): DraftReport => {
    const dp = alignMatches(d.text, matches, opts.align, index, 'checkDraft');
    markFormulaAmongMatches(d.text, dp, matches);
    markFormulaShapes(shapes, variants, matches, index.params);
    markFormulaMatches(d, matches, gazetteer);
    const credit = creditsOf(d, matches, extra, gazetteer);
    const creditsAny = credit.attributions.length > 0 || extra.length > 0 || d.outlet !== undefined;
    markLoneGenericClause(d, dp, matches, credit.credited.map((c) => !c), creditsAny && matches.length >= queryOptions.limit!);
    return draftReport(d, matches, dp, credit);
  };
  if (stored) {
    const ix = index as StoredCorpusIndex;
    return (async () => {
      const d = queryDoc(draft, 'checkDraft');
      const shapes = draftShapes(d.text, ix.params);
      const [matches, variants] = await Promise.all([ix.query(d, queryOptions), ix.shapeVariants(shapes.list)]);
      return report(d, shapes, variants, matches);
    })();
  }
  const ix = index as CorpusIndex;
  const d = queryDoc(draft, 'checkDraft');
  const shapes = draftShapes(d.text, ix.params);
  return report(d, shapes, ix.shapeVariants(shapes.list), ix.query(d, queryOptions));
}

/**
 * A wire draft and an item of its own outlet that are one formula told twice (formulaItems: the
 * next edition of a daily report, another issuer's notice on the same terms) share a template, not
 * wording: their passages are `template` here as in `analyze`, and so are other outlets' passages
 * over the same words of the draft (another outlet's copy of the last edition holds the formula,
 * not the draft's story; the outlet's own items are judged one by one: the same day's item re-sent
 * is the draft's wording). Only for a draft given as a document with its kind and outlet (and its
 * date, for the rules that compare dates); the rules that need the whole corpus (its informative
 * names, the titles it carries on many days) are not applied.
 */
function markFormulaMatches(d: Doc, matches: Match[], gazetteer: Gazetteer): void {
  if (d.kind !== 'wire' || d.outlet === undefined) return;
  const input = { gazetteer };
  const formula: Span[] = [];
  for (const m of matches) {
    const passages = m.passages ?? [];
    if (!passages.some(isCounted) || !formulaItems(passages, d, m.doc, input)) continue;
    for (const x of passages) if (isCounted(x)) formula.push(x.a);
    m.passages = countedAsTemplate(passages);
  }
  if (formula.length === 0) return;
  const spans = mergeSpans(formula);
  for (const m of matches) {
    if (sameOutlet(m.doc, d, gazetteer)) continue; // the outlet's own items were judged one by one
    // at least half of the passage inside the formula's words
    m.passages = countedAsTemplate(m.passages ?? [], (x) => 2 * coveredChars(spans, x.a.start, x.a.end) >= x.a.end - x.a.start);
  }
}

/**
 * Whether holder i plainly came before holder j, for the matches' documents: an earlier date,
 * else a higher source rank (official, wire). Dates are parsed once per match, not per word.
 */
function beforeOf(matches: readonly Match[]): (i: number, j: number) => boolean {
  const time = matches.map((m) => (m.doc.publishedAt ? parseDate(m.doc.publishedAt) : NaN));
  const rank = matches.map((m) => sourceRank(m.doc));
  return (i, j) => {
    const ti = time[i]!;
    const tj = time[j]!;
    if (!Number.isNaN(ti) && !Number.isNaN(tj) && ti !== tj) return ti < tj;
    return rank[i]! > rank[j]!;
  };
}

/** The original holders among a word's holders (no other holder came plainly before), once per distinct set of holders. */
function originalsOf(matches: readonly Match[]): (hs: Int32Array) => number[] {
  const before = beforeOf(matches);
  const known = new Map<string, number[]>();
  return (hs) => {
    const key = hs.join(',');
    let out = known.get(key);
    if (out === undefined) {
      out = [...hs].filter((i) => !hs.some((j) => j !== i && before(j, i)));
      known.set(key, out);
    }
    return out;
  };
}

/** For each draft word: the matches whose counted passages cover it (in match order). */
function holdersOfWords(dp: AlignText, matches: readonly Match[]): Int32Array[] {
  const n = dp.tokens.ids.length;
  const lists: number[][] = Array.from({ length: n }, () => []);
  matches.forEach((m, mi) => {
    for (const p of m.passages ?? []) {
      if (!isCounted(p)) continue;
      const [from, to] = tokenRange(dp, p.a);
      for (let k = from; k < to; k++) lists[k]!.push(mi);
    }
  });
  return lists.map((l) => Int32Array.from(l));
}


interface Credits {
  /** The draft's attributions. */
  attributions: Attribution[];
  /** Per match: whether the draft credits its outlet (in its text or in `extraCredits`), or is the same outlet's. */
  credited: boolean[];
}

function creditsOf(d: Doc, matches: readonly Match[], extraCredits: readonly string[], gazetteer: Gazetteer): Credits {
  const attributions = attributionsWith(d.text, gazetteer, true);
  const items = itemCreditsWith(d.text, gazetteer);
  const extra = new Set(extraCredits.map((x) => outletId(x, gazetteer)));
  const direct = (m: Match): boolean => m.doc.outlet !== undefined && (credits(attributions, m.doc.outlet, gazetteer) || extra.has(outletId(m.doc.outlet, gazetteer)) || sameOutlet(m.doc, d, gazetteer));
  // a match that says it carries an agency's copy is credited by crediting the agency: read only
  // when the draft credits a known outlet (in its text or its credits), the agencies being the gazetteer's
  const namesOutlets = extra.size > 0 || attributions.some((a) => a.canonical !== null);
  // the agencies a match says it carries, read once per match (carried and item credits both ask)
  const carriedBy = (m: Match): string[] => carriedAgencies(attributionsWith(m.doc.text, gazetteer, true));
  const carried = (m: Match, agencies: () => string[]): boolean => namesOutlets && agencies().some((id) => extra.has(id) || credits(attributions, id, gazetteer));
  // a credit line closing the item that holds the passages the draft shares with the match (a news-in-brief page's "(Reuters)" or "YONHAP" under one item)
  // (or without a sentence of another item that only names the same people as the match: isNaming, test5 m06)
  const item = (m: Match, agencies: () => string[]): boolean => {
    if (items.length === 0 || m.doc.outlet === undefined) return false;
    const ids = new Set([outletId(m.doc.outlet, gazetteer), ...agencies()]);
    const credited = (xs: readonly Passage[]): boolean => creditedByItem(d.text, items, ids, xs.map((x) => x.a), xs.filter(isCounted).map((x) => x.a));
    const all = m.passages ?? [];
    return credited(all) || credited(all.filter((x) => !isNaming(d.text, m.doc.text, x)));
  };
  const credited = matches.map((m) => {
    let read: string[] | undefined;
    const agencies = (): string[] => (read ??= carriedBy(m));
    return direct(m) || carried(m, agencies) || item(m, agencies);
  });
  return { attributions, credited };
}

/**
 * The draft report from matches aligned with the draft (`dp`: the draft prepared for alignment).
 * Each reused word is attributed to its original holder (no other holder of it came plainly
 * before); it is credited when the draft credits the outlet of any original holder of it, or when
 * the original is the draft's own outlet's earlier copy.
 */
function draftReport(d: Doc, matches: readonly Match[], dp: AlignText, { attributions, credited }: Credits): DraftReport {
  const n = dp.tokens.ids.length;
  const holders = holdersOfWords(dp, matches);
  const originalsAmong = originalsOf(matches);
  const claimed = new Float64Array(matches.length);
  const originalWords = new Float64Array(matches.length);
  const copyOf = new Map<number, Map<number, number>>();
  let reused = 0;
  let uncredited = 0;
  for (let k = 0; k < n; k++) {
    const hs = holders[k]!;
    if (hs.length === 0) continue;
    reused++;
    const originals = originalsAmong(hs);
    // attributed to the first original in match order (the closest match among them)
    const owner = originals[0]!;
    claimed[owner] = claimed[owner]! + 1;
    for (const i of originals) originalWords[i] = originalWords[i]! + 1;
    for (const i of hs) {
      if (originals.includes(i)) continue;
      const c = copyOf.get(i) ?? new Map<number, number>();
      c.set(owner, (c.get(owner) ?? 0) + 1);
      copyOf.set(i, c);
    }
    if (!originals.some((i) => credited[i])) uncredited++;
  }
  const sources: DraftSource[] = [];
  matches.forEach((m, i) => {
    if (!(m.passages ?? []).some(isCounted)) return;
    const role = originalWords[i]! > 0 ? 'original' : 'copy';
    const s: DraftSource = {
      id: m.id,
      share: n === 0 ? 0 : round(claimed[i]! / n),
      credited: credited[i]!,
      role,
      passages: (m.passages ?? []).map((p) => ({ ...p, draftText: d.text.slice(p.a.start, p.a.end), sourceText: m.doc.text.slice(p.b.start, p.b.end) })),
    };
    if (role === 'copy') {
      const best = [...(copyOf.get(i) ?? [])].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0];
      if (best) s.copyOf = matches[best[0]]!.id;
    }
    if (m.doc.title) s.title = m.doc.title;
    if (m.doc.outlet) s.outlet = m.doc.outlet;
    if (m.doc.url) s.url = m.doc.url;
    sources.push(s);
  });
  return {
    tokens: n,
    reusedShare: n === 0 ? 0 : round(reused / n),
    uncreditedShare: n === 0 ? 0 : round(uncredited / n),
    sources: sources.sort((x, y) => y.share - x.share || (x.role === y.role ? 0 : x.role === 'original' ? -1 : 1) || (x.id < y.id ? -1 : 1)),
    attributions,
  };
}

function outletId(name: string, gazetteer: Gazetteer): string {
  return gazetteer.resolve(name)?.id ?? name.trim().toLowerCase();
}

function sameOutlet(a: Doc, b: Doc, gazetteer: Gazetteer): boolean {
  return a.outlet !== undefined && b.outlet !== undefined && outletId(a.outlet, gazetteer) === outletId(b.outlet, gazetteer);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
