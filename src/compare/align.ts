import levenshtein from 'fast-levenshtein';
import type { Doc } from '../doc.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { hashKGram } from '../sketch/hash.js';
import { sortHashes } from '../sketch/sort.js';
import { scratchSetOf } from '../sketch/u32set.js';
import type { Span } from '../text/boilerplate.js';
import { coveredChars, findQuotes, splitSentences } from '../text/sentences.js';
import { resolveTextOptions, scanTokens, scanTokensWithStops, type TextOptions, type TokenTable } from '../text/tokenize.js';

/** `template`: formula wording whose names and figures differ (set by analyze; counted nowhere). */
export type PassageKind = 'verbatim' | 'rewritten' | 'quote' | 'template';

/** A passage both texts share, as character spans of the two original texts. */
export interface Passage {
  a: Span;
  b: Span;
  /** `verbatim`: the same words (small gaps allowed); `rewritten`: a lightly edited sentence; `quote`: inside quotation marks in both. */
  kind: PassageKind;
  /** Tokens of the passage in text a. */
  tokens: number;
  /** Matched share: 1 for an exact copy, lower for gaps and edits. */
  similarity: number;
  /** Most of its shingles occur in many documents of the corpus (stock phrases, shared official lines). */
  common?: boolean;
}

export interface AlignOptions {
  /** Shortest exact run (in words) that seeds a verbatim tile. Default 4. */
  minMatch?: number;
  /** Passages with fewer matched words are dropped. Default 8. */
  minTokens?: number;
  /** Tiles whose gap is at most this many words (in both texts) merge into one passage. Default 6. */
  maxGap?: number;
  /** Rewritten sentences are accepted from this token-level similarity up. Default 0.6. */
  rewriteThreshold?: number;
  /** Look for rewritten sentences at all. Default true. */
  rewrites?: boolean;
  /** Leave boilerplate out. Default true. */
  boilerplate?: boolean;
  /** Word-3-gram hashes (stemmed) that are common in the corpus: passages made mostly of them are flagged `common`. */
  commonShingles?: ReadonlySet<number>;
}

interface Resolved {
  minMatch: number;
  minTokens: number;
  maxGap: number;
  rewriteThreshold: number;
  rewrites: boolean;
  boilerplate: boolean;
  commonShingles?: ReadonlySet<number>;
}

/** Every option alignPassages takes (others are refused by name). */
export const ALIGN_OPTION_NAMES: readonly string[] = ['minMatch', 'minTokens', 'maxGap', 'rewriteThreshold', 'rewrites', 'boilerplate', 'commonShingles'];

export const DEFAULT_ALIGN = { minMatch: 4, minTokens: 8, maxGap: 6, rewriteThreshold: 0.6, rewrites: true, boilerplate: true } as const;

export function resolveAlignOptions(o: AlignOptions | undefined, where: string): Resolved {
  const opts = o ?? {};
  const c = new OptionChecker(where);
  c.int('minMatch', opts.minMatch, 2, 1000);
  c.int('minTokens', opts.minTokens, 1, 100000);
  c.int('maxGap', opts.maxGap, 0, 1000);
  c.num('rewriteThreshold', opts.rewriteThreshold, 0.05, 1);
  c.oneOf('rewrites', opts.rewrites, [true, false]);
  c.oneOf('boilerplate', opts.boilerplate, [true, false]);
  c.done();
  const r: Resolved = {
    minMatch: opts.minMatch ?? DEFAULT_ALIGN.minMatch,
    minTokens: opts.minTokens ?? DEFAULT_ALIGN.minTokens,
    maxGap: opts.maxGap ?? DEFAULT_ALIGN.maxGap,
    rewriteThreshold: opts.rewriteThreshold ?? DEFAULT_ALIGN.rewriteThreshold,
    rewrites: opts.rewrites ?? DEFAULT_ALIGN.rewrites,
    boilerplate: opts.boilerplate ?? DEFAULT_ALIGN.boilerplate,
  };
  if (opts.commonShingles) r.commonShingles = opts.commonShingles;
  return r;
}

