import { attributionsWith, type Attribution } from '../attribution/extract.js';
import { builtinGazetteer, Gazetteer, type SourceEntry } from '../attribution/gazetteer.js';
import { alignTextOptions, alignTokens, prepareAlignText, type AlignText, type resolveAlignOptions } from '../compare/align.js';
import { gramSet, gramsOfIds, sortedHas } from '../compare/closeness.js';
import { FOLDED, hasDigit, isFigureForm, slotWords } from '../compare/slots.js';
import type { SlotFilter } from '../compare/template.js';
import type { Doc } from '../doc.js';
import { fingerprintOfScan, fingerprintWith, type Fingerprint, type FingerprintParams } from '../sketch/fingerprint.js';
import { hashKGram, hashString } from '../sketch/hash.js';
import { lowerBound, sortedMinus, sortUint32 } from '../sketch/sort.js';
import { U32Set } from '../sketch/u32set.js';
import { normalizeToken, scanIntoScratch, stemToken, type TokenTable } from '../text/tokenize.js';
import type { PairAnalysis } from './graph.js';
import { alignCandidates, markStockPhrases, pairFigures } from './passages.js';

/**
 * The stages of `analyze` as functions of plain (structured-cloneable) data, so that `analyze`
 * runs them in this thread and `analyzeParallel` (src/parallel) on worker threads, with the
 * same result for any split of the input:
 * 1. documents, each on its own: fingerprint; stemmed word 3-grams and their figure-folded
 *    form (for corpus-common and stock wording); slot words (for template formulas);
 * 2. candidates (whole corpus, in analyze.ts / src/parallel): candidate pairs, verified, and
 *    the groups of near-copies;
 * 3. corpus counts (whole corpus): 3-grams used by many independent groups, counted by sorting
 *    one typed array (no Set per group: that is what ran out of heap at 100,000 documents);
 * 4. pairs, each on its own: alignment, templates, stock phrases, figures;
 * 5. attributions, each document on its own;
 * 6. the graph (whole corpus, in analyze.ts).
 */

type Candidate = { a: string; b: string; jaccard: number; containment: { aInB: number; bInA: number } };
type ResolvedAlign = ReturnType<typeof resolveAlignOptions>;
type Progress = (done: number, total: number) => void;

// ---- 1. documents --------------------------------------------------------------------------

export interface DocsTask {
  docs: Pick<Doc, 'id' | 'text'>[];
}
export interface DocsShared {
  params: FingerprintParams;
  boilerplate: boolean;
  /** What the corpus counts need: plain 3-grams (common wording), folded 3-grams (stock phrases), slot words (templates). */
  grams: boolean;
  /** `'diff'`: the folded 3-grams as their difference from the plain ones (`foldedDiff`; needs `grams`). */
  folded: boolean | 'diff';
  slots: boolean;
  /** The documents' attributions too, when given (analyzeParallel: the texts are here already). */
  attributions?: AttributionsShared;
  /** Only the 3-grams (and folded 3-grams): a second pass for them (analyzeParallel on a large corpus); the fingerprint is left empty. */
  gramsOnly?: boolean;
}
/** What one document gives the corpus stages. */
export interface DocScan {
  fp: Fingerprint;
  /** Stemmed word-3-gram hashes, sorted, unique. */
  grams?: Uint32Array;
  /** The same with every figure folded into one token (foldedIds), sorted, unique. */
  folded?: Uint32Array;
  /**
   * `folded` as its difference from `grams` (DocsShared.folded `'diff'`): [k, the k 3-grams of
   * `grams` it drops, then the 3-grams it adds], each part sorted. The two differ only where a
   * 3-gram holds a figure: ~20 values a news article instead of ~600 (233 MiB at 100,000).
   */
  foldedDiff?: Uint32Array;
  /** Slot words without digits, each once. */
  slots?: string[];
  /** The document's attributions (DocsShared.attributions). */
  attributions?: Attribution[];
}

export function runDocsTask(t: DocsTask, s: DocsShared, progress?: Progress): DocScan[] {
  return t.docs.map((d, i) => {
    const scan = scanDoc(d, s);
    if (progress && (i % 100 === 99 || i === t.docs.length - 1)) progress(i + 1, t.docs.length);
    return scan;
  });
}

function scanDoc(d: Pick<Doc, 'id' | 'text'>, s: DocsShared): DocScan {
  const { fp, tokens } = fingerprintAndAlignTokens(d, s);
  const out: DocScan = { fp };
  if (tokens) addGrams(out, d.text, tokens, s);
  if (s.gramsOnly) return out;
  if (s.slots) out.slots = [...new Set(slotWords(d.text, { start: 0, end: d.text.length }))].filter((w) => !hasDigit(w));
  if (s.attributions) out.attributions = attributionsWith(d.text, gazetteerOf(s.attributions), s.attributions.generic);
  return out;
}

