/**
 * Trimming a word's edges in linear time. A regex like /[.,]+$/ is tried at every run of the
 * characters it drops and backtracks over each run that does not reach the end ("1.0.0.…0x"), so
 * one hostile word costs its length squared; these loops look at each character once.
 */

/** `s` without the characters at its end whose char code `drop` accepts. */
export function trimEndWhere(s: string, drop: (c: number) => boolean): string {
  let e = s.length;
  while (e > 0 && drop(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** `s` without the characters at its start whose char code `drop` accepts. */
export function trimStartWhere(s: string, drop: (c: number) => boolean): string {
  let b = 0;
  while (b < s.length && drop(s.charCodeAt(b))) b++;
  return b === 0 ? s : s.slice(b);
}

/** A test of char codes for a set of (BMP) characters. */
export function charsIn(chars: string): (c: number) => boolean {
  const set = new Set(Array.from(chars, (ch) => ch.charCodeAt(0)));
  return (c) => set.has(c);
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

/** Whether a code point is a letter or a number (\p{L}, \p{N}); a lone surrogate is neither. */
function letterOrNumber(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
}

/** `s` without what is not a letter or a number at either end (as /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu would drop), by code points. */
export function trimToLetters(s: string): string {
  let b = 0;
  while (b < s.length) {
    const cp = s.codePointAt(b)!;
    if (letterOrNumber(cp)) break;
    b += cp > 0xffff ? 2 : 1;
  }
  let e = s.length;
  while (e > b) {
    const low = s.charCodeAt(e - 1);
    const pair = (low & 0xfc00) === 0xdc00 && e - 2 >= b && (s.charCodeAt(e - 2) & 0xfc00) === 0xd800;
    const cp = pair ? s.codePointAt(e - 2)! : low;
    if (letterOrNumber(cp)) break;
    e -= pair ? 2 : 1;
  }
  return b === 0 && e === s.length ? s : s.slice(b, e);
}