/** What alignment needs of one text: stemmed token ids with offsets, sentences and quotes. */
export interface AlignText {
  text: string;
  tokens: TokenTable;
  /** Token index ranges of the sentences. */
  sentences: { from: number; to: number }[];
  quotes: Span[];
  /** Whether each token is a stop word. */
  stop: Uint8Array;
}

/** The stemmed tokens (with their normal forms unless `norms` is false) that alignment works on: the first step of `prepareAlignText`. */
export function alignTokens(text: string, boilerplate = true, norms = true): TokenTable {
  return scanTokens(text, alignTextOptions(boilerplate), norms);
}

const ALIGN_TEXT_OPTIONS = [resolveTextOptions({ stem: true, boilerplate: false }, 'alignPassages'), resolveTextOptions({ stem: true, boilerplate: true }, 'alignPassages')] as const;

/** The text options of alignment: stemmed, stop words kept. */
export function alignTextOptions(boilerplate: boolean): Required<TextOptions> {
  return ALIGN_TEXT_OPTIONS[boilerplate ? 1 : 0];
}

/** Prepares a text once for any number of alignments. */
export function prepareAlignText(text: string, boilerplate = true): AlignText {
  // the stop flags from the token memo (each distinct token tested once), not a Set lookup a token
  const { tokens, stop } = scanTokensWithStops(text, alignTextOptions(boilerplate));
  const sentences: { from: number; to: number }[] = [];
  let t = 0;
  for (const s of splitSentences(text)) {
    while (t < tokens.ids.length && tokens.starts[t]! < s.start) t++;
    const from = t;
    while (t < tokens.ids.length && tokens.ends[t]! <= s.end) t++;
    if (t > from) sentences.push({ from, to: t });
  }
  return { text, tokens, sentences, quotes: findQuotes(text), stop };
}

/** Word-3-gram hashes of token ids, sorted and unique. */
export function gramsOfIds(ids: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.max(0, ids.length - 2));
  for (let i = 0; i + 3 <= ids.length; i++) out[i] = hashKGram(ids, i, 3);
  sortHashes(out);
  let w = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[w - 1]) out[w++] = out[i]!;
  return out.subarray(0, w);
}

/** gramsOfIds of each prepared text, made when first asked for (alignPrepared's common rule and the pair figures read the same). */
const textGrams = new WeakMap<AlignText, Uint32Array>();

/** The stemmed word-3-gram hashes of a prepared text, sorted and unique, made once per prepared text (read only: shared). */
export function gramsOfText(t: AlignText): Uint32Array {
  let g = textGrams.get(t);
  if (!g) textGrams.set(t, (g = gramsOfIds(t.tokens.ids)));
  return g;
}

interface Tile {
  i: number; // token index in a
  j: number; // token index in b
  len: number;
}

/**
 * Work bounds that keep alignment near-linear on hostile or degenerate text ("a b a b …",
 * one phrase repeated for a megabyte), where every seed matches thousands of places. Normal
 * prose never reaches them, so its passages are exactly those of the unbounded algorithm:
 * - a seed k-gram is looked up in at most MAX_SEED_POSTINGS places of text b (its first ones);
 * - seed visits plus words compared while extending stop at WORK_PER_TOKEN × (|a| + |b|) +
 *   WORK_FLOOR; the tiles found until then are kept.
 */
export const ALIGN_LIMITS = { maxSeedPostings: 256, workPerToken: 64, workFloor: 2_000_000, maxRewriteCandidates: 32, maxRewriteSentenceTokens: 500, maxSentencePostings: 1000 } as const;

/**
 * Where each k-gram of b starts, by its hash: an open-addressing table of hashes in typed arrays
 * with, for each, the chain of its positions in increasing order (its first
 * ALIGN_LIMITS.maxSeedPostings only) — a Map of arrays did the same with an object per k-gram.
 */
