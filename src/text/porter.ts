/**
 * The Porter stemmer of natural (lib/natural/stemmers/porter_stemmer.js) without its regular
 * expressions: the same steps, the same quirks, the same stems (test/porter.test.ts compares them
 * with natural's; before the commit, ~5.4 million words, the bench corpora's and Reuters-21578's
 * among them, gave none different). natural's builds each word's consonant/vowel pattern with
 * three regex replaces several times a word: ~4.8 µs a distinct word on a thread's first pass and
 * ~2.2 µs after, against ~1.2 and ~0.3 here. For words of a–z (what stemToken stems).
 */

const VOWEL = new Uint8Array(128);
for (const c of 'aeiou') VOWEL[c.charCodeAt(0)] = 1;
const Y = 121;

const isVowel = (c: number): boolean => VOWEL[c] === 1;
/** [aeiouy]: the characters natural's `[^aeiouy]` leaves out. */
const isVowelOrY = (c: number): boolean => VOWEL[c] === 1 || c === Y;

/**
 * natural's categorizeGroups of t[0, end), as counts: `replace(/[^aeiouy]+y/g, 'CV')`, then
 * `replace(/[aeiou]+/g, 'V')`, then `replace(/[^V]+/g, 'C')`. A run of consonants (y not counted)
 * followed by y is "CV"; a run of vowels is V (so "bye" is "CVV": the y's V and the e's run stay
 * two); any other run of characters other than those V's is C (an unclaimed y with the consonants
 * around it). Sets the module's `groups`, `firstC`, `lastV` and `vowelGroups`.
 */
function categorize(t: string, end: number): void {
  let len = 0;
  let vs = 0;
  let inC = false; // the last group is a C that the next unclaimed characters join
  let first = 0; // 1: C, 2: V
  let last = 0;
  for (let i = 0; i < end; ) {
    const c = t.charCodeAt(i);
    if (isVowel(c)) {
      let j = i + 1;
      while (j < end && isVowel(t.charCodeAt(j))) j++;
      len++, vs++, (last = 2), (inC = false);
      if (first === 0) first = 2;
      i = j;
      continue;
    }
    let j = c === Y ? i : i + 1;
    if (c !== Y) while (j < end && !isVowelOrY(t.charCodeAt(j))) j++;
    const claims = c !== Y && j < end && t.charCodeAt(j) === Y; // the run and its y: "CV"
    if (!inC) {
      len++, (last = 1);
      if (first === 0) first = 1;
    }
    if (claims) {
      len++, vs++, (last = 2), (inC = false);
      i = j + 1;
    } else {
      inC = true;
      i = c === Y ? i + 1 : j;
    }
  }
  groups = len;
  firstC = first === 1;
  lastV = last === 2;
  vowelGroups = vs;
}
let groups = 0;
let firstC = false;
let lastV = false;
let vowelGroups = 0;

/** natural's measure of t[0, end): the groups less a leading C and a trailing V, halved (-1 for no word; a half when two V groups meet). */
function measure(t: string, end = t.length): number {
  if (end === 0) return -1;
  categorize(t, end);
  let len = groups;
  const from = firstC ? 1 : 0;
  if (len > from && lastV) len--;
  return (len - from) / 2;
}

/** natural's categorizeChars at i: V for a vowel, or a y right after a letter other than a vowel or y; else C. */
function charIsV(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  return isVowel(c) || (c === Y && i > 0 && !isVowelOrY(t.charCodeAt(i - 1)));
}

/** Whether natural's categorizeChars(t) reads C, V, C at i, i + 1, i + 2. */
function cvcAt(t: string, i: number): boolean {
  return i >= 0 && i + 2 < t.length && !charIsV(t, i) && charIsV(t, i + 1) && !charIsV(t, i + 2);
}

/** `t` with `suffix` (which it ends with) replaced. */
const swap = (t: string, suffix: string, by: string): string => t.slice(0, t.length - suffix.length) + by;

type Rule = readonly [string, string];

/** Rules by the last letter of their suffix (in their order): a word is tried only against the rules it may end with. */
function byLastLetter<T extends readonly [string, ...unknown[]] | string>(rules: readonly T[]): T[][] {
  const out: T[][] = Array.from({ length: 128 }, () => []);
  for (const r of rules) {
    const suffix = typeof r === 'string' ? r : r[0];
    out[suffix.charCodeAt(suffix.length - 1)]!.push(r);
  }
  return out;
}
const NO_RULES: never[] = [];
const rulesFor = <T>(table: readonly (readonly T[])[], t: string): readonly T[] => table[t.charCodeAt(t.length - 1)] ?? NO_RULES;

