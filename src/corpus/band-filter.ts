/**
 * The band-hit filter of the corpus indexes. Banding tuned to miss little (threshold 0.3, a
 * false negative weighing four times a false positive) lets through a fixed share of every
 * unrelated document: at 1,000,000 generated articles ~1,000 per draft, each of which would be
 * read and verified exactly. A band hit is meant to find documents at Jaccard ≥ threshold; so
 * before verification it is kept only when its signature agrees with the query's within 4.5
 * standard errors of the threshold (as findNearDuplicates does), and documents that share
 * winnowed hashes with the query are candidates whatever their signature says.
 *
 * A store keeps a document's *sketch*: the low byte of each MinHash value (b-bit MinHash, b = 8),
 * numPerm bytes. Two documents at Jaccard J agree on a value with probability J + (1 − J) / 256,
 * never less than the full values' J, so a document at the threshold is dropped with probability
 * at most ~3·10⁻⁶, as in findNearDuplicates.
 */

import { minAgreement } from '../sketch/minhash.js';

/** What a store needs to filter a query's band hits: the query's sketch and the fewest agreeing values. */
export interface BandFilter {
  sketch: Uint8Array;
  min: number;
}

/** The filter of a query's band hits at an index's threshold. */
export function bandFilter(signature: Uint32Array, threshold: number): BandFilter {
  return { sketch: sketchOf(signature), min: minAgreement(threshold, signature.length) };
}

/** The low byte of each MinHash value: what a store keeps to filter band hits. */
export function sketchOf(signature: Uint32Array): Uint8Array {
  const out = new Uint8Array(signature.length);
  for (let i = 0; i < signature.length; i++) out[i] = signature[i]! & 255;
  return out;
}

/** How many of two sketches' values agree. */
export function agreement(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) same++;
  return same;
}

/** The fewest agreeing values that keep a band hit: the same bound findNearDuplicates keeps LSH band matches by. */
export { minAgreement };

/**
 * Whether a band hit is verified: a document without a sketch (indexed by an older wiretrace)
 * always is; one with a sketch when it agrees with the query's on at least `min` values.
 */
export function keepBandHit(query: Uint8Array, sketch: Uint8Array | undefined, min: number): boolean {
  return sketch === undefined || sketch.length !== query.length || agreement(query, sketch) >= min;
}