class SeedTable {
  private readonly keys: Uint32Array;
  private readonly heads: Int32Array;
  private readonly tails: Int32Array;
  private readonly counts: Uint16Array;
  /** Next position of the same k-gram, or -1. */
  readonly next: Int32Array;
  private readonly mask: number;

  constructor(b: Uint32Array, k: number) {
    const n = Math.max(0, b.length - k + 1);
    let cap = 16;
    while (cap < 2 * n) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Uint32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    this.tails = new Int32Array(cap);
    this.counts = new Uint16Array(cap);
    this.next = new Int32Array(n).fill(-1);
    for (let j = 0; j < n; j++) {
      const h = hashKGram(b, j, k);
      const slot = this.slotOf(h);
      if (this.heads[slot] === -1) {
        this.keys[slot] = h;
        this.heads[slot] = j;
      } else if (this.counts[slot]! < ALIGN_LIMITS.maxSeedPostings) this.next[this.tails[slot]!] = j;
      else continue;
      this.tails[slot] = j;
      this.counts[slot]!++;
    }
  }

  /** The slot holding h, or the free slot where it would go. */
  private slotOf(h: number): number {
    let slot = (h ^ (h >>> 16)) & this.mask;
    while (this.heads[slot] !== -1 && this.keys[slot] !== h) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** The first position of the k-gram with hash h, or -1. */
  first(h: number): number {
    return this.heads[this.slotOf(h)]!;
  }
}

/** Greedy string tiling over seed-and-extend matches: maximal exact runs, longest first, no token used twice. */
function tiles(a: Uint32Array, b: Uint32Array, minMatch: number): Tile[] {
  const seeds = new SeedTable(b, minMatch);
  const found: Tile[] = [];
  let work = ALIGN_LIMITS.workPerToken * (a.length + b.length) + ALIGN_LIMITS.workFloor;
  seeding: for (let i = 0; i + minMatch <= a.length; i++) {
    for (let j = seeds.first(hashKGram(a, i, minMatch)); j >= 0; j = seeds.next[j]!) {
      if (--work < 0) break seeding;
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) continue; // not the start of a maximal run
      let len = 0;
      while (i + len < a.length && j + len < b.length && a[i + len] === b[j + len]) len++;
      work -= len;
      if (len >= minMatch) found.push({ i, j, len });
    }
  }
  found.sort((x, y) => y.len - x.len || x.i - y.i || x.j - y.j);
  const usedA = new Uint8Array(a.length);
  const usedB = new Uint8Array(b.length);
  const out: Tile[] = [];
  for (const t of found) {
    // keep the longest unused stretch of the run (a GST tile may be cut by an earlier one)
    let bestStart = -1;
    let bestLen = 0;
    let runStart = -1;
    for (let k = 0; k <= t.len; k++) {
      const free = k < t.len && usedA[t.i + k] === 0 && usedB[t.j + k] === 0;
      if (free && runStart < 0) runStart = k;
      if (!free && runStart >= 0) {
        if (k - runStart > bestLen) {
          bestLen = k - runStart;
          bestStart = runStart;
        }
        runStart = -1;
      }
    }
    if (bestLen < minMatch) continue;
    const tile = { i: t.i + bestStart, j: t.j + bestStart, len: bestLen };
    usedA.fill(1, tile.i, tile.i + tile.len);
    usedB.fill(1, tile.j, tile.j + tile.len);
    out.push(tile);
  }
  return out.sort((x, y) => x.i - y.i);
}

interface TokenPassage {
  /** Lengths of the first and last tiles (verbatim passages), so trimming stays aligned in both texts. */
  head?: number;
  tail?: number;
  a0: number;
  a1: number; // exclusive
  b0: number;
  b1: number;
  matched: number;
  kind: 'verbatim' | 'rewritten';
  similarity: number;
}

