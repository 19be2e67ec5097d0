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
 */
import { alignTextOptions, alignTokens, type AlignText } from '../compare/align.js';
import { FOLDED, isFigureForm } from '../compare/slots.js';
import type { Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { fingerprintOfScan, type Fingerprint, type FingerprintParams } from '../sketch/fingerprint.js';
import { hashKGram } from '../sketch/hash.js';
import { scanIntoScratch } from '../text/tokenize.js';

/** Variants kept per shape: enough to tell STOCK_DF, with room for removals. */
export const SHAPE_CAP = 8;

/** The sorted unique [shape, variant] pairs of a text, flattened (the tokens alignment uses, boilerplate left out, as a draft is prepared by default). */
export function shapesOfText(text: string): Uint32Array {
  return shapesOfTokens(alignTokens(text, true, true));
}

/**
 * A document's fingerprint (without tokens) and its shapes. Under the default parameters one scan
 * gives both (the alignment tokens are the fingerprint's, stemmed: `also`), which halves what the
 * shapes cost an add; otherwise the text is scanned again for the shapes.
 */
export function fingerprintAndShapes(doc: Doc, params: FingerprintParams): { fp: Fingerprint; shapes: Uint32Array } {
  if (doc === null || typeof doc !== 'object' || typeof doc.text !== 'string') {
    throw new WiretraceError('E_INPUT', 'fingerprint', `document ${JSON.stringify((doc as Doc | null)?.id ?? null)} has no text string`);
  }
  if (!params.boilerplate || params.dropStopwords) {
    const shapes = shapesOfText(doc.text);
    return { fp: fingerprintOfScan(doc.id, params, scanIntoScratch(doc.text, params), false), shapes };
  }
  const t = scanIntoScratch(doc.text, params, { also: alignTextOptions(true), alsoForms: true });
  // the shapes first: fingerprintOfScan reads the same scratch buffers, and scans nothing
  const shapes = shapesOfTokens({ ids: t.ids2!.subarray(0, t.count), norms: t.forms2! });
  return { fp: fingerprintOfScan(doc.id, params, t, false), shapes };
}

/** The sorted unique [shape, variant] pairs of a token table with its normal forms. */
export function shapesOfTokens(t: { ids: Uint32Array; norms?: readonly (string | undefined)[] }): Uint32Array {
  const { folded, figure } = foldTokens(t);
  const pairs: [number, number][] = [];
  for (let i = 0; i + 3 <= folded.length; i++) {
    if (figure[i] || figure[i + 1] || figure[i + 2]) pairs.push([hashKGram(folded, i, 3), hashKGram(t.ids, i, 3)]);
  }
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: number[] = [];
  for (let k = 0; k < pairs.length; k++) {
    const [s, v] = pairs[k]!;
    if (k > 0 && pairs[k - 1]![0] === s && pairs[k - 1]![1] === v) continue;
    out.push(s, v);
  }
  return Uint32Array.from(out);
}

/** A prepared text's shapes by position: `at[i]` is the shape of the 3-gram starting at token i when `has[i]` (it holds a figure); `list` the distinct shapes, sorted. */
export interface DraftShapes {
  at: Uint32Array;
  has: Uint8Array;
  list: Uint32Array;
}

/** The shapes of a prepared text by position (DraftShapes). */
export function shapesByPosition(t: AlignText): DraftShapes {
  const { folded, figure } = foldTokens(t.tokens);
  const n = Math.max(0, folded.length - 2);
  const at = new Uint32Array(n);
  const has = new Uint8Array(n);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (!(figure[i] || figure[i + 1] || figure[i + 2])) continue;
    at[i] = hashKGram(folded, i, 3);
    has[i] = 1;
    seen.add(at[i]!);
  }
  return { at, has, list: Uint32Array.from([...seen].sort((a, b) => a - b)) };
}

/** Token ids with figures folded, and which tokens are figures. */
function foldTokens(t: { ids: Uint32Array; norms?: readonly (string | undefined)[] }): { folded: Uint32Array; figure: Uint8Array } {
  const folded = t.ids.slice();
  const figure = new Uint8Array(folded.length);
  const norms = t.norms;
  if (!norms) return { folded, figure };
  for (let i = 0; i < folded.length; i++) {
    const n = norms[i];
    if (n !== undefined && isFigureForm(n)) {
      folded[i] = FOLDED;
      figure[i] = 1;
    }
  }
  return { folded, figure };
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
      const n = (m?.get(v) ?? 0) + sign;
      if (sign > 0 && m?.has(v) !== true && (m?.size ?? 0) >= SHAPE_CAP) continue;
      if (sign < 0 && m?.has(v) !== true) continue;
      if (!m) this.counts.set(s, (m = new Map()));
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
