import { hashKGram } from '../sketch/hash.js';
import { sortHashes } from '../sketch/sort.js';

/**
 * Hashes of every run of `k` consecutive tokens, in text order (position i covers tokens
 * i..i+k-1). A text shorter than k gives one shingle of all its tokens, so that short
 * texts still compare; an empty one gives none.
 */
export function shingleSequence(ids: Uint32Array, k: number, out?: Uint32Array): Uint32Array {
  const n = ids.length;
  if (n === 0) return new Uint32Array(0);
  if (n < k) return Uint32Array.of(hashKGram(ids, 0, n));
  const len = n - k + 1;
  const dst = out && out.length >= len ? out.subarray(0, len) : new Uint32Array(len);
  for (let i = 0; i < len; i++) dst[i] = hashKGram(ids, i, k);
  return dst;
}

let work = new Uint32Array(4096);

/** Sorted unique copy: the set form every exact comparison merges over. One allocation. */
export function sortedUnique(values: Uint32Array): Uint32Array {
  const n = values.length;
  if (work.length < n) work = new Uint32Array(Math.max(n, work.length * 2));
  const a = work.subarray(0, n);
  a.set(values);
  sortHashes(a); // shingles are hashes: a bucket sort, ~1.8× the built-in sort
  let w = n > 0 ? 1 : 0;
  for (let r = 1; r < n; r++) if (a[r] !== a[w - 1]) a[w++] = a[r]!;
  return a.slice(0, w);
}