function mergeTiles(ts: Tile[], maxGap: number): TokenPassage[] {
  const out: TokenPassage[] = [];
  for (const t of ts) {
    const last = out[out.length - 1];
    if (last && t.i - last.a1 <= maxGap && t.i >= last.a1 && t.j >= last.b1 && t.j - last.b1 <= maxGap) {
      last.a1 = t.i + t.len;
      last.b1 = t.j + t.len;
      last.matched += t.len;
      last.tail = t.len;
    } else out.push({ a0: t.i, a1: t.i + t.len, b0: t.j, b1: t.j + t.len, matched: t.len, kind: 'verbatim', similarity: 1, head: t.len, tail: t.len });
  }
  return out;
}

/**
 * A run of identical words often spills a word or two over a sentence boundary ("… on
 * Tuesday. The"); cut such fragments (shorter than minMatch, inside the end tiles) so that
 * passages end where sentences do.
 */
function trimToSentences(p: TokenPassage, sentenceOf: Int32Array, minMatch: number): void {
  const lastS = sentenceOf[p.a1 - 1]!;
  let k = 0;
  while (k < p.tail! && p.a1 - 1 - k >= p.a0 && sentenceOf[p.a1 - 1 - k] === lastS) k++;
  if (k < minMatch && k < p.tail! && p.a1 - k > p.a0) {
    p.a1 -= k;
    p.b1 -= k;
    p.matched -= k;
  }
  const firstS = sentenceOf[p.a0]!;
  k = 0;
  while (k < p.head! && p.a0 + k < p.a1 && sentenceOf[p.a0 + k] === firstS) k++;
  if (k < minMatch && k < p.head! && p.a0 + k < p.a1) {
    p.a0 += k;
    p.b0 += k;
    p.matched -= k;
  }
}

/** Matched share from which a passage is `verbatim`: one changed word in twenty already makes it a rewrite, not a copy. */
export const VERBATIM_SIMILARITY = 0.95;

/** Share of a passage's span that its matched words fill: 1 for an exact copy. */
function finishVerbatim(p: TokenPassage): void {
  p.similarity = p.matched / Math.max(p.a1 - p.a0, p.b1 - p.b0);
  if (p.similarity < VERBATIM_SIMILARITY) p.kind = 'rewritten';
}

/** Token-level edit distance through fast-levenshtein: each distinct token id becomes one UTF-16 unit. */
function tokenEditDistance(a: Uint32Array, b: Uint32Array): number {
  const codes = new Map<number, number>();
  const enc = (arr: Uint32Array): string => {
    let s = '';
    for (const id of arr) {
      let c = codes.get(id);
      if (c === undefined) {
        c = 0x100 + codes.size;
        if (c >= 0xd800) c += 0x800; // skip the surrogate range
        codes.set(id, c);
      }
      s += String.fromCharCode(c);
    }
    return s;
  };
  return levenshtein.get(enc(a), enc(b));
}

/**
 * The sentences of two texts as strings of UTF-16 units, one unit per distinct token id over
 * both texts (made when first asked for): the edit distance of two sentences is that of their
 * strings, as tokenEditDistance's per-call encoding gives (the distance depends only on which
 * tokens are equal), without encoding a sentence again for each sentence it is compared with.
 * Past SENTENCE_CODES distinct ids the units would run out: undefined, and each comparison
 * encodes its own pair.
 */
class SentenceCodes {
  private readonly strings = [new Map<number, string>(), new Map<number, string>()];
  private full = false;
  /** Distinct ids coded so far. */
  private size = 0;
  /** This instance's stamp in the shared code table (codeTable): its slots are those stamped so. */
  private readonly stamp: number;

  constructor(private readonly texts: readonly [AlignText, AlignText]) {
    this.stamp = codeTable.newStamp();
  }

