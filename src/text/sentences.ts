import abbreviations from 'natural/lib/natural/util/abbreviations_en.js';
import type { Span } from './boilerplate.js';

const ABBREV = new Set<string>([...abbreviations.knownAbbreviations.map((a) => a.toLowerCase().replace(/\.$/, '')), 'u.n', 'u.s', 'u.k', 'e.u', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'gov', 'gen', 'col', 'lt', 'sgt', 'rep', 'sen', 'st', 'no', 'vs']);

// The character tests of splitSentences by char code, with the regexes for what is not ASCII.
/** " ' ” ’ » ) ]: closing quotes and brackets a sentence keeps. */
const CLOSING = new Set([0x22, 0x27, 0x201d, 0x2019, 0xbb, 0x29, 0x5d]);

/** /\s/ on the code unit at k. */
function isSpaceAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  return c < 0x80 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : /\s/.test(text[k]!);
}

/** /[\p{Lu}\d"“‘'«(]/u on the code unit at k: what may start a sentence. */
function startsSentenceAt(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x22 || c === 0x27 || c === 0x28;
  return /[\p{Lu}\d"“‘'«(]/u.test(text[k]!);
}

/**
 * Sentence spans of the original text (offsets exact). Breaks at ., ! or ? followed by space
 * and an upper-case letter, digit or quote, except after known abbreviations ("U.N.",
 * "Feb.", "Mr."), and always at blank lines and line breaks. natural's English abbreviation
 * list is used; its tokenizer is not, because it does not report offsets.
 */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && isSpaceAt(text, s)) s++;
    while (e > s && isSpaceAt(text, e - 1)) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // by char code: only line breaks and . ! ? need a look (this runs over every prepared text)
    if (code !== 0x0a && code !== 0x2e && code !== 0x21 && code !== 0x3f) continue;
    const c = text[i]!;
    if (c === '\n') {
      push(i + 1);
      continue;
    }
    // include closing quotes and brackets in the sentence
    let j = i + 1;
    while (j < text.length && CLOSING.has(text.charCodeAt(j))) j++;
    if (j < text.length && !isSpaceAt(text, j)) continue;
    let k = j;
    while (k < text.length && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) k++;
    if (k < text.length && text.charCodeAt(k) !== 0x0a && !startsSentenceAt(text, k)) continue;
    if (c === '.' && endsAbbreviation(text, Math.max(start, i - 12), i)) continue;
    push(j);
  }
  push(text.length);
  return out;
}

/**
 * Whether the period at `end` ends a known abbreviation ("U.N.", "Feb.", "Mr.") or an initial
 * ("Donald J. Trump"): the run of letters and periods before it, within [from, end). An ASCII run
 * is read by char code (this runs at every period of every prepared text); one that meets a
 * character above 0x7f, which may be a letter, goes through the regex.
 */
export function endsAbbreviation(text: string, from: number, end: number): boolean {
  let k = end;
  while (k > from) {
    const d = text.charCodeAt(k - 1);
    if (d >= 0x80) return endsAbbreviationRe(text.slice(from, end));
    if (d !== 0x2e && ((d | 0x20) < 0x61 || (d | 0x20) > 0x7a)) break;
    k--;
  }
  if (k === end) return false;
  if (end - k === 1) {
    const d = text.charCodeAt(k);
    if (d >= 0x41 && d <= 0x5a) return true; // an initial
  }
  let a = k;
  let b = end;
  while (a < b && text.charCodeAt(a) === 0x2e) a++;
  while (b > a && text.charCodeAt(b - 1) === 0x2e) b--;
  return ABBREV.has(text.slice(a, b).toLowerCase());
}

/** endsAbbreviation by the regexes, for a run that may hold letters above 0x7f. */
export function endsAbbreviationRe(before: string): boolean {
  const m = /([\p{L}.]+)$/u.exec(before);
  if (m && ABBREV.has(m[1]!.toLowerCase().replace(/^\.+|\.+$/g, ''))) return true;
  return !!m && /^\p{Lu}$/u.test(m[1]!); // an initial: "Donald J. Trump"
}

// “ « „ open, ” » ‟ close (by char code: this scans every character of every prepared text)
const OPEN_CODES = new Set([0x201c, 0xab, 0x201e]);
const CLOSE_CODES = new Set([0x201d, 0xbb, 0x201f]);

/**
 * Spans of quoted speech: between “ and ” (or « », „ “), tolerating mismatched pairs such as
 * “…» found in translated copy, and between straight double quotes. An unclosed quote runs
 * to the end of its paragraph.
 */
export function findQuotes(text: string): Span[] {
  const out: Span[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // the six quote marks above 0x7f compared, not looked up in the Sets: this runs for every ’ too
    if (c < 0x80 ? c !== 0x0a && c !== 0x22 : c !== 0x201c && c !== 0x201d && c !== 0x201e && c !== 0x201f && c !== 0xab && c !== 0xbb) continue;
    if (c === 0x0a && i + 1 < text.length && text.charCodeAt(i + 1) === 0x0a && open >= 0) {
      out.push({ start: open, end: i });
      open = -1;
      continue;
    }
    if (c === 0x22) {
      if (open < 0) open = i;
      else {
        out.push({ start: open, end: i + 1 });
        open = -1;
      }
    } else if (OPEN_CODES.has(c) && open < 0) open = i;
    else if (CLOSE_CODES.has(c) && open >= 0) {
      out.push({ start: open, end: i + 1 });
      open = -1;
    }
  }
  if (open >= 0) out.push({ start: open, end: text.length });
  return out;
}

/** How many characters the spans hold (overlaps counted as often as they occur). */
export function spanChars(spans: readonly Span[]): number {
  let n = 0;
  for (const s of spans) n += s.end - s.start;
  return n;
}

/** Share of the characters of `spans` that lie inside `cover` (sorted, disjoint: coveredChars); undefined when `spans` hold none. */
export function coveredShare(spans: readonly Span[], cover: readonly Span[]): number | undefined {
  const total = spanChars(spans);
  if (total === 0) return undefined;
  let n = 0;
  for (const s of spans) n += coveredChars(cover, s.start, s.end);
  return n / total;
}

/** How many characters of [start, end) lie inside the (sorted, disjoint) spans. */
export function coveredChars(spans: readonly Span[], start: number, end: number): number {
  let n = 0;
  for (const s of spans) {
    if (s.end <= start) continue;
    if (s.start >= end) break;
    n += Math.min(end, s.end) - Math.max(start, s.start);
  }
  return n;
}

/** The parts of the (sorted, disjoint) spans outside `cover` (sorted, disjoint). */
export function uncovered(spans: readonly Span[], cover: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    let at = s.start;
    for (const c of cover) {
      if (c.end <= at) continue;
      if (c.start >= s.end) break;
      if (c.start > at) out.push({ start: at, end: c.start });
      at = Math.max(at, c.end);
    }
    if (at < s.end) out.push({ start: at, end: s.end });
  }
  return out;
}
