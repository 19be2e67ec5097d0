import stopwordList from 'natural/lib/natural/util/stopwords.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { hashString } from '../sketch/hash.js';
import { findBoilerplate, type Span } from './boilerplate.js';
import { porterStem } from './porter.js';

/** A token with its normalised form and its character offsets in the original text. */
export interface Token {
  /** NFKC, case-folded, apostrophes and possessive "'s" removed (stemmed when `stem` is on). */
  norm: string;
  /** Offset of the first UTF-16 code unit in the original text. */
  start: number;
  /** Offset one past the last code unit in the original text. */
  end: number;
}

export interface TextOptions {
  /** Porter-stem English tokens (natural's stemmer's stems, porter.ts; memoised per distinct token). Default `false`. */
  stem?: boolean;
  /** Leave stop words out (natural's English list). Default `false`: word n-grams of news keep them. */
  dropStopwords?: boolean;
  /** Leave news boilerplate (datelines, bylines, credits, widgets) out. Default `true`. */
  boilerplate?: boolean;
}

export const DEFAULT_TEXT_OPTIONS: Required<TextOptions> = { stem: false, dropStopwords: false, boilerplate: true };

export function resolveTextOptions(opts: TextOptions | undefined, where: string): Required<TextOptions> {
  const o = { ...DEFAULT_TEXT_OPTIONS, ...stripUndefined(opts ?? {}) };
  const c = new OptionChecker(where);
  c.oneOf('stem', o.stem, [true, false]);
  c.oneOf('dropStopwords', o.dropStopwords, [true, false]);
  c.oneOf('boilerplate', o.boilerplate, [true, false]);
  c.done();
  return o;
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

// ---- character classes -------------------------------------------------------------
// 0 = not yet classified, 1 = separator, 2 = word character, 3 = CJK (a token on its own).
const SEP = 1;
const WORD = 2;
const CJK = 3;
const charClass = new Uint8Array(65536);
const LETTER_OR_NUMBER = /[\p{L}\p{N}\p{M}]/u;
for (let c = 0; c < 128; c++) {
  charClass[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? WORD : SEP;
}

function isCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
    (c >= 0x3400 && c <= 0x4dbf) || // extension A
    (c >= 0x3040 && c <= 0x30ff) || // hiragana, katakana
    (c >= 0xf900 && c <= 0xfaff) || // compatibility ideographs
    (c >= 0x0e00 && c <= 0x0e7f) // Thai: also written without spaces
  );
}

function classify(c: number): number {
  let k = charClass[c]!;
  if (k !== 0) return k;
  if (c >= 0xd800 && c <= 0xdfff) return SEP; // surrogates are handled by the scanner
  k = isCjk(c) ? CJK : LETTER_OR_NUMBER.test(String.fromCharCode(c)) ? WORD : SEP;
  charClass[c] = k;
  return k;
}

function isApostrophe(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2bc || c === 0x2018;
}