  /** The string of sentence k of text 0 or 1, or undefined when the units ran out. */
  of(side: 0 | 1, k: number): string | undefined {
    if (this.full) return undefined;
    let str = this.strings[side]!.get(k);
    if (str !== undefined) return str;
    const t = this.texts[side]!;
    const sen = t.sentences[k]!;
    const units = unitScratch.length >= sen.to - sen.from ? unitScratch : (unitScratch = new Uint16Array(2 * (sen.to - sen.from)));
    for (let i = sen.from; i < sen.to; i++) {
      let c = codeTable.get(this.stamp, t.tokens.ids[i]!);
      if (c === 0) {
        if (this.size >= SENTENCE_CODES) {
          this.full = true;
          return undefined;
        }
        c = 0x100 + this.size++;
        if (c >= 0xd800) c += 0x800; // skip the surrogate range
        codeTable.set(this.stamp, t.tokens.ids[i]!, c);
      }
      units[i - sen.from] = c;
    }
    str = stringOfUnits(units, sen.to - sen.from);
    this.strings[side]!.set(k, str);
    return str;
  }
}

/** The string of units[0, n), made a chunk at a time (not a character at a time). */
function stringOfUnits(units: Uint16Array, n: number): string {
  let str = '';
  for (let at = 0; at < n; at += 4096) str += String.fromCharCode.apply(null, units.subarray(at, Math.min(n, at + 4096)) as unknown as number[]);
  return str;
}
let unitScratch = new Uint16Array(1024);

/**
 * SentenceCodes' token id → unit maps, all in one open-addressing table of typed arrays: a slot
 * belongs to the SentenceCodes whose stamp it holds, so a new one starts empty without clearing
 * (a Map<number, number> per pair hashed heap numbers). Only the newest SentenceCodes may be used:
 * they are made and used within one synchronous rewrittenSentences.
 */
class CodeTable {
  private keys = new Uint32Array(1 << 12);
  private units = new Uint16Array(1 << 12);
  private stamps = new Uint32Array(1 << 12);
  private now = 0;
  private used = 0;

  newStamp(): number {
    this.used = 0;
    if (++this.now === 2 ** 32) {
      this.now = 1;
      this.stamps.fill(0);
    }
    return this.now;
  }

  /** The unit of id under `stamp`, or 0. */
  get(stamp: number, id: number): number {
    const mask = this.keys.length - 1;
    for (let i = Math.imul(id, 0x9e3779b1) >>> 0 & mask; ; i = (i + 1) & mask) {
      if (this.stamps[i] !== stamp) return 0;
      if (this.keys[i] === id) return this.units[i]!;
    }
  }

  set(stamp: number, id: number, unit: number): void {
    if (2 * (this.used + 1) > this.keys.length) this.grow(stamp);
    const mask = this.keys.length - 1;
    let i = Math.imul(id, 0x9e3779b1) >>> 0 & mask;
    while (this.stamps[i] === stamp) i = (i + 1) & mask;
    this.stamps[i] = stamp;
    this.keys[i] = id;
    this.units[i] = unit;
    this.used++;
  }

  private grow(stamp: number): void {
    const [keys, units, stamps] = [this.keys, this.units, this.stamps];
    this.keys = new Uint32Array(keys.length * 2);
    this.units = new Uint16Array(keys.length * 2);
    this.stamps = new Uint32Array(keys.length * 2);
    this.used = 0;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === stamp) this.set(stamp, keys[i]!, units[i]!);
  }
}
const codeTable = new CodeTable();

/** Distinct token ids two texts may have for SentenceCodes (units 0x100… up to 0xffff, the surrogates skipped). */
const SENTENCE_CODES = 0xffff - 0x100 - 0x800;

