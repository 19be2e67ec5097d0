/**
 * News boilerplate: datelines, bylines, "(END)", photo credits, widgets ("Advertisement",
 * "Leave a Reply", share buttons). Returned as character spans of the original text, so
 * the tokeniser can leave those tokens out of the reuse figures while every offset it
 * reports stays an offset into the original.
 */
export interface Span {
  start: number;
  end: number;
}

/** Whole lines that are page furniture, not article text. */
const WIDGET_LINE =
  /^(?:advertisement|sponsored|leave a reply|leave a comment|comments?|\d+ comments?|share(?: this(?: article| story)?)?|tweet|email|print|trending|related(?: articles| stories)?|read more|connect with us|follow us.*|subscribe.*|sign up.*|published|updated|news|more reading!?.*|recommended.*|your email address will not be published.*|required fields are marked.*|proudly powered by.*|all rights reserved.*|copyright ©.*|© ?\d{4}.*|\(end\)|click here.*)$/i;

/** Bylines: "By Jane Doe", "BY JANE DOE", "by Zain ul Abedin", optionally with a role after a comma. */
const BYLINE = /^(?:by|By|BY)\s+\p{Lu}[\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,4}(?:,\s*[\p{L} ]{0,40})?$/u;

/** Photo and image credits as whole lines: "© Matthew Stockman/Getty Images", "Photo: AFP". */
const CREDIT_LINE = /^(?:©|\(c\)|photo(?:graph)?s?\s*(?::|by\b)|image\s*(?::|by\b)|credits?\s*:|picture\s*:|file photo\b)/i;

/** A credit in parentheses inside a line: "(Credits: UPI)", "(Photo: Reuters)" (sticky: tried at each "("). */
const CREDIT_PAREN = /\((?:credits?|photo|image|picture|source)\s*:\s*[^()\n]{1,60}\)/iy;

/**
 * Datelines at the start of a line: "SEOUL, Feb. 20 (Yonhap) --", "SEOUL (Reuters) –",
 * "PYONGYANG, Feb 20 (AFP) -". Only the dateline itself is boilerplate.
 */
const DATELINE =
  /^[\p{Lu}][\p{Lu}\p{M} .'’-]{1,40}(?:,\s*[\p{L}.]{3,10}\.?\s+\d{1,2}(?:,?\s*\d{4})?)?\s*\([^()\n]{2,40}\)\s*(?:--|-|–|—)\s*/u;

/** "(END)" and similar end markers anywhere. */
const END_MARK = /\((?:END|end|More|MORE)\)|\/(?:END|ENDS)\/?/g;

/** Finds boilerplate spans, sorted and non-overlapping. Linear in the text length. */
export function findBoilerplate(text: string): Span[] {
  const spans: Span[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    lineSpans(text, lineStart, lineEnd, spans);
    lineStart = lineEnd + 1;
  }
  parenMarks(text, spans);
  return mergeSpans(spans);
}

/**
 * The boilerplate of the line text[lineStart, lineEnd), trimmed as String.prototype.trim does,
 * without slicing it unless a pattern may match (a long line can only start with a dateline).
 */
function lineSpans(text: string, lineStart: number, lineEnd: number, spans: Span[]): void {
  let s = lineStart;
  while (s < lineEnd && isTrimmed(text.charCodeAt(s))) s++;
  let e = lineEnd;
  while (e > s && isTrimmed(text.charCodeAt(e - 1))) e--;
  const len = e - s;
  if (len === 0) return;
  if (len <= 200) {
    const line = text.slice(s, e);
    if (WIDGET_LINE.test(line) || BYLINE.test(line) || CREDIT_LINE.test(line)) {
      spans.push({ start: s, end: e });
      return;
    }
    const d = mayStartDateline(text, s, e) ? DATELINE.exec(line) : null;
    if (d) spans.push({ start: s, end: s + d[0].length });
    return;
  }
  const d = mayStartDateline(text, s, e) ? DATELINE.exec(text.slice(s, e)) : null;
  if (d) spans.push({ start: s, end: s + d[0].length });
}

/**
 * False when DATELINE cannot match at s: it needs a capital and then a capital, mark, space,
 * period, apostrophe or hyphen, and ASCII characters other than those cannot be one.
 */
function mayStartDateline(text: string, s: number, e: number): boolean {
  if (e - s < 2) return false;
  const c = text.charCodeAt(s);
  if (c < 128 && (c < 65 || c > 90)) return false;
  const c2 = text.charCodeAt(s + 1);
  return c2 >= 128 || (c2 >= 65 && c2 <= 90) || c2 === 32 || c2 === 46 || c2 === 39 || c2 === 45;
}

// Whether String.prototype.trim removes a code unit: `\s` is the same set (WhiteSpace and
// LineTerminator); memoised per code unit (0 unknown, 1 no, 2 yes).
const TRIMMED = /\s/;
const trimmedCache = new Uint8Array(65536);

function isTrimmed(c: number): boolean {
  let k = trimmedCache[c]!;
  if (k === 0) trimmedCache[c] = k = TRIMMED.test(String.fromCharCode(c)) ? 2 : 1;
  return k === 2;
}

const CREDIT_WORD = /(?:[Cc]redit|[Pp]hoto|[Ii]mage|[Pp]icture|[Ss]ource|CREDIT|PHOTO)/y;

/**
 * Credits in parentheses and end markers: both can only be where the text has "(" (or "/END"),
 * so one indexOf pass over the parentheses finds whether to look and where.
 */
function parenMarks(text: string, spans: Span[]): void {
  let credit = false;
  let end = text.includes('END');
  for (let p = text.indexOf('('); p >= 0 && !(credit && end); p = text.indexOf('(', p + 1)) {
    CREDIT_WORD.lastIndex = p + 1;
    if (!credit && CREDIT_WORD.test(text)) credit = true;
    if (!end && (text.startsWith('More', p + 1) || text.startsWith('MORE', p + 1) || text.startsWith('end', p + 1))) end = true;
  }
  if (credit) {
    // left to right, as a global search would find them: each starts at a "("
    for (let p = text.indexOf('('); p >= 0; ) {
      CREDIT_PAREN.lastIndex = p;
      const m = CREDIT_PAREN.exec(text);
      p = text.indexOf('(', m ? p + m[0].length : p + 1);
      if (m) spans.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  if (end) addMatches(text, END_MARK, spans);
}

function addMatches(text: string, re: RegExp, spans: Span[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push({ start: m.index, end: m.index + m[0].length });
}

/** Sorts spans and merges the overlapping or touching ones. */
export function mergeSpans(spans: Span[]): Span[] {
  if (spans.length < 2) return spans.slice();
  const sorted = spans.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [{ ...sorted[0]! }];
  for (let i = 1; i < sorted.length; i++) {
    const cur = sorted[i]!;
    const last = out[out.length - 1]!;
    if (cur.start <= last.end) last.end = Math.max(last.end, cur.end);
    else out.push({ ...cur });
  }
  return out;
}