/** Alignment tokens, with 1 for each token that is a figure (isFigureForm of its normal form) when known. */
type FlaggedTokens = TokenTable & { figures?: Uint8Array };

/** The 3-grams and folded 3-grams of a document's alignment tokens, as DocsShared asks. */
function addGrams(out: DocScan, text: string, tokens: FlaggedTokens, s: DocsShared): void {
  if (s.grams) out.grams = gramsOfIds(tokens.ids);
  if (s.folded) {
    const folded = tokens.figures ? foldedByFlags(tokens.ids, tokens.figures) : foldedTokenIds(text, tokens);
    if (s.folded === 'diff' && out.grams) out.foldedDiff = foldedDiffOfIds(tokens.ids, folded);
    else out.folded = gramsOfIds(folded);
  }
}

/**
 * The fingerprint and, when the corpus counts need them, the alignment tokens: stemmed ids and
 * offsets (sentences, quotes and stop words are for alignment, which few documents reach).
 * When the fingerprint keeps and drops the same tokens as alignment (the same boilerplate, stop
 * words kept: the defaults), one scan gives both sets of ids, and the stemmed forms come from
 * the token memo at no cost; otherwise a second scan, without forms.
 */
function fingerprintAndAlignTokens(d: Pick<Doc, 'id' | 'text'>, s: DocsShared): { fp: Fingerprint; tokens?: FlaggedTokens } {
  if (!s.grams && !s.folded) return { fp: fingerprintWith(d, s.params, false) };
  const align = alignTextOptions(s.boilerplate);
  if (s.params.boilerplate !== align.boilerplate || s.params.dropStopwords !== align.dropStopwords) {
    return { fp: s.gramsOnly ? noFingerprint(d.id, s.params) : fingerprintWith(d, s.params, false), tokens: alignTokens(d.text, s.boilerplate, false) };
  }
  if (typeof d.text !== 'string') return { fp: fingerprintWith(d, s.params, false) }; // fingerprintWith says what is wrong
  // the folded 3-grams read which tokens are figures: each distinct token tested once, in the token memo
  const t = scanIntoScratch(d.text, s.params, s.folded ? { also: align, alsoFlag: isFigureForm } : { also: align });
  // views of the scratch buffers, not copies: scanDoc reads them before anything scans again
  const tokens: FlaggedTokens = { ids: t.ids2!.subarray(0, t.count), starts: t.starts.subarray(0, t.count), ends: t.ends.subarray(0, t.count) };
  if (t.flags2) tokens.figures = t.flags2.subarray(0, t.count);
  return { fp: s.gramsOnly ? noFingerprint(d.id, s.params) : fingerprintOfScan(d.id, s.params, t, false), tokens };
}

const NO_HASHES = new Uint32Array(0);
const noFingerprint = (id: string, params: FingerprintParams): Fingerprint => ({ id, params, tokenCount: 0, shingles: NO_HASHES, signature: NO_HASHES, winnowed: NO_HASHES });

/** foldedIds (compare/slots.ts) of tokens whose figures are known (1 in `figures`). */
function foldedByFlags(ids: Uint32Array, figures: Uint8Array): Uint32Array {
  const out = ids.slice();
  for (let i = 0; i < out.length; i++) if (figures[i]) out[i] = FOLDED;
  return out;
}

/**
 * A superset of the number words that foldedIds (compare/slots.ts) folds, by the id of their
 * (stemmed) normal form: a token whose id is not here cannot have one of them as its normal form.
 */
const NUMBER_WORD_IDS = new Set(
  ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred', 'thousand', 'million', 'billion', 'nil', 'zero', 'dozen'].map((w) => hashString(w)),
);

/**
 * foldedIds (compare/slots.ts) of the text's alignment tokens, with the normal form computed
 * only for the tokens that may be figures (a digit or a non-ASCII letter in the raw token, or
 * the id of a number word): an ASCII token without digits keeps them out of its normal form, so
 * the others cannot start with one. The normal forms were a sixth of analyze's time at 10,000
 * documents.
 */
function foldedTokenIds(text: string, tokens: TokenTable): Uint32Array {
  const ids = tokens.ids.slice();
  for (let i = 0; i < ids.length; i++) {
    const [from, to] = [tokens.starts[i]!, tokens.ends[i]!];
    if (!NUMBER_WORD_IDS.has(ids[i]!) && !mayHoldFigure(text, from, to)) continue;
    if (isFigureForm(stemToken(normalizeToken(text.slice(from, to))))) ids[i] = FOLDED;
  }
  return ids;
}

