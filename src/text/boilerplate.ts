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

/** A credit in parentheses inside a line: "(Credits: UPI)", "(Photo: Reuters)". */
const CREDIT_PAREN = /\((?:credits?|photo|image|picture|source)\s*:\s*[^()\n]{1,60}\)/gi;

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
    const raw = text.slice(lineStart, lineEnd);
    const lead = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (line.length > 0 && line.length <= 200) {
      const s = lineStart + lead;
      if (WIDGET_LINE.test(line) || BYLINE.test(line) || CREDIT_LINE.test(line)) {
        spans.push({ start: s, end: s + line.length });
      } else {
        const d = DATELINE.exec(line);
        if (d) spans.push({ start: s, end: s + d[0].length });
      }
    } else if (line.length > 200) {
      const d = DATELINE.exec(line);
      if (d) spans.push({ start: lineStart + lead, end: lineStart + lead + d[0].length });
    }
    lineStart = lineEnd + 1;
  }
  const hasCredit = /\((?:[Cc]redit|[Pp]hoto|[Ii]mage|[Pp]icture|[Ss]ource|CREDIT|PHOTO)/.test(text);
  const hasEnd = text.includes('END') || text.includes('(More') || text.includes('(MORE') || text.includes('(end');
  for (const re of [hasCredit ? CREDIT_PAREN : null, hasEnd ? END_MARK : null]) {
    if (!re) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return mergeSpans(spans);
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
