/**
 * Formula wording among a draft's matches. `analyze` tells a formula from a copy with counts over
 * the whole corpus (stock 3-grams, the names many documents use); a draft check sees only the
 * indexed documents that share wording with the draft. Those are enough when they are many
 * instances of one formula: five dividend notices of five companies that all hold the draft's
 * "Qtly div 20 cts vs 20 cts prior", six debt-offering notices that fill "… is raising 75 mln dlrs
 * via an offering of convertible subordinated debentures due 2012 …" with their own issuers and
 * terms. A gate must not pass a copy because the index holds many copies of what it copied, so
 * matches are one source when anything says they copy one text: most of the figures (or names)
 * of one in the other, the draft's words in the same whole sentence of both, or, for the words an
 * official text or a wire holds, being a lower-ranked document that repeats them.
 * The matches are a sample (`limit`, best first): the verdicts can change with it.
 */
import { tokenRange } from '../compare/closeness.js';
import { isCounted, markTemplates, slotWords, type SlotFilter } from '../compare/template.js';
import type { AlignText, Passage } from '../compare/align.js';
import { hasDigit } from '../compare/slots.js';
import { NEAR_COPY, STOCK_DF, STOCK_MAX_TOKENS, STOCK_SHARE } from '../provenance/passages.js';
import { sourceRank } from '../doc.js';
import type { Span } from '../text/boilerplate.js';
import type { Match } from './index.js';
import { shapesShinglesAndProse, type DraftShapes } from './shapes.js';
import { lowerBound } from '../sketch/sort.js';
import type { FingerprintParams } from '../sketch/fingerprint.js';
import { intersectionSize } from '../compare/overlap.js';

/** Share of the smaller list of figures (or names and figures) two matches must have in common to be one source: a copy keeps nearly all it has. */
const ONE_SOURCE = 0.8;
/** Matches (best first) compared with each other: the grouping is quadratic, and a caller may ask for thousands of matches. */
const MAX_COMPARED = 200;

/**
 * The matches' passages with formula wording relabelled: short passages whose draft words are held
 * by STOCK_DF or more independent matches become stock (`common`), and passages that are formula
 * wording once the names that STOCK_DF or more independent matches carry in the wording they share
 * with the draft are set aside become `template`. Nothing changes when the matches are fewer than
 * STOCK_DF independent sources.
 */
export function markFormulaAmongMatches(draft: string, dp: AlignText, matches: readonly Match[]): void {
  // the matches sharing wording with the draft (quotes aside), the best MAX_COMPARED of them, are
  // the sample the formula is read from; the verdicts apply to all
  const compared = matches.filter((m) => m.passages?.some(isWording)).slice(0, MAX_COMPARED);
  if (compared.length < STOCK_DF || !compared.some((m) => m.passages!.some(isCounted))) return;
  const sources = new Sources(compared.length);
  joinAgreeing(sources, compared.map((m) => slotsOf(m.doc.text).sort()));
  joinSameSentences(sources, compared);
  const group = sources.groups();
  if (new Set(group).size < STOCK_DF) return;
  // formula words: names inside the wording the sources share with the draft, not the names a
  // story's cast has everywhere in related stories
  const formulaWords = wordsOfManySources(compared.map((m) => m.passages!.filter(isWording).flatMap((p) => slotWords(m.doc.text, p.b))), group);
  if (formulaWords.size > 0) {
    const slots: SlotFilter = (w) => hasDigit(w) || !formulaWords.has(w);
    // as alignMatches does: a long stretch repeated under changed figures stays counted
    for (const m of matches) if (m.passages?.some(isCounted)) m.passages = markTemplates(draft, m.doc.text, m.passages, slots, { longFrom: STOCK_MAX_TOKENS });
  }
  markStock(dp, matches, compared, group);
}

/** Shared wording: a passage that is not a quotation (formula passages included: they are the formula's words). */
const isWording = (p: Passage): boolean => p.kind !== 'quote';

/** The names and figures of a text, case folded. */
function slotsOf(text: string): string[] {
  return slotWords(text, { start: 0, end: text.length });
}

/** Size of the multiset intersection of two sorted word lists. */
function sortedShared(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return n;
}