function rewrittenSentences(A: AlignText, B: AlignText, coveredA: Uint8Array, coveredB: Uint8Array, o: Resolved): TokenPassage[] {
  const free = (s: { from: number; to: number }, cov: Uint8Array): boolean => {
    let c = 0;
    for (let t = s.from; t < s.to; t++) c += cov[t]!;
    return c * 2 < s.to - s.from;
  };
  const byStem = stemSentences(B, (k) => free(B.sentences[k]!, coveredB));
  let cells = ALIGN_LIMITS.workPerToken * (A.tokens.ids.length + B.tokens.ids.length) + ALIGN_LIMITS.workFloor;
  const codes = new SentenceCodes([A, B]);
  const scored: { ka: number; kb: number; sim: number }[] = [];
  const counts = new Int32Array(B.sentences.length);
  A.sentences.forEach((s, ka) => {
    if (s.to - s.from < 4 || !free(s, coveredA)) return;
    const shared = sharedSentences(A, s, ka, byStem, counts);
    // the best-sharing candidates only (ties: earlier sentence first)
    const cands = shared.filter(([, n]) => n >= 3);
    if (cands.length > ALIGN_LIMITS.maxRewriteCandidates) cands.sort((x, y) => y[1] - x[1] || x[0] - y[0]).length = ALIGN_LIMITS.maxRewriteCandidates;
    for (const [kb] of cands) {
      const sb = B.sentences[kb]!;
      const la = s.to - s.from;
      const lb = sb.to - sb.from;
      // edit distance is |a| × |b|: a "sentence" of thousands of words (text without full stops) is not compared
      if (la > ALIGN_LIMITS.maxRewriteSentenceTokens || lb > ALIGN_LIMITS.maxRewriteSentenceTokens) continue;
      cells -= la * lb;
      if (cells < 0) return;
      const sa = codes.of(0, ka);
      const sbs = sa === undefined ? undefined : codes.of(1, kb);
      const d = sa !== undefined && sbs !== undefined ? levenshtein.get(sa, sbs) : tokenEditDistance(A.tokens.ids.subarray(s.from, s.to), B.tokens.ids.subarray(sb.from, sb.to));
      // edit similarity, or — for a clause dropped or added — similarity of the shorter inside
      // the longer (only when the shorter keeps most of the longer: a caption inside a long
      // sentence is not a rewrite of it)
      let sim = 1 - d / Math.max(la, lb);
      if (Math.min(la, lb) >= 0.6 * Math.max(la, lb)) sim = Math.max(sim, 0.9 * (1 - (d - Math.abs(la - lb)) / Math.min(la, lb)));
      if (sim >= o.rewriteThreshold) scored.push({ ka, kb, sim });
    }
  });
  scored.sort((x, y) => y.sim - x.sim || x.ka - y.ka || x.kb - y.kb);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: TokenPassage[] = [];
  for (const c of scored) {
    if (usedA.has(c.ka) || usedB.has(c.kb)) continue;
    usedA.add(c.ka);
    usedB.add(c.kb);
    const sa = A.sentences[c.ka]!;
    const sb = B.sentences[c.kb]!;
    out.push({ a0: sa.from, a1: sa.to, b0: sb.from, b1: sb.to, matched: Math.round(c.sim * (sa.to - sa.from)), kind: 'rewritten', similarity: c.sim });
  }
  return out;
}

/** The sentences of B (those `use` keeps) that hold each content stem, each once, and the last A sentence that counted it. */
interface StemSentences {
  sentences: number[];
  lastA: number;
}

/**
 * Inverted index of B's content stems → its sentences (a stem in more than
 * ALIGN_LIMITS.maxSentencePostings sentences left out: it tells nothing about which one is the
 * rewrite, and costs |A| × |B|). A stem is taken once a sentence by comparing with the last
 * sentence it was added for, not through a Set per sentence.
 */