function mayHoldFigure(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c > 127 || (c >= 48 && c <= 57)) return true;
  }
  return false;
}

/** DocScan.foldedDiff of `folded` against `grams` (both sorted unique). */
export function foldedDiffOf(grams: Uint32Array, folded: Uint32Array): Uint32Array {
  const dropped = sortedMinus(grams, folded);
  const added = sortedMinus(folded, grams);
  const out = new Uint32Array(1 + dropped.length + added.length);
  out[0] = dropped.length;
  out.set(dropped, 1);
  out.set(added, 1 + dropped.length);
  return out;
}

/**
 * foldedDiffOf(gramsOfIds(ids), gramsOfIds(folded)) without the folded 3-grams' sort: only the
 * 3-grams over a folded token (ids and `folded` differ there) can differ, ~20 of a news article's
 * ~600. Of those windows' plain values P and folded values F, a value also found at an untouched
 * window (U) is in both sets; the rest: dropped = P \ F \ U, added = F \ P \ U. Linear in the
 * tokens (a binary search among the touched values per untouched window).
 */
export function foldedDiffOfIds(ids: Uint32Array, folded: Uint32Array): Uint32Array {
  const windows = Math.max(0, ids.length - 2);
  if (touchedScratch.length < windows) touchedScratch = new Uint8Array(2 * windows);
  const touched = touchedScratch; // all zero between calls
  let t = 0;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === folded[i]) continue;
    for (let w = Math.max(0, i - 2); w <= i && w < windows; w++) if (!touched[w]) (touched[w] = 1), t++;
  }
  if (t === 0) return new Uint32Array(1);
  const plain = new Uint32Array(t);
  const fold = new Uint32Array(t);
  for (let w = 0, k = 0; w < windows; w++) {
    if (!touched[w]) continue;
    plain[k] = hashKGram(ids, w, 3);
    fold[k++] = hashKGram(folded, w, 3);
  }
  const p = sortedUnique(plain);
  const f = sortedUnique(fold);
  // the touched values that an untouched window has too: a bitmap of their low bits lets most windows pass without a search
  const bits = bitScratch;
  for (const v of p) bits[(v >>> 5) & BIT_MASK]! |= 1 << (v & 31);
  for (const v of f) bits[(v >>> 5) & BIT_MASK]! |= 1 << (v & 31);
  const pU = new Uint8Array(p.length);
  const fU = new Uint8Array(f.length);
  for (let w = 0; w < windows; w++) {
    if (touched[w]) {
      touched[w] = 0;
      continue;
    }
    const h = hashKGram(ids, w, 3);
    if ((bits[(h >>> 5) & BIT_MASK]! & (1 << (h & 31))) === 0) continue;
    const i = lowerBound(p, h);
    if (i < p.length && p[i] === h) pU[i] = 1;
    const j = lowerBound(f, h);
    if (j < f.length && f[j] === h) fU[j] = 1;
  }
  for (const v of p) bits[(v >>> 5) & BIT_MASK] = 0;
  for (const v of f) bits[(v >>> 5) & BIT_MASK] = 0;
  // 2: dropped (a plain value in no untouched window and not folded), added (the other way round)
  let n = 1;
  for (let i = 0; i < p.length; i++) if (!pU[i] && !sortedHas(f, p[i]!)) (pU[i] = 2), n++;
  for (let j = 0; j < f.length; j++) if (!fU[j] && !sortedHas(p, f[j]!)) (fU[j] = 2), n++;
  const out = new Uint32Array(n);
  let k = 1;
  for (let i = 0; i < p.length; i++) if (pU[i] === 2) out[k++] = p[i]!;
  out[0] = k - 1;
  for (let j = 0; j < f.length; j++) if (fU[j] === 2) out[k++] = f[j]!;
  return out;
}

/** foldedDiffOfIds's scratch: its window marks (left all zero) and a bitmap of BIT_MASK + 1 words (left all zero). */
let touchedScratch = new Uint8Array(4096);
const BIT_MASK = 127;
const bitScratch = new Int32Array(BIT_MASK + 1);

/** Sorted and unique, in place (the corpus counts' array is too large to copy). */
function sortedUnique(a: Uint32Array): Uint32Array {
  a.sort();
  let w = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[w - 1]) a[w++] = a[i]!;
  return a.subarray(0, w);
}

// ---- 3. corpus counts ----------------------------------------------------------------------

/**
 * Hashes found in at least `minDf` groups of documents (`groupOf`: each document's group,
 * from independentGroups), sorted. Each group's hashes, once, go into one typed array that is
 * sorted and counted in runs — a slice of the hash range at a time (countSlices), so that the
 * array holds ~COUNT_SLICE values and not all of them (61 million, 245 MB, at 100,000 news
 * articles, beside the per-document arrays it copies). `perDoc`'s entries are set to undefined
 * as the groups take their arrays, which stay alive until the last slice is counted.
 */
