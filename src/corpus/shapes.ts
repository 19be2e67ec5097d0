/**
 * Figure shapes: what an index keeps so that a draft check can tell a formula from a copy.
 *
 * A shape is a word 3-gram holding a figure, hashed with every figure folded into one ("Qtly div
 * N", "N cts vs"); its variant is the same 3-gram hashed as written ("Qtly div 32"). A formula is
 * filled with other figures by every item that uses it, so its shapes have many variants across
 * the index; a story and its copies repeat one story's figures, so however many copies there
 * are, its shapes have the variants of that one story. For each shape the index counts the
 * documents holding each variant, keeping at most SHAPE_CAP variants; a shape with STOCK_DF or
 * more variants is formula wording. Counts, not documents, so remove can take a document's
 * variants back; a variant not kept because a shape already had SHAPE_CAP is not counted later
 * either, so after removals a shape can show fewer variants than its documents hold (the gate
 * then raises an alarm it could have spared, never the other way).
 *
 * Tokens are the fingerprint's (the index's parameters), so that adding a document scans it once
 * for both.
 */
import { FOLDED, NUMBER_WORDS } from '../compare/slots.js';
import type { Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { fingerprintOfScan, shinglesOfScan, type Fingerprint, type FingerprintParams } from '../sketch/fingerprint.js';
import { hashKGram } from '../sketch/hash.js';
import { scanIntoScratch, scanTokens, type ScratchTokens, type TokenTable } from '../text/tokenize.js';

/** The version of what a shape is: a persistent store whose counts were made otherwise (or before it counted any) does not read them. */
export const SHAPES_VERSION = 1;

/** Variants kept per shape: enough to tell STOCK_DF, with room for removals. */
export const SHAPE_CAP = 8;

/** Tokens and where they start in their text. */
type Tokens = { ids: Uint32Array; starts: Uint32Array; ends: Uint32Array };

/** A document's fingerprint (without tokens) and its shapes, from one scan. */
export function fingerprintAndShapes(doc: Doc, params: FingerprintParams): { fp: Fingerprint; shapes: Uint32Array } {
  if (doc === null || typeof doc !== 'object' || typeof doc.text !== 'string') {
    throw new WiretraceError('E_INPUT', 'fingerprint', `document ${JSON.stringify((doc as Doc | null)?.id ?? null)} has no text string`);
  }
  const { t, shapes } = scanWithShapes(doc.text, params);
  return { fp: fingerprintOfScan(doc.id, params, t, false), shapes };
}

/** The sorted unique [shape, variant] pairs of a text under an index's parameters, flattened. */
export function shapesOfText(text: string, params: FingerprintParams): Uint32Array {
  return shapesOfTokens(text, scanTokens(text, params), params);
}

/**
 * A text's shapes, its sorted unique shingles (as its fingerprint has them) and its prose: the
 * sorted unique hashes of its unit 3-grams that hold no figure (the wording between its figures).
 * From one scan and no signature.
 */
export function shapesShinglesAndProse(text: string, params: FingerprintParams): { shapes: Uint32Array; shingles: Uint32Array; prose: Uint32Array } {
  const { t, u } = scanWithUnits(text, params);
  const prose = new Set<number>();
  for (let j = 0; j + 3 <= u.count; j++) if (!(u.figure[j] || u.figure[j + 1] || u.figure[j + 2])) prose.add(hashKGram(u.written, j, 3));
  return { shapes: shapesOfUnits(u), shingles: shinglesOfScan(params, t), prose: Uint32Array.from(prose).sort() };
}

/** A text's scan (left in the scratch buffers for the caller to read next) and its shapes. */
function scanWithShapes(text: string, params: FingerprintParams): { t: ScratchTokens; shapes: Uint32Array } {
  const { t, u } = scanWithUnits(text, params);
  return { t, shapes: shapesOfUnits(u) };
}

/** A text's scan (left in the scratch buffers) and its units. */
function scanWithUnits(text: string, params: FingerprintParams): { t: ScratchTokens; u: Units } {
  // the number words' ids first: finding them scans, and a scan overwrites the scratch buffers
  numberWordIds(params);
  const t = scanIntoScratch(text, params);
  return { t, u: unitsOf(text, { ids: t.ids.subarray(0, t.count), starts: t.starts, ends: t.ends }, params) };
}

/**
 * The sorted [shape, variant] pairs of a text's tokens, one variant per shape (the least): a
 * document is one filling of a formula however many times it fills it in (a list of rates, a
 * results table's quarter and year lines), so that five variants are five documents.
 */
function shapesOfTokens(text: string, t: Tokens, params: FingerprintParams): Uint32Array {
  return shapesOfUnits(unitsOf(text, t, params));
}

/** The sorted [shape, variant] pairs of a text's units (shapesOfTokens). */
function shapesOfUnits(u: Units): Uint32Array {
  const pairs: [number, number][] = [];
  for (let j = 0; j + 3 <= u.count; j++) {
    if (u.figure[j] || u.figure[j + 1] || u.figure[j + 2]) pairs.push([hashKGram(u.folded, j, 3), hashKGram(u.written, j, 3)]);
  }
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: number[] = [];
  for (let k = 0; k < pairs.length; k++) {
    if (k > 0 && pairs[k - 1]![0] === pairs[k]![0]) continue;
    out.push(pairs[k]![0], pairs[k]![1]);
  }
  return Uint32Array.from(out);
}

/**
 * A draft's tokens (the index's), and its shapes by position: unit 3-gram j (units: unitsOf) holds
 * a figure when `has[j]`, its shape is `shape[j]`, and it covers tokens [from[j], to[j]); `list`
 * holds the distinct shapes, sorted.
 */
export interface DraftShapes {
  tokens: TokenTable;
  shape: Uint32Array;
  has: Uint8Array;
  from: Uint32Array;
  to: Uint32Array;
  list: Uint32Array;
}

/** The shapes of a draft by position, under the index's parameters. */
export function draftShapes(text: string, params: FingerprintParams): DraftShapes {
  const tokens = scanTokens(text, params);
  const u = unitsOf(text, tokens, params);
  const n = Math.max(0, u.count - 2);
  const out: DraftShapes = { tokens, shape: new Uint32Array(n), has: new Uint8Array(n), from: new Uint32Array(n), to: new Uint32Array(n), list: new Uint32Array(0) };
  const seen = new Set<number>();
  for (let j = 0; j < n; j++) {
    out.from[j] = u.first[j]!;
    out.to[j] = j + 3 < u.count ? u.first[j + 3]! : tokens.ids.length;
    if (!(u.figure[j] || u.figure[j + 1] || u.figure[j + 2])) continue;
    out.shape[j] = hashKGram(u.folded, j, 3);
    out.has[j] = 1;
    seen.add(out.shape[j]!);
  }
  out.list = Uint32Array.from([...seen].sort((a, b) => a - b));
  return out;
}

type UnitArrays = Omit<Units, 'count'> & { isFigure: Uint8Array };
const unitArrays = (n: number): UnitArrays => ({ folded: new Uint32Array(n), written: new Uint32Array(n), figure: new Uint8Array(n), first: new Uint32Array(n), isFigure: new Uint8Array(n) });
/** unitsOf's arrays (a document's ~600 tokens: five arrays of that length a document were a tenth of the shapes' cost). */
let unitScratch = unitArrays(4096);

/** A text's units: each token, except that a run of figure tokens is one unit (a number the tokens split at "," "." "/" "-": "2-1/4", "110,552"). */
interface Units {
  count: number;
  /** Per unit: its id, FOLDED for a figure. */
  folded: Uint32Array;
  /** Per unit: its id as written (a figure: the hash of its tokens' ids). */
  written: Uint32Array;
  figure: Uint8Array;
  /** Per unit: its first token. */
  first: Uint32Array;
}

/**
 * A text's units, in arrays reused by every call (read before the next: no caller keeps them).
 * Only the first `count` entries are this text's; `figure` is cleared that far.
 */
function unitsOf(text: string, t: Tokens, params: FingerprintParams): Units {
  const n = t.ids.length;
  if (unitScratch.folded.length < n) unitScratch = unitArrays(Math.max(n, 2 * unitScratch.folded.length));
  const isFigure = figureTokens(text, t, params, unitScratch.isFigure);
  const u: Units = { count: 0, folded: unitScratch.folded, written: unitScratch.written, figure: unitScratch.figure, first: unitScratch.first };
  u.figure.fill(0, 0, n);
  for (let i = 0; i < n; ) {
    const j = u.count++;
    u.first[j] = i;
    if (isFigure[i] !== 1) {
      u.folded[j] = u.written[j] = t.ids[i]!;
      i++;
      continue;
    }
    let e = i + 1;
    while (e < n && isFigure[e] === 1) e++;
    u.folded[j] = FOLDED;
    u.written[j] = e - i === 1 ? t.ids[i]! : hashKGram(t.ids, i, e - i);
    u.figure[j] = 1;
    i = e;
  }
  return u;
}

/**
 * Which tokens are figures (1 in `figure`, cleared first): a token starting with a number (as
 * written: the normal form starts with the same digit) or a number word (by its id under these
 * parameters, and as written). From the text and the ids alone, so a scan needs to keep no normal forms.
 */
function figureTokens(text: string, t: Tokens, params: FingerprintParams, figure: Uint8Array): Uint8Array {
  const words = numberWordIds(params);
  figure.fill(0, 0, t.ids.length);
  for (let i = 0; i < t.ids.length; i++) {
    const at = t.starts[i]!;
    const c = text.charCodeAt(at);
    const id = t.ids[i]!;
    // a number word's id is checked against the word as written: stemmed, "one" and "on" share one
    if ((c >= 48 && c <= 57) || (c >= 128 && NUMBER_START.test(text.slice(at, at + 2))) || (words.maybe[id & 1023] === 1 && words.ids.has(id) && NUMBER_WORDS.has(text.slice(at, t.ends[i]!).toLowerCase()))) figure[i] = 1;
  }
  return figure;
}

/** A text starting with a number character (any script's digits, fractions, numerals). */
const NUMBER_START = /^\p{N}/u;

/** The ids of the number words under some parameters (a stop word dropped by them is no token at all), with a bit table of their low 10 bits: most tokens are ruled out there. */
type NumberIds = { ids: Set<number>; maybe: Uint8Array };
const numberIds = new Map<string, NumberIds>();
function numberWordIds(params: FingerprintParams): NumberIds {
  const key = `${params.stem ? 1 : 0}${params.dropStopwords ? 1 : 0}`;
  let n = numberIds.get(key);
  if (!n) {
    const ids = new Set(scanTokens([...NUMBER_WORDS].join(' '), { ...params, boilerplate: false }).ids);
    const maybe = new Uint8Array(1024);
    for (const id of ids) maybe[id & 1023] = 1;
    numberIds.set(key, (n = { ids, maybe }));
  }
  return n;
}

/** Per shape, the documents holding each of its variants (at most SHAPE_CAP variants): the in-memory stores' counts. */
export class ShapeCounts {
  private readonly counts = new Map<number, Map<number, number>>();

  /** Counts a document's [shape, variant] pairs in (`sign` 1) or out (-1). */
  apply(pairs: Uint32Array, sign: 1 | -1): void {
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      const s = pairs[k]!;
      const v = pairs[k + 1]!;
      let m = this.counts.get(s);
      const counted = m?.has(v) === true;
      // a variant not counted stays so: a new one only while the shape has room, and none taken back
      if (!counted && (sign < 0 || (m?.size ?? 0) >= SHAPE_CAP)) continue;
      if (!m) this.counts.set(s, (m = new Map()));
      const n = (m.get(v) ?? 0) + sign;
      if (n > 0) m.set(v, n);
      else m.delete(v);
      if (m.size === 0) this.counts.delete(s);
    }
  }

  /** For each shape of `shapes`, how many variants the counted documents hold (at most SHAPE_CAP). */
  variants(shapes: Uint32Array): Uint8Array {
    return Uint8Array.from(shapes, (s) => this.counts.get(s)?.size ?? 0);
  }
}

/** Adds up the pairs of many documents: per shape, per variant, how many documents hold it (for a store that writes a batch at once). */
export function batchShapeCounts(lists: readonly (Uint32Array | undefined)[]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const pairs of lists) {
    if (!pairs) continue;
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      let m = out.get(pairs[k]!);
      if (!m) out.set(pairs[k]!, (m = new Map()));
      m.set(pairs[k + 1]!, (m.get(pairs[k + 1]!) ?? 0) + 1);
    }
  }
  return out;
}