export function stemSentences(B: AlignText, use: (k: number) => boolean): Map<number, StemSentences> {
  const byStem = new Map<number, StemSentences>();
  B.sentences.forEach((s, k) => {
    if (!use(k)) return;
    for (let t = s.from; t < s.to; t++) {
      if (B.stop[t]) continue;
      const id = B.tokens.ids[t]!;
      const e = byStem.get(id);
      if (!e) byStem.set(id, { sentences: [k], lastA: -1 });
      else if (e.sentences[e.sentences.length - 1] !== k) e.sentences.push(k);
    }
  });
  for (const [id, e] of byStem) if (e.sentences.length > ALIGN_LIMITS.maxSentencePostings) byStem.delete(id);
  return byStem;
}

/**
 * [B sentence, content stems it shares with A's sentence `s`], in the order each was first met
 * (what a Map of counts gave): each stem of `s` counted once. `counts` is scratch of one slot per B
 * sentence, all zero, left zero.
 */
export function sharedSentences(A: AlignText, s: { from: number; to: number }, ka: number, byStem: ReadonlyMap<number, StemSentences>, counts: Int32Array): [number, number][] {
  const touched: number[] = [];
  for (let t = s.from; t < s.to; t++) {
    if (A.stop[t]) continue;
    const e = byStem.get(A.tokens.ids[t]!);
    if (!e || e.lastA === ka) continue;
    e.lastA = ka;
    for (const kb of e.sentences) if (counts[kb]!++ === 0) touched.push(kb);
  }
  return touched.map((kb) => {
    const n = counts[kb]!;
    counts[kb] = 0;
    return [kb, n];
  });
}

function toPassage(p: TokenPassage, A: AlignText, B: AlignText, o: Resolved, bGrams: Uint32Array | undefined): Passage {
  const a = { start: A.tokens.starts[p.a0]!, end: A.tokens.ends[p.a1 - 1]! };
  const b = { start: B.tokens.starts[p.b0]!, end: B.tokens.ends[p.b1 - 1]! };
  const inQuotes = (span: Span, q: Span[]): boolean => coveredChars(q, span.start, span.end) >= 0.7 * (span.end - span.start);
  const out: Passage = {
    a,
    b,
    kind: inQuotes(a, A.quotes) && inQuotes(b, B.quotes) ? 'quote' : p.kind,
    tokens: p.a1 - p.a0,
    similarity: Math.round(p.similarity * 1000) / 1000,
  };
  if (o.commonShingles && bGrams) {
    // what the two texts share here beyond stock phrases: 3-grams found in both and not common
    // in the corpus. A generic lede ("Russian President Vladimir Putin … North Korean leader
    // Kim Jong Un") shares only common ones.
    // (a passage that is mostly stock wording, with a few words of its own at the edges, is stock wording too)
    let distinctive = 0;
    let grams = 0;
    const b = scratchSetOf(bGrams);
    for (let t = p.a0; t + 3 <= p.a1; t++) {
      const h = hashKGram(A.tokens.ids, t, 3);
      grams++;
      if (b.has(h) && !o.commonShingles.has(h)) distinctive++;
    }
    if (commonByCounts(distinctive, grams)) out.common = true;
  }
  return out;
}

/**
 * The common rule of one passage, from its counts: fewer distinctive 3-grams (in both texts and
 * not corpus-common) than 4 or half its 3-grams. (Exported for incremental analysis, which
 * re-applies it to stored counts.)
 */
export function commonByCounts(distinctive: number, grams: number): boolean {
  return distinctive < Math.max(4, 0.5 * grams);
}