export function frequentInGroups(ids: readonly string[], perDoc: (Uint32Array | undefined)[], groupOf: ReadonlyMap<string, string>, minDf: number, slice = COUNT_SLICE): Uint32Array {
  const arrays = perDoc.map((a) => a ?? EMPTY);
  perDoc.fill(undefined); // released: counted below
  return countSlices(groupMembers(ids, groupOf), new ArraySlices(arrays), minDf, slice);
}

/**
 * frequentInGroups of the folded 3-grams of documents whose scans hold them as `foldedDiff`
 * against their plain `grams` (or, for a document without a diff, as `folded`): each slice of the
 * folded arrays is made from the plain ones as it is counted, never the whole arrays. `grams` is
 * read, not released (the plain count comes next); the diffs and folded arrays are released.
 */
export function frequentFoldedInGroups(ids: readonly string[], scans: DocScan[], groupOf: ReadonlyMap<string, string>, minDf: number, slice = COUNT_SLICE): Uint32Array {
  const reader = new FoldedSlices(scans);
  for (const x of scans) {
    delete x.foldedDiff;
    delete x.folded;
  }
  return countSlices(groupMembers(ids, groupOf), reader, minDf, slice);
}

const EMPTY = new Uint32Array(0);

/** The documents of each group, by index, in order of first appearance. */
export function groupMembers(ids: readonly string[], groupOf: ReadonlyMap<string, string>): number[][] {
  const members = new Map<string, number[]>();
  ids.forEach((id, i) => {
    const g = groupOf.get(id)!;
    const l = members.get(g);
    if (l) l.push(i);
    else members.set(g, [i]);
  });
  return [...members.values()];
}

/** Values per slice of the hash range in frequentInGroups (4M: a 16 MB array and its sort's scratch). */
const COUNT_SLICE = 1 << 22;

/** Per-document sorted unique hashes, read one slice of the hash range after the other. */
interface SliceReader {
  /** Values of all documents together (to size the slices). */
  readonly total: number;
  /** Ends document i's current slice before `bound`; returns at most how many values the slice holds. */
  cut(i: number, bound: number): number;
  /** Writes document i's values of the current slice at out[at…]; returns how many. */
  write(i: number, out: Uint32Array, at: number): number;
  /** Moves every document to its next slice. */
  next(): void;
}

/** Slices of sorted arrays. */
class ArraySlices implements SliceReader {
  readonly total: number;
  private readonly from: Uint32Array;
  private readonly until: Uint32Array;
  constructor(private readonly arrays: readonly Uint32Array[]) {
    this.total = arrays.reduce((n, a) => n + a.length, 0);
    this.from = new Uint32Array(arrays.length);
    this.until = new Uint32Array(arrays.length);
  }
  cut(i: number, bound: number): number {
    this.until[i] = lowerBound(this.arrays[i]!, bound, this.from[i]!);
    return this.until[i]! - this.from[i]!;
  }
  write(i: number, out: Uint32Array, at: number): number {
    out.set(this.arrays[i]!.subarray(this.from[i]!, this.until[i]!), at);
    return this.until[i]! - this.from[i]!;
  }
  /** Document i's current slice (after cut). */
  slice(i: number): Uint32Array {
    return this.arrays[i]!.subarray(this.from[i]!, this.until[i]!);
  }
  next(): void {
    this.from.set(this.until);
  }
}

/** Slices of folded 3-grams: the plain 3-grams' slice without the dropped ones, merged with the added ones (DocScan.foldedDiff). */
class FoldedSlices implements SliceReader {
  readonly total: number;
  private readonly grams: ArraySlices;
  private readonly dropped: ArraySlices;
  private readonly added: ArraySlices;
  constructor(scans: readonly DocScan[]) {
    // a document without a diff: its folded array as "added" to no plain 3-grams
    const plain = scans.map((x) => (x.foldedDiff ? (x.grams ?? EMPTY) : EMPTY));
    const diff = scans.map((x) => x.foldedDiff);
    this.grams = new ArraySlices(plain);
    this.dropped = new ArraySlices(diff.map((d) => (d ? d.subarray(1, 1 + d[0]!) : EMPTY)));
    this.added = new ArraySlices(diff.map((d, i) => (d ? d.subarray(1 + d[0]!) : (scans[i]!.folded ?? EMPTY))));
    this.total = this.grams.total + this.added.total;
  }
  cut(i: number, bound: number): number {
    this.dropped.cut(i, bound);
    return this.grams.cut(i, bound) + this.added.cut(i, bound);
  }
  write(i: number, out: Uint32Array, at: number): number {
    // the three slices, sorted: keep the plain values not dropped, merged with the added ones (none of them plain)
    const n = this.grams.write(i, out, at);
    const plain = out.subarray(at, at + n);
    const drop = this.dropped.slice(i);
    const add = this.added.slice(i);
    let kept = 0;
    for (let r = 0, d = 0; r < n; r++) {
      const v = plain[r]!;
      while (d < drop.length && drop[d]! < v) d++;
      if (d < drop.length && drop[d] === v) continue;
      plain[kept++] = v;
    }
    if (add.length === 0) return kept;
    // merge from the back, so that the plain values are moved at most once
    let w = kept + add.length;
    let p = kept - 1;
    for (let q = add.length - 1; q >= 0; q--) {
      const v = add[q]!;
      while (p >= 0 && plain[p]! > v) out[at + --w] = plain[p--]!;
      out[at + --w] = v;
    }
    return kept + add.length;
  }
  next(): void {
    this.grams.next();
    this.dropped.next();
    this.added.next();
  }
}