/** Matches joined into sources; each source is named by its first match's index. */
class Sources {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  private find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) x = p[x] = p[p[x]!]!;
    return x;
  }
  same(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }
  join(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  groups(): number[] {
    return this.parent.map((_, i) => this.find(i));
  }
}

/** Figures two texts need each for their figures alone to say whether they are one source. */
const FIGURES_TO_TELL = 2;

/** Whether two sorted lists mostly agree: ONE_SOURCE of the smaller is in the larger (a copy cut short, or under an intro of its own, keeps what it has); an empty list agrees only with another. */
function agree(a: readonly string[], b: readonly string[]): boolean {
  const least = Math.min(a.length, b.length);
  if (least === 0) return a.length === b.length;
  return sortedShared(a, b) >= ONE_SOURCE * least;
}

/**
 * Joins matches whose sorted names and figures (`words`) say they are one source: their figures
 * mostly agree (ONE_SOURCE) — a story and its copies, a re-send — or, when either has fewer than
 * FIGURES_TO_TELL figures, their names and figures. Figures first: a formula's own capitalised
 * words ("Qtly", "Pay", "Record") agree in every instance of it, the amounts and dates of two
 * issuers' notices do not.
 */
function joinAgreeing(sources: Sources, words: readonly string[][]): void {
  const figures = words.map((ws) => ws.filter(hasDigit));
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const byFigures = figures[i]!.length >= FIGURES_TO_TELL && figures[j]!.length >= FIGURES_TO_TELL;
      if (byFigures ? agree(figures[i]!, figures[j]!) : agree(words[i]!, words[j]!)) sources.join(i, j);
    }
  }
}

/** Sentence ends, Latin and CJK (line breaks are not: a wire item's table rows run on). */
const SENTENCE_END = new Set(['.', '!', '?', '。', '！', '？']);

