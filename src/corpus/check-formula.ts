/**
 * Formula wording among a draft's matches. `analyze` tells a formula from a copy with counts over
 * the whole corpus (stock 3-grams, the names many documents use); a draft check sees only the
 * indexed documents that share wording with the draft. Those are enough when they are many
 * instances of one formula: five dividend notices of five companies that all hold the draft's
 * "Qtly div 20 cts vs 20 cts prior", six debt-offering notices that fill "… is raising 75 mln dlrs
 * via an offering of convertible subordinated debentures due 2012 …" with their own issuers and
 * terms. A story and its copies are one source however many copies the index holds: copies keep
 * the names and figures of what they copy, formula instances do not.
 */
import { tokenAt } from '../compare/closeness.js';
import { isCounted, markTemplates, slotWords, type SlotFilter } from '../compare/template.js';
import type { AlignText, Passage } from '../compare/align.js';
import { STOCK_DF, STOCK_MAX_TOKENS } from '../provenance/passages.js';
import type { Match } from './index.js';

/** Share of the larger list of figures (or names and figures) two matches must have in common to be one source: a copy keeps nearly all of them. */
const ONE_SOURCE = 0.8;
/** Share of a passage's words that must lie where the formula's instances hold the draft for the passage to be stock. */
const STOCK_SHARE = 0.6;
/** Matches (best first) compared with each other: the grouping is quadratic, and a caller may ask for thousands of matches. */
const MAX_COMPARED = 200;

/**
 * The matches' passages with formula wording relabelled: short passages whose draft words are held
 * by STOCK_DF or more independent matches become stock (`common`), and passages that are formula
 * wording once the names those independent matches all use are set aside become `template`. Nothing
 * changes when the matches are fewer than STOCK_DF independent sources.
 */
export function markFormulaAmongMatches(draft: string, dp: AlignText, matches: readonly Match[]): void {
  if (matches.length < STOCK_DF || !matches.some((m) => m.passages?.some(isCounted))) return;
  // the best MAX_COMPARED matches are the sample the formula is read from; the verdicts apply to all
  const compared = matches.slice(0, MAX_COMPARED);
  const words = compared.map((m) => slotsOf(m.doc.text).sort());
  const group = independentSources(words);
  if (new Set(group).size < STOCK_DF) return;
  const formulaWords = wordsOfManySources(words, group);
  if (formulaWords.size > 0) {
    const slots: SlotFilter = (w) => /\d/.test(w) || !formulaWords.has(w);
    for (const m of matches) if (m.passages?.some(isCounted)) m.passages = markTemplates(draft, m.doc.text, m.passages, slots);
  }
  markStock(dp, matches, compared, group);
}

/** Characters of a match read for its names and figures: a formula item is short, and a copy keeps the top of its story. */
const SLOTS_READ = 1500;

/** The names and figures of a text's first SLOTS_READ characters, case folded. */
function slotsOf(text: string): string[] {
  return slotWords(text, { start: 0, end: Math.min(text.length, SLOTS_READ) });
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

/** Figures two texts need each for their figures alone to say whether they are one source. */
const FIGURES_TO_TELL = 2;

/** Whether two sorted lists mostly agree (ONE_SOURCE of the larger). */
function agree(a: readonly string[], b: readonly string[]): boolean {
  return sortedShared(a, b) >= ONE_SOURCE * Math.max(a.length, b.length);
}

/**
 * Each match's source group (the index of its group's first match), from the matches' sorted names
 * and figures: two matches are one source when their figures mostly agree (ONE_SOURCE) — a story
 * and its copies, a re-send — or, when either has fewer than FIGURES_TO_TELL figures, their names
 * and figures. Figures first: a formula's own capitalised words ("Qtly", "Pay", "Record") agree in
 * every instance of it, the amounts and dates of two issuers' notices do not.
 */
function independentSources(words: readonly string[][]): number[] {
  const figures = words.map((ws) => ws.filter((w) => /\d/.test(w)));
  const parent = words.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j < words.length; j++) {
      const byFigures = figures[i]!.length >= FIGURES_TO_TELL && figures[j]!.length >= FIGURES_TO_TELL;
      if (!(byFigures ? agree(figures[i]!, figures[j]!) : agree(words[i]!, words[j]!))) continue;
      const ri = find(i);
      const rj = find(j);
      if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    }
  }
  return words.map((_, i) => find(i));
}

/** Names (no figures) used by STOCK_DF or more of the independent sources: the formula's own words ("Corp", "Standard", "Poor's"). */
function wordsOfManySources(words: readonly string[][], group: readonly number[]): Set<string> {
  const perGroup = new Map<number, Set<string>>();
  words.forEach((ws, i) => {
    const g = group[i]!;
    let s = perGroup.get(g);
    if (!s) perGroup.set(g, (s = new Set()));
    for (const w of ws) if (!/\d/.test(w)) s.add(w);
  });
  const df = new Map<string, number>();
  for (const s of perGroup.values()) for (const w of s) df.set(w, (df.get(w) ?? 0) + 1);
  return new Set([...df].filter(([, n]) => n >= STOCK_DF).map(([w]) => w));
}

/**
 * Short passages (under STOCK_MAX_TOKENS words) of any match whose draft words are mostly held by
 * STOCK_DF or more independent sources among the `compared` matches (`group`: their groups) become stock.
 */
function markStock(dp: AlignText, matches: readonly Match[], compared: readonly Match[], group: readonly number[]): void {
  const n = dp.tokens.ids.length;
  const sources: (Set<number> | undefined)[] = new Array(n);
  const spanOf = (p: Passage): [number, number] => {
    const from = tokenAt(dp, p.a.start);
    let to = from;
    while (to < n && dp.tokens.ends[to]! <= p.a.end) to++;
    return [from, to];
  };
  compared.forEach((m, i) => {
    for (const p of m.passages ?? []) {
      if (!isCounted(p)) continue;
      const [from, to] = spanOf(p);
      for (let k = from; k < to; k++) (sources[k] ??= new Set()).add(group[i]!);
    }
  });
  for (const m of matches) {
    if (!m.passages) continue;
    m.passages = m.passages.map((p) => {
      if (!isCounted(p) || p.tokens >= STOCK_MAX_TOKENS) return p;
      const [from, to] = spanOf(p);
      let held = 0;
      for (let k = from; k < to; k++) if ((sources[k]?.size ?? 0) >= STOCK_DF) held++;
      return to > from && held >= STOCK_SHARE * (to - from) ? { ...p, common: true } : p;
    });
  }
}