// ---- normalisation -----------------------------------------------------------------
const APOSTROPHES = /['’ʼ‘]/g;

/** NFKC, case-folded, apostrophes removed, possessive "'s" dropped. */
export function normalizeToken(raw: string): string {
  let s = raw;
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (!ascii) s = s.normalize('NFKC');
  s = s.toLowerCase();
  if (s.length > 2) {
    const c1 = s.charCodeAt(s.length - 2);
    if ((s.charCodeAt(s.length - 1) === 115 /* s */ && isApostrophe(c1))) s = s.slice(0, -2);
  }
  if (!ascii || s.includes("'")) s = s.replace(APOSTROPHES, '');
  return s;
}

/**
 * Normalises a whole text for display or comparison: NFKC, curly quotes and dashes folded
 * to ASCII, whitespace collapsed, case folded. (The tokeniser normalises token by token so
 * that offsets into the original survive; this is the whole-string equivalent.)
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’ʼ‛′]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const STOPWORDS = new Set<string>(stopwordList.words);

/** Whether a normalised token is an English stop word (natural's list). */
export function isStopword(norm: string): boolean {
  return STOPWORDS.has(norm);
}

// Memos: stemming each distinct token once is what makes the text stage fast (natural's
// stemmer cost ~2–5 µs a call; porter.ts's, the same stems, ~0.3–1.2). Bounded, so a
// long-running process does not grow without end.
const MEMO_LIMIT = 200_000;
const stemMemo = new Map<string, string>();

const MAX_STEM_LENGTH = 64;

/** Porter stem of a normalised token, memoised. Non-Latin tokens are returned as they are. */
export function stemToken(norm: string): string {
  let s = stemMemo.get(norm);
  if (s === undefined) {
    if (stemMemo.size >= MEMO_LIMIT) stemMemo.clear();
    // natural's suffix regexes were quadratic in the word's length (a 30,000-letter "word" took
    // 13 s). No English word is longer than MAX_STEM_LENGTH letters; longer ones stay as they are
    // (still: the stems must not change).
    s = norm.length <= MAX_STEM_LENGTH && /^[a-z]+$/.test(norm) ? porterStem(norm) : norm;
    stemMemo.set(norm, s);
  }
  return s;
}

/** Token hashes with offsets: the compact form the sketch and alignment stages use. */
export interface TokenTable {
  /** 32-bit hash of each kept token's normalised (or stemmed) form. */
  ids: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** The normalised forms, only when asked for. */
  norms?: string[];
}

/** Marks a token that the options drop (stop word, or nothing left after normalising). */
const DROP = -1;

/**
 * Memo from a raw token to its final id, one per option combination: an open-addressing
 * table in typed arrays keyed by two independent 32-bit hashes of the raw characters (plus
 * the length), both computed during the scan. A seen token costs no string allocation and
 * no Map lookup — this is the hot path of the library. Two different spellings would have
 * to collide on 64 bits and the length to be confused.
 */
class TokenMemo {
  private cap = 1 << 14;
  private size = 0;
  // one slot = 4 int32s (h1, h2, length, id): a probe touches one cache line, not four arrays;
  // length 0 marks a free slot, a negative length a token the options drop
  private tab = new Int32Array(this.cap * 4);
  /** The final form of each slot's token (what its id hashes), for scans that keep normal forms. */
  private forms: (string | null)[] = new Array<string | null>(this.cap).fill(null);
  /** 1 for a slot whose final form is a stop word (isStopword), set once when the token is first seen. */
  private stops = new Uint8Array(this.cap);
  /** The slot of the last lookup: `lastForm()` reads its form. */
  private last = 0;
  /** Per slot, `flagTest` of its final form once asked (lastFlag): 0 not yet, 1 false, 2 true. */
  private flags = new Uint8Array(this.cap);
  private flagTest: ((form: string) => boolean) | undefined;
  constructor(private readonly opts: Required<TextOptions>) {}

  /** `test` of the final form of the token of the last lookup (false for a dropped token), each slot's tested once while `test` stays the same. */
  lastFlag(test: (form: string) => boolean): number {
    if (test !== this.flagTest) {
      this.flags.fill(0);
      this.flagTest = test;
    }
    let f = this.flags[this.last]!;
    if (f === 0) {
      const form = this.forms[this.last];
      f = this.flags[this.last] = form !== null && form !== undefined && test(form) ? 2 : 1;
    }
    return f - 1;
  }

  /** The final form of the token of the last lookup (null: a token the options drop). */
  lastForm(): string | null {
    return this.forms[this.last]!;
  }

  /** 1 when the final form of the token of the last lookup is a stop word. */
  lastStop(): number {
    return this.stops[this.last]!;
  }

  /**
   * The slot of a token (inserted on first sight): `idAt(slot)` is its id (0 for a dropped token:
   * ask `isDrop(slot)`). Returns the
   * slot, a small integer, rather than the id, which may not fit a small integer (a boxed
   * number per token when the call is not inlined).
   */
  lookup(text: string, s: number, e: number, h1: number, h2: number): number {
    const len = e - s;
    const mask = this.cap - 1;
    const tab = this.tab;
    let slot = (h1 ^ (h2 >>> 7)) & mask;
    for (;;) {
      const at = slot << 2;
      const l = tab[at + 2]!;
      if (l === 0) break;
      if (tab[at] === h1 && tab[at + 1] === h2 && (l === len || l === -len)) {
        this.last = slot;
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    const form = finalForm(text.slice(s, e), this.opts);
    const id = form === null ? DROP : hashString(form);
    if ((this.size + 1) * 2 > this.cap) {
      this.grow();
      return this.insert(h1, h2, len, id, form);
    }
    this.put(slot, h1, h2, len, id, form);
    return slot;
  }

  /** Whether the token in `slot` is dropped (a stopword or no word): its length is stored negative. */
  isDrop(slot: number): boolean {
    return this.tab[(slot << 2) + 2]! < 0;
  }

  /** The id of the token in `slot` (as an int32: the same 32 bits; 0 for a dropped token). */
  idAt(slot: number): number {
    return this.tab[(slot << 2) + 3]!;
  }

  private put(slot: number, h1: number, h2: number, len: number, id: number, form: string | null): void {
    const at = slot << 2;
    this.tab[at] = h1;
    this.tab[at + 1] = h2;
    this.tab[at + 2] = id === DROP ? -len : len;
    this.tab[at + 3] = id === DROP ? 0 : id;
    this.forms[slot] = form;
    this.stops[slot] = form !== null && STOPWORDS.has(form) ? 1 : 0;
    this.flags[slot] = 0;
    this.last = slot;
    this.size++;
  }

  private insert(h1: number, h2: number, len: number, id: number, form: string | null): number {
    const mask = this.cap - 1;
    let slot = (h1 ^ (h2 >>> 7)) & mask;
    while (this.tab[(slot << 2) + 2] !== 0) slot = (slot + 1) & mask;
    this.put(slot, h1, h2, len, id, form);
    return slot;
  }

  private grow(): void {
    const old = this.tab;
    const oldForms = this.forms;
    // bounded: past the limit start afresh rather than grow without end
    this.cap = this.size >= MEMO_LIMIT ? 1 << 14 : this.cap * 2;
    this.tab = new Int32Array(this.cap * 4);
    this.forms = new Array<string | null>(this.cap).fill(null);
    this.stops = new Uint8Array(this.cap);
    this.flags = new Uint8Array(this.cap); // asked again: slots move
    const keep = this.size < MEMO_LIMIT;
    this.size = 0;
    if (!keep) return;
    for (let at = 0; at < old.length; at += 4) {
      const l = old[at + 2]!;
      if (l !== 0) this.insert(old[at]!, old[at + 1]!, Math.abs(l), l < 0 ? DROP : old[at + 3]! >>> 0, oldForms[at >> 2]!);
    }
  }
}

const memos = new Map<number, TokenMemo>();

function finalForm(raw: string, opts: Required<TextOptions>): string | null {
  let norm = normalizeToken(raw);
  if (norm.length === 0) return null;
  if (opts.dropStopwords && STOPWORDS.has(norm)) return null;
  if (opts.stem) norm = stemToken(norm);
  return norm;
}

function memoFor(opts: Required<TextOptions>): TokenMemo {
  const key = (opts.stem ? 1 : 0) | (opts.dropStopwords ? 2 : 0);
  let m = memos.get(key);
  if (!m) memos.set(key, (m = new TokenMemo(opts)));
  return m;
}

// Scratch buffers reused by every scan (the scan is synchronous, so one set suffices):
// typed-array allocation, not arithmetic, is what costs most per document.
let scratchIds = new Uint32Array(4096);
let scratchStarts = new Uint32Array(4096);
let scratchEnds = new Uint32Array(4096);
let scratchIds2 = new Uint32Array(4096);
const scratchForms: string[] = [];
const scratchForms2: string[] = [];
let scratchStops = new Uint8Array(4096);
let scratchFlags2 = new Uint8Array(4096);

function growScratch(): void {
  const n = scratchIds.length * 2;
  scratchIds = grown(scratchIds, n);
  scratchIds2 = grown(scratchIds2, n);
  scratchStarts = grown(scratchStarts, n);
  scratchEnds = grown(scratchEnds, n);
  scratchStops = grown(scratchStops, n);
  scratchFlags2 = grown(scratchFlags2, n);
}

/** A copy of a typed array in one of length n. */
function grown<T extends Uint32Array | Uint8Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** A scan's result in the shared scratch buffers: valid until the next scan. */
export interface ScratchTokens {
  count: number;
  ids: Uint32Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** The final forms of the tokens, when asked for (`forms`). */
  forms?: readonly string[];
  /** The ids of the same tokens under the `also` options, when asked for. */
  ids2?: Uint32Array;
  /** Their final forms under the `also` options, when asked for (`alsoForms`). */
  forms2?: readonly string[];
  /** 1 for each token whose final form is a stop word (isStopword), when asked for (`stops`). */
  stops?: Uint8Array;
  /** 1 for each token whose final form under the `also` options passes `alsoFlag`, when asked for. */
  flags2?: Uint8Array;
}

/** What a scan gives besides the ids: the final forms, and ids under other options. */
export interface ScanExtras {
  forms?: boolean;
  /**
   * A second set of text options whose ids are computed in the same scan (each token's two
   * memo lookups share its hashes). Only options that keep and drop the same tokens:
   * the same boilerplate and dropStopwords (stemming may differ).
   */
  also?: Required<TextOptions>;
  /** The final forms under the `also` options too. */
  alsoForms?: boolean;
  /** Whether each token's final form is a stop word (read from the memo: each distinct token tested once). */
  stops?: boolean;
  /**
   * A test of the final forms under the `also` options (a pure function of the form), its answer
   * for each token in `flags2`: each distinct token tested once (kept in the memo while the
   * same function is passed).
   */
  alsoFlag?: (form: string) => boolean;
}

/**
 * Scans the text once with a char-code classifier (≈4× faster than a `\p{L}` regex).
 * Words are runs of letters, digits and marks, with inner apostrophes kept ("don't",
 * "Russia’s"); hyphens and other punctuation split ("Yo-jong" → "yo", "jong"). Each CJK
 * or Thai character is a token of its own, so character n-grams arise for scripts written
 * without spaces. Results land in shared scratch buffers (see scanTokens for a copy).
 */
export function scanIntoScratch(text: string, opts: Required<TextOptions>, extras?: ScanExtras): ScratchTokens {
  if (typeof text !== 'string') throw new WiretraceError('E_INPUT', 'tokenize', `text must be a string (got ${typeof text})`);
  const also = extras?.also;
  if (also && (also.boilerplate !== opts.boilerplate || also.dropStopwords !== opts.dropStopwords)) throw new Error('scanIntoScratch: `also` must keep the same tokens');
  const memo2 = also ? memoFor(also) : undefined;
  const forms = extras?.forms === true;
  const forms2 = memo2 !== undefined && extras?.alsoForms === true;
  const stops = extras?.stops === true;
  const flag2 = memo2 !== undefined ? extras?.alsoFlag : undefined;
  const n = text.length;
  const skip: Span[] = opts.boilerplate ? findBoilerplate(text) : [];
  let skipIdx = 0;
  let nextSkip = skip.length > 0 ? skip[0]!.start : Infinity;
  let count = 0;
  const memo = memoFor(opts);

  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    const start = i;
    let h: number; // FNV-1a of the raw characters
    let h2: number; // and an independent polynomial hash of them (see TokenMemo)
    let cjk = false;
    if (c < 128) {
      if (charClass[c] !== WORD) {
        i++;
        continue;
      }
      h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
      h2 = c;
      i++;
    } else {
      let cls: number;
      let width = 1;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        width = 2;
        const cp = ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
        cls = cp >= 0x20000 && cp <= 0x3ffff ? CJK : LETTER_OR_NUMBER.test(text.slice(i, i + 2)) ? WORD : SEP;
      } else cls = c >= 0xd800 && c <= 0xdfff ? SEP : classify(c);
      if (cls === SEP) {
        i += width;
        continue;
      }
      h = Math.imul(0x811c9dc5 ^ c, 0x01000193);
      h2 = c;
      if (width === 2) {
        h = Math.imul(h ^ text.charCodeAt(i + 1), 0x01000193);
        h2 = (Math.imul(h2, 0x2f0b3a49) + text.charCodeAt(i + 1)) | 0;
      }
      i += width;
      cjk = cls === CJK; // a CJK character is a token on its own
    }
    if (!cjk) {
      while (i < n) {
        c = text.charCodeAt(i);
        if (c < 128) {
          // an apostrophe between two word characters stays inside the word
          if (charClass[c] === WORD || (c === 0x27 && i + 1 < n && classifyAt(text, i + 1) === WORD)) {
            h = Math.imul(h ^ c, 0x01000193);
            h2 = (Math.imul(h2, 0x2f0b3a49) + c) | 0;
            i++;
            continue;
          }
          break;
        }
        if ((isApostrophe(c) && i + 1 < n && classifyAt(text, i + 1) === WORD) || (c < 0xd800 || c > 0xdfff ? classify(c) === WORD : false)) {
          h = Math.imul(h ^ c, 0x01000193);
          h2 = (Math.imul(h2, 0x2f0b3a49) + c) | 0;
          i++;
          continue;
        }
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && LETTER_OR_NUMBER.test(text.slice(i, i + 2))) {
          h = Math.imul(Math.imul(h ^ c, 0x01000193) ^ text.charCodeAt(i + 1), 0x01000193);
          h2 = (Math.imul((Math.imul(h2, 0x2f0b3a49) + c) | 0, 0x2f0b3a49) + text.charCodeAt(i + 1)) | 0;
          i += 2;
          continue;
        }
        break;
      }
    }
    // the token is text[start, i)
    if (i > nextSkip) {
      while (skipIdx < skip.length && skip[skipIdx]!.end <= start) skipIdx++;
      nextSkip = skipIdx < skip.length ? skip[skipIdx]!.start : Infinity;
      if (i > nextSkip) continue; // inside boilerplate
    }
    const slot = memo.lookup(text, start, i, h, h2);
    if (memo.isDrop(slot)) continue;
    if (count === scratchIds.length) growScratch();
    scratchIds[count] = memo.idAt(slot);
    scratchStarts[count] = start;
    scratchEnds[count] = i;
    if (forms) scratchForms[count] = memo.lastForm()!;
    if (stops) scratchStops[count] = memo.lastStop();
    if (memo2) {
      scratchIds2[count] = memo2.idAt(memo2.lookup(text, start, i, h, h2));
      if (forms2) scratchForms2[count] = memo2.lastForm()!;
      if (flag2) scratchFlags2[count] = memo2.lastFlag(flag2);
    }
    count++;
  }
  const out: ScratchTokens = { count, ids: scratchIds, starts: scratchStarts, ends: scratchEnds };
  if (forms) out.forms = scratchForms;
  if (memo2) out.ids2 = scratchIds2;
  if (forms2) out.forms2 = scratchForms2;
  if (stops) out.stops = scratchStops;
  if (flag2) out.flags2 = scratchFlags2;
  return out;
}

