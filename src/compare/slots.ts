import type { Span } from '../text/boilerplate.js';
import { isStopword } from '../text/tokenize.js';
import { trimEndWhere } from '../text/trim.js';

/**
 * Slot words and figure folding (the template and stock-phrase rules, compare/template.ts) by
 * char-code scanning instead of Unicode regexes: the same words as the regex
 *
 *   /\p{Lu}[\p{L}\p{M}'’.&-]*|\p{N}[\p{N}.,:/-]*|\b(?:one|two|…|nil)\b/gu
 *
 * (leftmost match, alternatives in that order, \b on ASCII word characters as in a `u` regex
 * without `i`), at ~5× its speed: the regex over every text was 15% of analyze's CPU time.
 * Character classes are looked up in a table filled on first sight of each code unit.
 */

/** Number words the slot rule matches (lower case, whole ASCII words). No one is a prefix of another. */
const SLOT_NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'thousand', 'nil'];

/** Number words that are slot words even when they are stop words, and that foldedIds folds. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'thousand', 'nil']);

/** The id every figure is folded into. */
export const FOLDED = 0x9e3779b9;

// class bits of one code point
const LU = 1;
const L = 2;
const M = 4;
const N = 8;
const SEEN = 128;
const classes = new Uint8Array(65536);
const RE_LU = /^\p{Lu}$/u;
const RE_L = /^\p{L}$/u;
const RE_M = /^\p{M}$/u;
const RE_N = /^\p{N}$/u;

function classOfString(s: string): number {
  return (RE_LU.test(s) ? LU : 0) | (RE_L.test(s) ? L : 0) | (RE_M.test(s) ? M : 0) | (RE_N.test(s) ? N : 0);
}

/**
 * Class bits of the code point at i (a lone surrogate has none) with its width in code units
 * above them: `cls | width << 8` (a number, not an object: this runs for every non-ASCII character).
 */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
    return classOfString(text.slice(i, i + 2)) | (2 << 8);
  }
  return classOfCode(c) | (1 << 8);
}

function classOfCode(c: number): number {
  const k = classes[c]!;
  if (k !== 0) return k & ~SEEN;
  const cls = c >= 0xd800 && c <= 0xdfff ? 0 : classOfString(String.fromCharCode(c));
  classes[c] = cls | SEEN;
  return cls;
}

/** ASCII word characters of \b: [A-Za-z0-9_]. */
function isAsciiWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** End of the run of name characters [\p{L}\p{M}'’.&-] from i, `limit` at most. */
function nameEnd(text: string, i: number, limit: number): number {
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x27 || c === 0x2019 || c === 0x2e || c === 0x26 || c === 0x2d) {
      i++;
      continue;
    }
    if (c < 128) {
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) break;
      i++;
      continue;
    }
    const cw = classAt(text, i);
    if ((cw & (L | M)) === 0) break;
    i += cw >> 8;
  }
  return i;
}

/** End of the run of figure characters [\p{N}.,:/-] from i, `limit` at most. */
function figureEnd(text: string, i: number, limit: number): number {
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x2c || c === 0x3a || c === 0x2f || c === 0x2d || (c >= 48 && c <= 57)) {
      i++;
      continue;
    }
    if (c < 128) break;
    const cw = classAt(text, i);
    if ((cw & N) === 0) break;
    i += cw >> 8;
  }
  return i;
}

/** End of a whole number word starting at i, after a \b (checked by the caller), or -1. */
function numberWordEnd(text: string, i: number): number {
  next: for (const w of NUMBER_WORDS_BY_FIRST[text.charCodeAt(i)]!) {
    // char by char: most words fail on their second or third letter ("the", "to", "for")
    for (let k = 1; k < w.length; k++) if (text.charCodeAt(i + k) !== w.charCodeAt(k)) continue next;
    const e = i + w.length;
    return e < text.length && isAsciiWord(text.charCodeAt(e)) ? -1 : e;
  }
  return -1;
}

// what an ASCII character may start: nothing, a name, a figure, a number word
const NAME = 1;
const FIGURE = 2;
const NUMBER_WORD = 3;
const ASCII_START = new Uint8Array(128);
for (let c = 65; c <= 90; c++) ASCII_START[c] = NAME;
for (let c = 48; c <= 57; c++) ASCII_START[c] = FIGURE;
for (const w of SLOT_NUMBER_WORDS) ASCII_START[w.charCodeAt(0)] = NUMBER_WORD;
/** ASCII word characters of \b (isAsciiWord) as a table. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (isAsciiWord(c) ? 1 : 0));
/** The slot number words by the code of their first letter. */
const NUMBER_WORDS_BY_FIRST: string[][] = Array.from({ length: 128 }, (_, c) => SLOT_NUMBER_WORDS.filter((w) => w.charCodeAt(0) === c));

// the last match of nextMatch: [matchStart, matchEnd)
let matchStart = 0;
let matchEnd = 0;

/**
 * Characters past a span's end up to which a slot word starting in the span is read. A word runs
 * on to the end of its run of name or figure characters, which a hostile text makes as long as
 * itself ("Wab-Wac-Wad-…"): read whole, every span ending inside it would cost the rest of the run.
 * Words of real text are far shorter.
 */
const SLOT_OVERRUN = 64;

/**
 * The next slot-word match at or after `from` and starting before `before`, in
 * [matchStart, matchEnd) (reaching SLOT_OVERRUN characters past `before` at most): false when
 * there is none. A number word needs a \b before it: the previous character is tracked
 * (ASCII_WORD), not read again.
 */
