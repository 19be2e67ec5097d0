import { assertSameParams, type Fingerprint } from '../sketch/fingerprint.js';

/** |A ∩ B| of two sorted unique uint32 arrays, by merging (galloping when sizes differ a lot). */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  if (a.length > b.length) [a, b] = [b, a];
  if (a.length === 0) return 0;
  if (a.length * 16 < b.length) {
    // binary search each of the few into the many
    let n = 0;
    let lo = 0;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      let hi = b.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      if (lo < b.length && b[lo] === v) n++;
    }
    return n;
  }
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

type SetLike = Fingerprint | Uint32Array;

function shinglesOf(x: SetLike): Uint32Array {
  return x instanceof Uint32Array ? x : x.shingles;
}

function check(a: SetLike, b: SetLike, where: string): void {
  if (!(a instanceof Uint32Array) && !(b instanceof Uint32Array)) assertSameParams(a, b, where);
}

/** Exact Jaccard |A∩B| / |A∪B| of two fingerprints' shingle sets (0 when both are empty). */
export function jaccard(a: SetLike, b: SetLike): number {
  check(a, b, 'jaccard');
  const sa = shinglesOf(a);
  const sb = shinglesOf(b);
  const inter = intersectionSize(sa, sb);
  const union = sa.length + sb.length - inter;
  return union === 0 ? 0 : inter / union;
}

/** Exact containment |A∩B| / |A|: the share of A's shingles that also occur in B (0 for an empty A). */
export function containment(a: SetLike, b: SetLike): number {
  check(a, b, 'containment');
  const sa = shinglesOf(a);
  return sa.length === 0 ? 0 : intersectionSize(sa, shinglesOf(b)) / sa.length;
}

/** All three exact figures from one merge. */
export function overlap(a: Fingerprint, b: Fingerprint): { shared: number; jaccard: number; aInB: number; bInA: number } {
  assertSameParams(a, b, 'overlap');
  const shared = intersectionSize(a.shingles, b.shingles);
  const union = a.shingles.length + b.shingles.length - shared;
  return {
    shared,
    jaccard: union === 0 ? 0 : shared / union,
    aInB: a.shingles.length === 0 ? 0 : shared / a.shingles.length,
    bInA: b.shingles.length === 0 ? 0 : shared / b.shingles.length,
  };
}
