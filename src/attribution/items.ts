import type { Attribution } from './extract.js';

/**
 * What an item credit speaks for. A news-in-brief page closes each item with its agency's credit
 * ("… for use in the war. (Reuters)", "YONHAP" on a line of its own: itemCreditsWith); a photo's
 * caption is closed the same way. So such a credit covers the words a text shares with a source
 * only when they end in the paragraph it closes and none of them comes after it: the item it
 * closes. A caption inside a lifted story closes no passage of the story, and the lift runs on past
 * it.
 */

interface Span {
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]/u;

/** The paragraph holding position `at`: from after the blank line before it to the blank line after it. */
function paragraphAt(text: string, at: number): Span {
  const before = text.lastIndexOf('\n\n', at);
  const after = text.indexOf('\n\n', at);
  return { start: before < 0 ? 0 : before + 2, end: after < 0 ? text.length : after };
}

/** The paragraph an item credit closes: its own when words come before it there ("… the war. (Reuters)"), else the nearest one before it with words. */
export function itemParagraph(text: string, a: Pick<Attribution, 'start' | 'cueStart'>): Span | undefined {
  const at = Math.min(a.start, a.cueStart);
  const own = paragraphAt(text, at);
  if (WORD.test(text.slice(own.start, at))) return own;
  for (let end = own.start - 2; end > 0; ) {
    const p = paragraphAt(text, end - 1);
    if (WORD.test(text.slice(p.start, p.end))) return p;
    end = p.start - 2;
  }
  return undefined;
}

/**
 * Whether an item credit covers `spans`, the passages a text shares with one source (positions in
 * the text): one of them overlaps the paragraph the credit closes and none runs past the credit (a
 * passage may run over a short caption: the alignment bridges a few words).
 */
export function itemCovers(text: string, a: Pick<Attribution, 'start' | 'end' | 'cueStart' | 'cueEnd'>, spans: readonly Span[]): boolean {
  const p = itemParagraph(text, a);
  if (!p) return false;
  const after = Math.max(a.end, a.cueEnd);
  return spans.some((s) => s.start < p.end && p.start < s.end) && !spans.some((s) => s.end > after);
}