function nextMatch(text: string, from: number, before: number): boolean {
  const limit = Math.min(text.length, before + SLOT_OVERRUN);
  let prevWord = from > 0 && isAsciiWord(text.charCodeAt(from - 1));
  for (let i = from; i < before; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const k = ASCII_START[c]!;
      const wasWord = prevWord;
      prevWord = ASCII_WORD[c] === 1;
      if (k === 0 || (k === NUMBER_WORD && wasWord)) continue;
      if (k === NAME) return found(i, nameEnd(text, i + 1, limit));
      if (k === FIGURE) return found(i, figureEnd(text, i + 1, limit));
      const e = numberWordEnd(text, i);
      if (e > 0) return found(i, e);
      continue;
    }
    prevWord = false; // \b counts ASCII word characters only
    const cw = classAt(text, i);
    if (cw & LU) return found(i, nameEnd(text, i + (cw >> 8), limit));
    if (cw & N) return found(i, figureEnd(text, i + (cw >> 8), limit));
  }
  return false;
}

function found(start: number, end: number): true {
  matchStart = start;
  matchEnd = end;
  return true;
}

/** Whether c is one of the trailing characters slot words drop: . , : / ' ’ - */
function isTrailing(c: number): boolean {
  return c === 0x2e || c === 0x2c || c === 0x3a || c === 0x2f || c === 0x27 || c === 0x2019 || c === 0x2d;
}

/** Whether a string holds an ASCII digit (/\d/). */
export function hasDigit(w: string): boolean {
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

// raw slot word → its normal form, or null for a word that is left out (bounded like the token memos)
const SLOT_MEMO_LIMIT = 100_000;
const slotMemo = new Map<string, string | null>();

/** The normal form of a raw slot word (case folded), or null when it is a capitalised function word, which names nothing. */
function slotWordOf(raw: string): string | null {
  // a long slice may be a view into the whole text: not kept as a key
  if (raw.length > SLOT_MEMO_MAX_LENGTH) return normalSlotWord(raw);
  let w = slotMemo.get(raw);
  if (w === undefined) {
    w = normalSlotWord(raw);
    if (slotMemo.size >= SLOT_MEMO_LIMIT) slotMemo.clear();
    slotMemo.set(raw, w);
  }
  return w;
}
const SLOT_MEMO_MAX_LENGTH = 12;

function normalSlotWord(raw: string): string | null {
  const w = raw.toLowerCase();
  if (w.length === 0) return null;
  // a capitalised function word starts a sentence and names nothing
  return !hasDigit(w) && !NUMBER_WORDS.has(w) && isStopword(w) ? null : w;
}

/** The slot words of a span, normalised (case folded, trailing punctuation dropped). Bounded: the first 400. */
export function slotWords(text: string, span: Span): string[] {
  const out: string[] = [];
  // with a `u` regex a match never starts inside a surrogate pair: such a start is the regex's business
  if (span.start > 0 && (text.charCodeAt(span.start) & 0xfc00) === 0xdc00 && (text.charCodeAt(span.start - 1) & 0xfc00) === 0xd800) return slotWordsByRegex(text, span);
  let at = span.start;
  while (out.length < 400) {
    if (!nextMatch(text, at, Math.min(span.end, text.length))) break;
    const start = matchStart;
    const end = matchEnd;
    at = end;
    let e = end;
    while (e > start && isTrailing(text.charCodeAt(e - 1))) e--;
    const w = slotWordOf(text.slice(start, e));
    if (w !== null) out.push(w);
  }
  return out;
}

const SLOT = /\p{Lu}[\p{L}\p{M}'’.&-]*|\p{N}[\p{N}.,:/-]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|nil)\b/gu;

/** The regex that slotWords scans like (kept for the odd start and as the reference of the tests), over the text up to SLOT_OVERRUN characters past the span. */
export function slotWordsByRegex(whole: string, span: Span): string[] {
  const out: string[] = [];
  let cut = span.end + SLOT_OVERRUN;
  if ((whole.charCodeAt(cut - 1) & 0xfc00) === 0xd800) cut++; // not between a surrogate pair's halves, which slotWords reads as one
  const text = whole.length > cut ? whole.slice(0, cut) : whole;
  SLOT.lastIndex = span.start;
  for (let m = SLOT.exec(text); m && m.index < span.end && out.length < 400; m = SLOT.exec(text)) {
    const w = trimEndWhere(m[0], isTrailing).toLowerCase();
    if (w.length === 0) continue;
    if (!/\d/.test(w) && !NUMBER_WORDS.has(w) && isStopword(w)) continue;
    out.push(w);
  }
  return out;
}

/** Whether a token's normal form is a figure for foldedIds: it starts with a number, or is a number word. */
export function isFigureForm(n: string): boolean {
  if (n.length === 0) return false;
  const c = n.charCodeAt(0);
  if (c >= 48 && c <= 57) return true;
  if (c >= 128 && (classAt(n, 0) & N) !== 0) return true;
  return NUMBER_WORDS.has(n);
}

/** Token ids with every figure (digits, number words) folded into one id: the shape of formula wording. Tokens without a normal form are no figure. */
export function foldedIds(t: { tokens: { ids: Uint32Array; norms?: readonly (string | undefined)[] } }): Uint32Array {
  const ids = t.tokens.ids.slice();
  const norms = t.tokens.norms;
  if (!norms) return ids;
  for (let i = 0; i < ids.length; i++) {
    const n = norms[i];
    if (n !== undefined && isFigureForm(n)) ids[i] = FOLDED;
  }
  return ids;
}