/** The counting of frequentInGroups over `groups` (indexes of documents), slice by slice of the hash range. */
function countSlices(groups: readonly number[][], reader: SliceReader, minDf: number, slice: number): Uint32Array {
  const out: number[] = [];
  sliceGroups(groups, reader, slice, (used) => countRuns(used, minDf, out));
  return Uint32Array.from(out);
}

/** Each slice of the hash range, in increasing order: every group's values in it, each once a group, sorted together (`visit`). */
function sliceGroups(groups: readonly number[][], reader: SliceReader, slice: number, visit: (used: Uint32Array) => void, range: HashRange = WHOLE_RANGE): void {
  const slices = Math.max(1, Math.ceil(reader.total / slice));
  const span = range.hi - range.lo;
  let buf = new Uint32Array(0);
  for (let k = 0; k < slices; k++) {
    const bound = k === slices - 1 ? range.hi : range.lo + Math.floor(((k + 1) * span) / slices);
    let size = 0;
    for (const l of groups) for (const i of l) size += reader.cut(i, bound);
    if (buf.length < size) buf = new Uint32Array(Math.ceil(size * 1.25));
    let at = 0;
    for (const l of groups) {
      const start = at;
      for (const i of l) at += reader.write(i, buf, at);
      if (l.length > 1) at = start + sortedUnique(buf.subarray(start, at)).length; // the group's values, each once
    }
    reader.next();
    visit(sortUint32(buf.subarray(0, at)));
  }
}

/** Appends to `out` each value of sorted `used` that occurs at least `minDf` times. */
function countRuns(used: Uint32Array, minDf: number, out: number[]): void {
  for (let i = 0; i < used.length; ) {
    let j = i + 1;
    while (j < used.length && used[j] === used[i]) j++;
    if (j - i >= minDf) out.push(used[i]!);
    i = j;
  }
}

/**
 * frequentInGroups of the plain 3-grams (`minDf`) and frequentFoldedInGroups (`foldedMinDf`) in
 * one count of the plain ones: a value's folded count is its plain count, less the groups where
 * folding removes it, plus those where folding adds it (foldingChanges). Those changes are few
 * (~20 values a document), so the folded 3-grams are never sorted on their own. The scans'
 * plain and folded arrays are released.
 */
export function frequentPlainAndFoldedInGroups(ids: readonly string[], scans: DocScan[], groupOf: ReadonlyMap<string, string>, minDf: number, foldedMinDf: number, slice = COUNT_SLICE): { common: Uint32Array; stock: Uint32Array } {
  const groups = groupMembers(ids, groupOf);
  const { removed, added } = foldingChanges(groups, scans, WHOLE_RANGE);
  const arrays = scans.map((x) => x.grams ?? EMPTY);
  for (const x of scans) {
    delete x.grams;
    delete x.foldedDiff;
    delete x.folded;
  }
  return countPlainAndFolded(groups, arrays, removed, added, minDf, foldedMinDf, WHOLE_RANGE, slice);
}

/** A part of the hash range: the values v with lo ≤ v < hi (hi at most 2 ** 32). */
export interface HashRange {
  lo: number;
  hi: number;
}
const WHOLE_RANGE: HashRange = { lo: 0, hi: 2 ** 32 };

/**
 * frequentPlainAndFoldedInGroups of the values in one part of the hash range (`groups`: the
 * documents of each group, by index: groupMembers), the scans read and kept. A value's counts
 * concern only the value, and both lists come out sorted: the lists of consecutive parts, joined
 * in order, are those of the whole range, so that the parts can be counted on several threads.
 */