/** Aligns two prepared texts (the batch path used by analyze and the corpus index). */
export function alignPrepared(A: AlignText, B: AlignText, o: Resolved): Passage[] {
  const sentenceOf = new Int32Array(A.tokens.ids.length).fill(-1);
  A.sentences.forEach((s, k) => sentenceOf.fill(k, s.from, s.to));
  const ps = mergeTiles(tiles(A.tokens.ids, B.tokens.ids, o.minMatch), o.maxGap);
  for (const p of ps) {
    trimToSentences(p, sentenceOf, o.minMatch);
    finishVerbatim(p);
  }
  const kept = ps.filter((p) => p.matched >= o.minTokens);
  ps.length = 0;
  ps.push(...kept);
  if (o.rewrites) {
    const covA = new Uint8Array(A.tokens.ids.length);
    const covB = new Uint8Array(B.tokens.ids.length);
    for (const p of ps) {
      covA.fill(1, p.a0, p.a1);
      covB.fill(1, p.b0, p.b1);
    }
    for (const r of rewrittenSentences(A, B, covA, covB, o)) {
      // never double-count: a sentence that overlaps a verbatim passage in either text is cut to the free part or dropped
      if (overlapsAny(ps, r)) continue;
      if (r.matched >= Math.min(o.minTokens, 6)) ps.push(r);
    }
  }
  ps.sort((x, y) => x.a0 - y.a0 || x.b0 - y.b0);
  // B's 3-grams (made once per prepared text, not per pair)
  const bGrams = o.commonShingles && ps.length > 0 ? gramsOfText(B) : undefined;
  return ps.map((p) => toPassage(p, A, B, o, bGrams));
}

function overlapsAny(ps: TokenPassage[], r: TokenPassage): boolean {
  return ps.some((p) => (r.a0 < p.a1 && p.a0 < r.a1) || (r.b0 < p.b1 && p.b0 < r.b1));
}

type TextLike = Doc | string;
const textOf = (d: TextLike, which: string): string => {
  const t = typeof d === 'string' ? d : d?.text;
  if (typeof t !== 'string') throw new WiretraceError('E_INPUT', 'alignPassages', `${which} has no text string`);
  return t;
};

/**
 * Every passage two texts share, as character spans in both originals: verbatim runs
 * (greedy string tiling over exact word runs, small gaps merged) and lightly rewritten
 * sentences (token edit distance on Porter stems through fast-levenshtein). Passages inside
 * quotation marks in both texts are `quote`; passages made of corpus-common shingles are
 * flagged `common`. Passages never overlap one another.
 *
 * @example
 * alignPassages(wire, article)
 * // [{ a: { start: 120, end: 388 }, b: { start: 0, end: 265 }, kind: 'verbatim', tokens: 44, similarity: 0.98 }]
 */
export function alignPassages(docA: TextLike, docB: TextLike, opts?: AlignOptions): Passage[] {
  const c = new OptionChecker('alignPassages');
  c.known(opts, ALIGN_OPTION_NAMES);
  c.done();
  const o = resolveAlignOptions(opts, 'alignPassages');
  return alignPrepared(prepareAlignText(textOf(docA, 'docA'), o.boilerplate), prepareAlignText(textOf(docB, 'docB'), o.boilerplate), o);
}

/** Shares (and counts) of each text's words covered by passages that count: not quotes, not common. */
export function passageCoverage(passages: readonly Passage[], A: AlignText, B: AlignText): { a: number; b: number; tokensA: number; tokensB: number } {
  const count = (t: AlignText, pick: (p: Passage) => Span): number => {
    const n = t.tokens.ids.length;
    const cov = new Uint8Array(n);
    for (const p of passages) {
      if (p.kind === 'quote' || p.kind === 'template' || p.common) continue;
      const s = pick(p);
      // tokens are sorted by offset: binary search the first one inside the span
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (t.tokens.starts[mid]! < s.start) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < n && t.tokens.ends[k]! <= s.end; k++) cov[k] = 1;
    }
    let c = 0;
    for (let k = 0; k < n; k++) c += cov[k]!;
    return c;
  };
  const ta = count(A, (p) => p.a);
  const tb = count(B, (p) => p.b);
  const na = A.tokens.ids.length;
  const nb = B.tokens.ids.length;
  return { a: na === 0 ? 0 : ta / na, b: nb === 0 ? 0 : tb / nb, tokensA: ta, tokensB: tb };
}