/** The whole sentences a span touches, spaces collapsed and case folded. */
function sentenceOf(text: string, sp: Span): string {
  let a = sp.start;
  while (a > 0 && !SENTENCE_END.has(text[a - 1]!)) a--;
  let b = sp.end;
  while (b < text.length && !(b > sp.start && SENTENCE_END.has(text[b - 1]!))) b++;
  return text.slice(a, b).replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Joins matches that carry the draft's words in the same whole sentence: copies of that sentence,
 * whatever else each text holds (a line lifted by five outlets' own stories). A formula's instances
 * and the users of a stock clause fill their sentences each their own way.
 */
function joinSameSentences(sources: Sources, compared: readonly Match[]): void {
  const first = new Map<string, number>();
  compared.forEach((m, i) => {
    for (const p of m.passages ?? []) {
      if (!isCounted(p)) continue;
      const key = sentenceOf(m.doc.text, p.b);
      const j = first.get(key);
      if (j === undefined) first.set(key, i);
      else sources.join(i, j);
    }
  });
}

/** Names (no figures) among the words of STOCK_DF or more independent sources (`words`: each match's): the formula's own words ("Corp", "Standard", "Poor's"). */
function wordsOfManySources(words: readonly string[][], group: readonly number[]): Set<string> {
  const perGroup = new Map<number, Set<string>>();
  words.forEach((ws, i) => {
    const g = group[i]!;
    let s = perGroup.get(g);
    if (!s) perGroup.set(g, (s = new Set()));
    for (const w of ws) if (!hasDigit(w)) s.add(w);
  });
  const df = new Map<string, number>();
  for (const s of perGroup.values()) for (const w of s) df.set(w, (df.get(w) ?? 0) + 1);
  return new Set([...df].filter(([, n]) => n >= STOCK_DF).map(([w]) => w));
}

/**
 * Short passages (under STOCK_MAX_TOKENS words) of any match whose draft words are mostly held by
 * STOCK_DF or more independent sources among the `compared` matches (`group`: their groups) become
 * stock. Where an official text or a wire holds a draft word, the lower-ranked documents holding it
 * (sourceRank: official above wire above the rest) repeat that text and count as its source, not as sources of their own: a wire's sentence
 * lifted by five outlets, or a release's by five wires, is one source; a clause that five wire
 * items use is a stock phrase.
 */
function markStock(dp: AlignText, matches: readonly Match[], compared: readonly Match[], group: readonly number[]): void {
  const n = dp.tokens.ids.length;
  const sources: (Set<number> | undefined)[] = new Array(n);
  const held = (each: (m: Match, i: number, from: number, to: number) => void): void =>
    compared.forEach((m, i) => {
      for (const p of m.passages ?? []) {
        if (!isCounted(p)) continue;
        const [from, to] = tokenRange(dp, p.a);
        each(m, i, from, to);
      }
    });
  // the highest rank holding each draft word, and the group of the first holder of that rank
  const originalOf: (number | undefined)[] = new Array(n);
  const top = new Int8Array(n);
  held((m, _i, from, to) => {
    for (let k = from; k < to; k++) top[k] = Math.max(top[k]!, sourceRank(m.doc));
  });
  held((m, i, from, to) => {
    for (let k = from; k < to; k++) if (sourceRank(m.doc) === top[k]) originalOf[k] ??= group[i]!;
  });
  held((m, i, from, to) => {
    for (let k = from; k < to; k++) (sources[k] ??= new Set()).add(sourceRank(m.doc) === top[k] ? group[i]! : originalOf[k]!);
  });
  for (const m of matches) {
    if (!m.passages) continue;
    m.passages = m.passages.map((p) => {
      if (!isCounted(p) || p.tokens >= STOCK_MAX_TOKENS) return p;
      const [from, to] = tokenRange(dp, p.a);
      let stock = 0;
      for (let k = from; k < to; k++) if ((sources[k]?.size ?? 0) >= STOCK_DF) stock++;
      return to > from && stock >= STOCK_SHARE * (to - from) ? { ...p, common: true } : p;
    });
  }
}

/**
 * Short passages (under STOCK_MAX_TOKENS words) whose unit 3-grams (shapes.ts) are mostly
 * (STOCK_SHARE) formula shapes become stock (`common`): shapes the index holds filled in STOCK_DF
 * or more ways by documents other than the draft's matches (`variants`, per shape of
 * `shapes.list`) — the same wording with other figures in that many items ("Qtly div 32 cts vs
 * 30 cts prior", "Net 11.9 mln vs 10.9 mln"). The index's counts see every instance of a formula,
 * not only those among the matches. Copies of one story repeat its figures, so they add no
 * variant; a story's versions (a death toll updated five times) do, and those among the matches
 * count once (sameStoryVariants).
 */
export function markFormulaShapes(shapes: DraftShapes, variants: Uint8Array, matches: readonly Match[], params: FingerprintParams): void {
  const formula = new Set<number>();
  shapes.list.forEach((s, i) => {
    if (variants[i]! >= STOCK_DF) formula.add(s);
  });
  if (formula.size === 0) return;
  const widely = widelyCopied(matches);
  const candidate = (m: Match, p: Passage, shapesOf: ReadonlySet<number>): boolean => isShort(p) && stockShare(shapes, p, shapesOf) && !widely(m, p);
  if (!matches.some((m) => m.passages?.some((p) => candidate(m, p, formula)))) return;
  const discount = sameStoryVariants(matches, formula, params);
  const independent = new Set([...formula].filter((s) => variants[lowerBound(shapes.list, s)]! - (discount.get(s) ?? 0) >= STOCK_DF));
  if (independent.size === 0) return;
  for (const m of matches) {
    if (m.passages) m.passages = m.passages.map((p) => (candidate(m, p, independent) ? { ...p, common: true } : p));
  }
}

/**
 * Whether a match's passage lies in a sentence that STOCK_DF or more matches carry whole
 * (sentenceOf): a sentence copied that widely is one story's, whose earlier versions may be no
 * matches at all (past the sample's end, or sharing too few words with the draft) and so beyond
 * sameStoryVariants's reach; markFormulaAmongMatches, which joins the sentence's carriers into one
 * source, judges it alone. A formula's instances fill their sentences each their own way.
 */
function widelyCopied(matches: readonly Match[]): (m: Match, p: Passage) => boolean {
  // counted on first use: most checks ask for no passage
  let carriers: Map<string, number> | undefined;
  const count = (): Map<string, number> => {
    const out = new Map<string, number>();
    for (const m of matches) {
      const seen = new Set<string>();
      for (const p of m.passages ?? []) if (isWording(p)) seen.add(sentenceOf(m.doc.text, p.b));
      for (const k of seen) out.set(k, (out.get(k) ?? 0) + 1);
    }
    return out;
  };
  return (m, p) => ((carriers ??= count()).get(sentenceOf(m.doc.text, p.b)) ?? 0) >= STOCK_DF;
}

/** A counted passage short enough for the stock rules. */
const isShort = (p: Passage): boolean => isCounted(p) && p.tokens < STOCK_MAX_TOKENS;

/** Whether a passage's unit 3-grams are at least STOCK_SHARE formula shapes. */
function stockShare(shapes: DraftShapes, p: Passage, formula: ReadonlySet<number>): boolean {
  const [from, to] = tokenRange(shapes, p.a);
  let grams = 0;
  let stock = 0;
  for (let j = lowerBound(shapes.from, from); j < shapes.from.length && shapes.from[j]! < to; j++) {
    if (shapes.to[j]! > to) continue;
    grams++;
    if (shapes.has[j] === 1 && formula.has(shapes.shape[j]!)) stock++;
  }
  return grams > 0 && stock >= STOCK_SHARE * grams;
}

/**
 * Figure-free 3-grams (shapesShinglesAndProse) two holders must share, besides NEAR_COPY of the
 * fewer, to be versions of one story: a story's versions share sentences of prose, a formula's
 * instances the few words between their figures ("cts prior Pay").
 */
const PROSE_SHARED = 8;

/** Whether two sorted hash lists share NEAR_COPY of the shorter, and at least `least`. */
function nearCopies(a: Uint32Array, b: Uint32Array, least: number): boolean {
  const shared = intersectionSize(a, b);
  return shared >= least && shared >= NEAR_COPY * Math.min(a.length, b.length);
}

/**
 * Per formula shape, how many of the variants the matches sharing wording with the draft hold
 * (templates included; each document's one variant a shape, as the index counts them) are one
 * story's: a group of near-copies — a story's versions, each with the day's figures — fills the
 * formula once, so all its variants but one are discounted. Near-copies (NEAR_COPY of the fewer)
 * both by their shingles and by their prose, the wording outside their figures (PROSE_SHARED at
 * least): a story's versions (a death toll updated five times) are both; two issuers' dividend
 * notices, near-copies by their shingles, share only the formula's few words between figures,
 * and two results tables under the same stock note ("… exclude gains from utilization of tax loss
 * carryforwards …"), near-copies by their prose, share few shingles.
 */
function sameStoryVariants(matches: readonly Match[], formula: ReadonlySet<number>, params: FingerprintParams): Map<number, number> {
  // holders with the same variants change nothing by being joined: one of each (copies of one version)
  const holders = new Map<string, { shingles: Uint32Array; prose: Uint32Array; variants: Map<number, number> }>();
  for (const m of matches.filter((x) => x.passages?.some(isWording)).slice(0, MAX_COMPARED)) {
    const { shapes, shingles, prose } = shapesShinglesAndProse(m.doc.text, params);
    const variants = new Map<number, number>();
    for (let k = 0; k + 1 < shapes.length; k += 2) if (formula.has(shapes[k]!)) variants.set(shapes[k]!, shapes[k + 1]!);
    const key = [...variants].join(';');
    if (variants.size > 0 && !holders.has(key)) holders.set(key, { shingles, prose, variants });
  }
  const out = new Map<number, number>();
  const list = [...holders.values()];
  if (list.length < 2) return out;
  const stories = new Sources(list.length);
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      if (stories.same(i, j)) continue;
      if (nearCopies(list[i]!.shingles, list[j]!.shingles, 1) && nearCopies(list[i]!.prose, list[j]!.prose, PROSE_SHARED)) stories.join(i, j);
    }
  }
  const perStory = new Map<string, Set<number>>();
  stories.groups().forEach((g, i) => {
    for (const [shape, v] of list[i]!.variants) {
      const key = `${g}:${shape}`;
      let vs = perStory.get(key);
      if (!vs) perStory.set(key, (vs = new Set()));
      if (!vs.has(v)) {
        if (vs.size > 0) out.set(shape, (out.get(shape) ?? 0) + 1);
        vs.add(v);
      }
    }
  });
  return out;
}