/** scanTokens with the normal forms, and which of them are stop words (`isStopword` of each norm). */
export function scanTokensWithStops(text: string, opts: Required<TextOptions>): { tokens: TokenTable; stop: Uint8Array } {
  const t = scanIntoScratch(text, opts, { forms: true, stops: true });
  const tokens: TokenTable = { ids: t.ids.slice(0, t.count), starts: t.starts.slice(0, t.count), ends: t.ends.slice(0, t.count), norms: t.forms!.slice(0, t.count) };
  return { tokens, stop: t.stops!.slice(0, t.count) };
}

/** Scans and copies the tokens out of the scratch buffers. */
export function scanTokens(text: string, opts: Required<TextOptions>, keepNorms = false): TokenTable {
  const t = scanIntoScratch(text, opts, keepNorms ? { forms: true } : undefined);
  const out: TokenTable = { ids: t.ids.slice(0, t.count), starts: t.starts.slice(0, t.count), ends: t.ends.slice(0, t.count) };
  // the memo's form of each token: what finalForm gives its characters, without computing it again
  if (keepNorms) out.norms = t.forms!.slice(0, t.count);
  return out;
}

function classifyAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? charClass[c]! : classify(c);
}

/**
 * Splits text into tokens with offsets into the original text.
 *
 * @example
 * tokenize('SEOUL (Yonhap) -- Kim’s car') // [{ norm: 'kim', start: 18, end: 23 }, { norm: 'car', ... }]
 */
export function tokenize(text: string, opts?: TextOptions): Token[] {
  const o = resolveTextOptions(opts, 'tokenize');
  const t = scanTokens(text, o, true);
  const out: Token[] = new Array(t.ids.length);
  for (let i = 0; i < t.ids.length; i++) out[i] = { norm: t.norms![i]!, start: t.starts[i]!, end: t.ends[i]! };
  return out;
}