/** natural's attemptReplacePatterns with string patterns: each pattern is tried on the word as it was given (its measure), and applied to the word as it has become. */
function replacePatterns(token: string, table: readonly (readonly Rule[])[], threshold: number): string {
  let out = token;
  for (const [suffix, by] of rulesFor(table, token)) {
    if (!token.endsWith(suffix)) continue;
    if (!(measure(token, token.length - suffix.length) > threshold)) continue;
    if (out.endsWith(suffix)) {
      const r = swap(out, suffix, by);
      if (r) out = r; // natural keeps the word when the replacement is empty (`|| replacement`)
    }
  }
  return out || token;
}

function step1a(t: string): string {
  if (t.endsWith('sses')) return t.slice(0, -2);
  if (t.endsWith('ies')) return t.slice(0, -2);
  if (t.endsWith('s') && t.charCodeAt(t.length - 2) !== 115 && t.length > 2) return t.slice(0, -1);
  return t;
}

function step1b(t: string): string {
  if (t.endsWith('eed')) return measure(t, t.length - 3) > 0 ? t.slice(0, -1) : t;
  const cut = t.endsWith('ed') ? 2 : t.endsWith('ing') ? 3 : 0;
  if (cut === 0) return t;
  const s = t.slice(0, -cut);
  if (!s) return t;
  categorize(s, s.length);
  if (vowelGroups === 0) return t;
  if (s.endsWith('at') || s.endsWith('bl') || s.endsWith('iz')) return s + 'e';
  const n = s.length;
  const last = s.charCodeAt(n - 1);
  if (n >= 2 && last === s.charCodeAt(n - 2) && !isVowel(last) && last !== 108 && last !== 115 && last !== 122) return s.slice(0, -1);
  if (measure(s) === 1 && cvcAt(s, n - 3) && last !== 119 && last !== 120 && last !== Y) return s + 'e';
  return s;
}

function step1c(t: string): string {
  if (!t.endsWith('y')) return t;
  categorize(t, t.length);
  // a V among the groups but the last
  return vowelGroups - (lastV ? 1 : 0) > 0 ? t.slice(0, -1) + 'i' : t;
}

const STEP2 = byLastLetter<Rule>([
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['abli', 'able'], ['bli', 'ble'], ['alli', 'al'],
  ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
  ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'], ['logi', 'log'],
]);
const STEP3 = byLastLetter<Rule>([['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', '']]);

/** Step 4's suffixes: natural's `^(.+?)(al|ance|…|ize)$` takes the longest one that leaves a letter. */
const STEP4 = byLastLetter(['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'].sort((a, b) => b.length - a.length));

function step4(t: string): string {
  for (const suffix of rulesFor(STEP4, t)) {
    if (t.length > suffix.length && t.endsWith(suffix)) {
      if (measure(t, t.length - suffix.length) > 1) return t.slice(0, t.length - suffix.length);
      break; // natural's regex matched here: a shorter suffix is not tried
    }
  }
  if (t.length > 4 && (t.endsWith('sion') || t.endsWith('tion'))) {
    if (measure(t, t.length - 3) > 1) return t.slice(0, -3);
  }
  return t;
}

function step5a(t: string): string {
  const end = t.endsWith('e') ? t.length - 1 : t.length;
  const m = measure(t, end);
  if (m > 1) return t.slice(0, end);
  if (m === 1) {
    // natural: categorizeChars(token).substr(-4, 3) === 'CVC' && token.match(/[^wxy].$/)
    const c2 = t.length >= 2 ? t.charCodeAt(t.length - 2) : -1;
    const notWxy = t.length >= 2 && c2 !== 119 && c2 !== 120 && c2 !== Y;
    if (!(cvcAt(t, Math.max(t.length - 4, 0)) && notWxy)) return t.slice(0, end);
  }
  return t;
}

function step5b(t: string): string {
  return measure(t) > 1 && t.endsWith('ll') ? t.slice(0, -1) : t;
}

/** The stem of a word of lower-case letters a–z, as natural's PorterStemmer.stem gives it. */
export function porterStem(word: string): string {
  if (word.length < 3) return word;
  return step5b(step5a(step4(replacePatterns(replacePatterns(step1c(step1b(step1a(word))), STEP2, 0), STEP3, 0))));
}