export function frequentPlainAndFoldedInRange(groups: readonly number[][], scans: readonly DocScan[], minDf: number, foldedMinDf: number, range: HashRange, slice = COUNT_SLICE): { common: Uint32Array; stock: Uint32Array } {
  const { removed, added } = foldingChanges(groups, scans, range);
  const arrays = scans.map((x) => within(x.grams ?? EMPTY, range));
  return countPlainAndFolded(groups, arrays, removed, added, minDf, foldedMinDf, range, slice);
}

/** The values of sorted `a` in `range` (a view). */
function within(a: Uint32Array, range: HashRange): Uint32Array {
  if (range.lo === 0 && range.hi === 2 ** 32) return a;
  return a.subarray(lowerBound(a, range.lo), lowerBound(a, range.hi));
}

/** The count of frequentPlainAndFoldedInGroups: the plain 3-grams (`arrays`, in `range`) counted, the folding changes applied to each value's count. */
function countPlainAndFolded(groups: readonly number[][], arrays: readonly Uint32Array[], removed: Uint32Array, added: Uint32Array, minDf: number, foldedMinDf: number, range: HashRange, slice: number): { common: Uint32Array; stock: Uint32Array } {
  const common: number[] = [];
  const stock: number[] = [];
  let r = 0;
  let a = 0;
  // values that only folding adds (in no group's plain 3-grams) up to `bound`
  const addedOnly = (bound: number): void => {
    while (a < added.length && added[a]! < bound) {
      const v = added[a]!;
      let k = 0;
      while (a < added.length && added[a] === v) a++, k++;
      if (k >= foldedMinDf) stock.push(v);
    }
  };
  sliceGroups(
    groups,
    new ArraySlices(arrays),
    slice,
    (used) => {
      for (let i = 0; i < used.length; ) {
        const v = used[i]!;
        let j = i + 1;
        while (j < used.length && used[j] === v) j++;
        if (j - i >= minDf) common.push(v);
        addedOnly(v);
        let folded = j - i;
        while (r < removed.length && removed[r]! < v) r++;
        while (r < removed.length && removed[r] === v) r++, folded--;
        while (a < added.length && added[a] === v) a++, folded++;
        if (folded >= foldedMinDf) stock.push(v);
        i = j;
      }
    },
    range,
  );
  addedOnly(range.hi);
  return { common: Uint32Array.from(common), stock: Uint32Array.from(stock) };
}

/**
 * What folding changes in each group's set of 3-grams, over all groups, sorted (one value once a
 * group): `removed`, plain 3-grams no member keeps folded; `added`, folded 3-grams no member has
 * plain. A group of one: its document's diff. A larger group: the values of its members' diffs
 * (D), each looked up in every member's plain 3-grams — from the smaller side, binary searching
 * the other — so a group of near-copies costs about its members' 3-grams, whatever its size.
 */
function foldingChanges(groups: readonly number[][], scans: readonly DocScan[], range: HashRange): { removed: Uint32Array; added: Uint32Array } {
  const diffs = scans.map((x) => diffOfScan(x).map((a) => within(a, range)) as [Uint32Array, Uint32Array]);
  const removed: Uint32Array[] = [];
  const added: Uint32Array[] = [];
  for (const members of groups) {
    if (members.length === 1) {
      const [drop, add] = diffs[members[0]!]!;
      removed.push(drop);
      added.push(add);
      continue;
    }
    const parts: Uint32Array[] = [];
    for (const m of members) parts.push(...diffs[m]!);
    const d = sortedUnique(concat(parts));
    if (d.length === 0) continue;
    const inDrop = new Uint8Array(d.length);
    const inAdd = new Uint8Array(d.length);
    const inPlain = new Uint8Array(d.length);
    const keptPlain = new Uint8Array(d.length);
    for (const m of members) {
      const [drop, add] = diffs[m]!;
      for (const v of drop) inDrop[lowerBound(d, v)] = 1;
      for (const v of add) inAdd[lowerBound(d, v)] = 1;
      markPlain(d, within(scans[m]!.grams ?? EMPTY, range), drop, inPlain, keptPlain);
    }
    removed.push(d.filter((_, k) => inDrop[k] === 1 && keptPlain[k] === 0 && inAdd[k] === 0));
    added.push(d.filter((_, k) => inAdd[k] === 1 && inPlain[k] === 0));
  }
  return { removed: sortUint32(concat(removed)), added: sortUint32(concat(added)) };
}

