/**
 * Winnowing (Schleimer, Wilkerson & Aiken 2003, the selection behind MOSS and Dolos).
 *
 * From the sequence of k-gram hashes, every window of `w` consecutive hashes contributes
 * its minimum (the rightmost one on ties). Guarantee: any run of at least w + k − 1 tokens
 * shared by two texts shares at least one selected fingerprint — so a short article that
 * reuses three paragraphs of a long wire story is found even when whole-document Jaccard is
 * tiny. Density ≈ 2/(w+1) of the k-grams.
 */
import { sortedUnique } from '../text/shingle.js';

// monotone deque of positions with increasing hash values, and the output; reused across calls
let dq = new Int32Array(1024);
let outH = new Uint32Array(1024);
let outP = new Uint32Array(1024);

export function winnow(hashes: Uint32Array, w: number): { hashes: Uint32Array; positions: Uint32Array } {
  const n = hashes.length;
  if (n === 0) return { hashes: new Uint32Array(0), positions: new Uint32Array(0) };
  if (n <= w) {
    let m = 0;
    for (let i = 1; i < n; i++) if (hashes[i]! <= hashes[m]!) m = i;
    return { hashes: Uint32Array.of(hashes[m]!), positions: Uint32Array.of(m) };
  }
  const count = winnowIntoScratch(hashes, w);
  return { hashes: outH.slice(0, count), positions: outP.slice(0, count) };
}

/**
 * The sorted unique winnowed hashes (what a fingerprint keeps): `sortedUnique(winnow(hashes, w).hashes)`
 * without the two copies winnow hands back (the selection stays in this module's scratch).
 */
export function winnowedSet(hashes: Uint32Array, w: number): Uint32Array {
  if (hashes.length <= w) return sortedUnique(winnow(hashes, w).hashes);
  const count = winnowIntoScratch(hashes, w); // first: it may replace outH with a larger array
  return sortedUnique(outH.subarray(0, count));
}

/** Winnows `hashes` (more than w of them) into outH / outP; returns how many were selected. */
function winnowIntoScratch(hashes: Uint32Array, w: number): number {
  const n = hashes.length;
  if (dq.length < n) dq = new Int32Array(Math.max(n, dq.length * 2));
  if (outH.length < n) {
    outH = new Uint32Array(Math.max(n, outH.length * 2));
    outP = new Uint32Array(outH.length);
  }
  let count = 0;
  let head = 0;
  let tail = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const h = hashes[i]!;
    while (tail > head && hashes[dq[tail - 1]!]! >= h) tail--;
    dq[tail++] = i;
    if (dq[head]! <= i - w) head++;
    if (i >= w - 1) {
      const m = dq[head]!;
      if (m !== last) {
        outH[count] = hashes[m]!;
        outP[count++] = m;
        last = m;
      }
    }
  }
  return count;
}