/** A scan's folding diff as [dropped, added] (a scan with folded 3-grams and no diff: against its plain ones; with neither: every plain one dropped). */
function diffOfScan(x: DocScan): [Uint32Array, Uint32Array] {
  const diff = x.foldedDiff ?? (x.folded ? foldedDiffOf(x.grams ?? EMPTY, x.folded) : undefined);
  if (!diff) return [x.grams ?? EMPTY, EMPTY];
  return [diff.subarray(1, 1 + diff[0]!), diff.subarray(1 + diff[0]!)];
}

/** Marks the values of sorted `d` found in sorted `plain` (inPlain), and those of them not in `drop` (keptPlain): walking the smaller of d and plain. */
function markPlain(d: Uint32Array, plain: Uint32Array, drop: Uint32Array, inPlain: Uint8Array, keptPlain: Uint8Array): void {
  const mark = (k: number, v: number): void => {
    inPlain[k] = 1;
    if (!sortedHas(drop, v)) keptPlain[k] = 1;
  };
  if (d.length <= plain.length) {
    for (let k = 0; k < d.length; k++) if (sortedHas(plain, d[k]!)) mark(k, d[k]!);
    return;
  }
  for (const v of plain) {
    const k = lowerBound(d, v);
    if (k < d.length && d[k] === v) mark(k, v);
  }
}

function concat(parts: readonly Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

/** Slot words (no digits) in at least `minDf` documents, sorted: the formula's words (see informativeSlots). */
export function frequentSlots(perDoc: readonly (string[] | undefined)[], minDf: number): string[] {
  const df = new Map<string, number>();
  for (const words of perDoc) countSlots(df, words);
  return frequentOf(df, minDf);
}

/** Adds one document's slot words (each once) to the document frequencies `df`. */
export function countSlots(df: Map<string, number>, words: readonly string[] | undefined): void {
  for (const w of words ?? []) df.set(w, (df.get(w) ?? 0) + 1);
}

/** The words of `df` in at least `minDf` documents, sorted. */
export function frequentOf(df: ReadonlyMap<string, number>, minDf: number): string[] {
  return [...df].filter(([, c]) => c >= minDf).map(([w]) => w).sort();
}

/** The slot filter of informativeSlots, from the formula's words. */
export function slotFilter(frequent: readonly string[]): SlotFilter {
  const f = new Set(frequent);
  return (w) => hasDigit(w) || !f.has(w);
}

// ---- 4. pairs ------------------------------------------------------------------------------

export interface PairsTask {
  /** The texts of the documents in these pairs. */
  docs: Pick<Doc, 'id' | 'text'>[];
  candidates: Candidate[];
}
export interface PairsShared {
  /** Resolved alignment options, without commonShingles. */
  align: Omit<ResolvedAlign, 'commonShingles'>;
  /** Corpus-common stemmed 3-grams, sorted (null: the rule is off). */
  common: Uint32Array | null;
  /** Figure-folded 3-grams of stock wording, sorted (null: the rule is off). */
  stock: Uint32Array | null;
  /** Slot words that belong to formulas (null: every slot word is informative). */
  frequentSlots: string[] | null;
}

interface PairsSetup {
  align: ResolvedAlign;
  slots: SlotFilter | undefined;
  isStock: ((g: number) => boolean) | undefined;
}

/** What a run's shared data gives every task of it (the count lookups), built once per thread. */
const setups = new WeakMap<PairsShared, PairsSetup>();
export function pairsSetup(s: PairsShared): PairsSetup {
  let x = setups.get(s);
  if (!x) {
    const stock = s.stock;
    x = {
      align: s.common ? { ...s.align, commonShingles: new U32Set(s.common) } : { ...s.align },
      slots: s.frequentSlots ? slotFilter(s.frequentSlots) : undefined,
      isStock: stock ? stockTest(stock) : undefined,
    };
    setups.set(s, x);
  }
  return x;
}

/** Whether a folded 3-gram is stock wording: a lookup in the sorted stock 3-grams (made into a U32Set when first asked). */
function stockTest(stock: Uint32Array): (g: number) => boolean {
  let set: U32Set | undefined;
  return (g) => (set ??= new U32Set(stock)).has(g);
}

/** Texts prepared for alignment when first asked for, each once. */
export function preparer(boilerplate: boolean): { prepared: Map<string, AlignText>; prep: (d: Pick<Doc, 'id' | 'text'>) => AlignText } {
  const prepared = new Map<string, AlignText>();
  const prep = (d: Pick<Doc, 'id' | 'text'>): AlignText => {
    let x = prepared.get(d.id);
    if (!x) prepared.set(d.id, (x = prepareAlignText(d.text, boilerplate)));
    return x;
  };
  return { prepared, prep };
}

/** The pairs of a task that share a passage, with their figures (the relation is set by the graph stage). */
export function runPairsTask(t: PairsTask, s: PairsShared): PairAnalysis[] {
  return alignStage(t.docs, t.candidates, s).pairs;
}

/** A pair task that also gives back the token ids and offsets of some of its documents. */
export interface PairsTokensTask extends PairsTask {
  /** Ids of the documents whose tokens to give back (each document in one task only). */
  tokensOf: string[];
}

/**
 * runPairsTask, with the token ids and offsets of the documents in `tokensOf`, in that order:
 * what the graph stage's word evidence reads (LazyPrepared), so that it need not scan them again.
 */
export function runPairsTokensTask(t: PairsTokensTask, s: PairsShared): { pairs: PairAnalysis[]; tokens: TokenTable[] } {
  const { pairs, prepared } = alignStage(t.docs, t.candidates, s);
  const tokens = t.tokensOf.map((id) => {
    const x = prepared.get(id)!.tokens;
    return { ids: x.ids, starts: x.starts, ends: x.ends };
  });
  return { pairs, tokens };
}

/** Alignment, templates, stock phrases and figures of candidate pairs, with the prepared texts used. */
export function alignStage(
  docs: readonly Pick<Doc, 'id' | 'text'>[],
  candidates: readonly Candidate[],
  s: PairsShared,
  progress?: (stage: 'align', done: number, total: number) => void,
): { pairs: PairAnalysis[]; prepared: Map<string, AlignText>; gramsOf: (id: string) => Uint32Array } {
  const { align, slots, isStock } = pairsSetup(s);
  const byId = new Map(docs.map((d) => [d.id, d as Doc]));
  const { prepared, prep } = preparer(align.boilerplate);
  for (const p of candidates) {
    prep(byId.get(p.a)!);
    prep(byId.get(p.b)!);
  }
  const aligned = alignCandidates(candidates, byId, prepared, align, progress, slots);
  if (isStock) markStockPhrases(aligned, [...byId.values()], prep, isStock);
  return { ...pairFigures(aligned, prepared), prepared };
}

/**
 * Prepared texts made when first asked for, for the word evidence of the graph stage of
 * `analyzeParallel` (wordEvidence): only those of the documents whose sourcing it weighs, and
 * only their token ids and offsets — what the evidence reads (coverMask, keptGrams,
 * privateShare, gramSet); sentences, quotes and normal forms are left empty.
 */
export class LazyPrepared extends Map<string, AlignText> {
  /** `known`: token tables already made (by the pair tasks), by id; the others are scanned when asked for. */
  constructor(
    private readonly textOf: (id: string) => string,
    private readonly boilerplate: boolean,
    private readonly known: ReadonlyMap<string, TokenTable> = new Map(),
  ) {
    super();
  }

  override get(id: string): AlignText | undefined {
    let x = super.get(id);
    if (!x) {
      const text = this.textOf(id);
      const tokens = this.known.get(id) ?? alignTokens(text, this.boilerplate, false);
      this.set(id, (x = { text, tokens, sentences: [], quotes: [], stop: new Uint8Array(0) }));
    }
    return x;
  }
}

// ---- 5. attributions -----------------------------------------------------------------------

/** Texts read by index: an array of them, or texts made one at a time (src/parallel/texts.ts). */
export interface TextSeq {
  readonly length: number;
  at(i: number): string | undefined;
}

export interface AttributionsTask {
  texts: TextSeq;
}
export interface AttributionsShared {
  sources?: readonly SourceEntry[];
  generic: boolean;
}

export function runAttributionsTask(t: AttributionsTask, s: AttributionsShared, progress?: Progress): Attribution[][] {
  const gaz = gazetteerOf(s);
  const out: Attribution[][] = [];
  for (let i = 0; i < t.texts.length; i++) {
    out.push(attributionsWith(t.texts.at(i)!, gaz, s.generic));
    if (progress && (i % 100 === 99 || i === t.texts.length - 1)) progress(i + 1, t.texts.length);
  }
  return out;
}

/**
 * The gazetteer of some attribution options (their entries were checked when the analysis was
 * planned), built once per sources list: documents are read one by one with the same list.
 */
function gazetteerOf(s: AttributionsShared): Gazetteer {
  if (!s.sources?.length) return builtinGazetteer();
  let g = gazetteers.get(s.sources);
  if (!g) gazetteers.set(s.sources, (g = new Gazetteer(s.sources)));
  return g;
}
const gazetteers = new WeakMap<readonly SourceEntry[], Gazetteer>();

/** gramSet of a prepared text, cached per id. */
export function gramsCache(prepared: ReadonlyMap<string, AlignText>): (id: string) => Uint32Array {
  const grams = new Map<string, Uint32Array>();
  return (id) => {
    let g = grams.get(id);
    if (!g) grams.set(id, (g = gramSet(prepared.get(id)!)));
    return g;
  };
}
