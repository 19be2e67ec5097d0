/**
 * Packed posting lists for the SQLite store. Postings are (key, document number) pairs kept
 * sorted by key, then document. Each batch of documents adds one *run*: its postings cut into
 * buckets by the key's top bits (about 64 postings a bucket), one row per bucket, so a batch
 * appends rows at the end of the table instead of inserting 150 rows per document into the
 * middle of a B-tree that outgrows the cache (what made adding slow down as the index grew).
 * A query reads one bucket per run and key; runs are merged in tiers so that there stay few.
 */

import type { StoredEntry } from './store.js';

/** Postings sorted by (key, doc). */
export interface Postings {
  keys: Uint32Array;
  docs: Uint32Array;
}

/** Postings a bucket holds on average: one row is then a few hundred bytes. */
const PER_BUCKET = 64;

/** How many top bits of the key pick the bucket, for a run of `entries` postings. */
export function bucketBits(entries: number): number {
  return Math.max(0, Math.min(20, Math.ceil(Math.log2(Math.max(1, entries / PER_BUCKET)))));
}

export function bucketOf(key: number, bits: number): number {
  return bits === 0 ? 0 : key >>> (32 - bits);
}

/**
 * Sorts postings given in document order by key, keeping document order within a key (a
 * stable LSD radix sort, two 16-bit passes): the result is sorted by (key, doc) in linear time.
 */
export function sortByKey(keys: Uint32Array, docs: Uint32Array): Postings {
  // a short list (one band of a batch) sorts faster by comparison than by two 64K-counter passes
  if (keys.length < 4096) {
    const order = Array.from(keys, (_, i) => i).sort((x, y) => keys[x]! - keys[y]! || x - y);
    return { keys: Uint32Array.from(order, (i) => keys[i]!), docs: Uint32Array.from(order, (i) => docs[i]!) };
  }
  let k = keys;
  let d = docs;
  for (const shift of [0, 16]) {
    const count = new Uint32Array(65537);
    for (let i = 0; i < k.length; i++) count[((k[i]! >>> shift) & 0xffff) + 1]!++;
    for (let i = 1; i < count.length; i++) count[i]! += count[i - 1]!;
    const k2 = new Uint32Array(k.length);
    const d2 = new Uint32Array(k.length);
    for (let i = 0; i < k.length; i++) {
      const at = count[(k[i]! >>> shift) & 0xffff]!++;
      k2[at] = k[i]!;
      d2[at] = d[i]!;
    }
    k = k2;
    d = d2;
  }
  return { keys: k, docs: d };
}

/** Merges two sorted posting lists into one. */
export function merge(a: Postings, b: Postings): Postings {
  const n = a.keys.length + b.keys.length;
  const keys = new Uint32Array(n);
  const docs = new Uint32Array(n);
  let i = 0;
  let j = 0;
  for (let o = 0; o < n; o++) {
    const takeA = j >= b.keys.length || (i < a.keys.length && (a.keys[i]! < b.keys[j]! || (a.keys[i] === b.keys[j] && a.docs[i]! <= b.docs[j]!)));
    if (takeA) {
      keys[o] = a.keys[i]!;
      docs[o] = a.docs[i++]!;
    } else {
      keys[o] = b.keys[j]!;
      docs[o] = b.docs[j++]!;
    }
  }
  return { keys, docs };
}

/** Merges any number of sorted lists, pairwise. */
export function mergeAll(lists: readonly Postings[]): Postings {
  let xs = [...lists];
  if (xs.length === 0) return { keys: new Uint32Array(0), docs: new Uint32Array(0) };
  while (xs.length > 1) {
    const next: Postings[] = [];
    for (let i = 0; i < xs.length; i += 2) next.push(i + 1 < xs.length ? merge(xs[i]!, xs[i + 1]!) : xs[i]!);
    xs = next;
  }
  return xs[0]!;
}

/** The buckets of a sorted list: [bucket, its postings] in bucket order. */
export function* bucketsOf(p: Postings, bits: number): Generator<[number, Postings]> {
  let from = 0;
  while (from < p.keys.length) {
    const b = bucketOf(p.keys[from]!, bits);
    let to = from + 1;
    while (to < p.keys.length && bucketOf(p.keys[to]!, bits) === b) to++;
    yield [b, { keys: p.keys.subarray(from, to), docs: p.docs.subarray(from, to) }];
    from = to;
  }
}

/** One bucket as a blob: its keys, then its documents, little-endian u32. */
export function encode(p: Postings): Buffer {
  const out = Buffer.allocUnsafe(p.keys.length * 8);
  const view = new Uint32Array(out.buffer, out.byteOffset, p.keys.length * 2);
  view.set(p.keys, 0);
  view.set(p.docs, p.keys.length);
  return out;
}

export function decode(b: Uint8Array): Postings {
  // a view of SQLite's buffer (its own allocation, aligned in practice), a copy when it is not 4-byte aligned
  const all = b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4) : copyU32(b);
  const n = all.length / 2;
  return { keys: all.subarray(0, n), docs: all.subarray(n) };
}

function copyU32(b: Uint8Array): Uint32Array {
  const all = new Uint32Array(b.byteLength / 4);
  new Uint8Array(all.buffer).set(b);
  return all;
}

/** Documents posted under `key` in a bucket (binary search). */
export function docsOf(p: Postings, key: number): Uint32Array {
  let lo = 0;
  let hi = p.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p.keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < p.keys.length && p.keys[end] === key) end++;
  return p.docs.subarray(lo, end);
}

/** The bucket without document `n` (for remove). */
export function without(p: Postings, n: number): Postings {
  const keep: number[] = [];
  for (let i = 0; i < p.docs.length; i++) if (p.docs[i] !== n) keep.push(i);
  return { keys: Uint32Array.from(keep, (i) => p.keys[i]!), docs: Uint32Array.from(keep, (i) => p.docs[i]!) };
}

/** One batch's postings of a space (0: winnowed hashes; 1 + b: band b's keys), sorted. */
export function batchPostings(list: readonly StoredEntry[], ns: readonly number[], space: number): Postings {
  if (space > 0) return sortByKey(Uint32Array.from(list, (e) => e.bandKeys[space - 1]!), Uint32Array.from(ns));
  const total = list.reduce((a, e) => a + e.winnowed.length, 0);
  const keys = new Uint32Array(total);
  const docs = new Uint32Array(total);
  let at = 0;
  list.forEach((e, i) => {
    keys.set(e.winnowed, at);
    docs.fill(ns[i]!, at, at + e.winnowed.length);
    at += e.winnowed.length;
  });
  return sortByKey(keys, docs);
}

/** Slices of the key space merged one at a time (by the top 4 bits of the key). */
export const SLICES = 16;

/** The postings whose key's top 4 bits are j. */
export function inSlice(p: Postings, j: number): Postings {
  let from = 0;
  while (from < p.keys.length && p.keys[from]! >>> 28 < j) from++;
  let to = from;
  while (to < p.keys.length && p.keys[to]! >>> 28 === j) to++;
  return { keys: p.keys.subarray(from, to), docs: p.docs.subarray(from, to) };
}

/** Sorted lists of consecutive buckets, one after the other: still sorted. */
export function concat(parts: readonly Postings[]): Postings {
  const n = parts.reduce((a, p) => a + p.keys.length, 0);
  const keys = new Uint32Array(n);
  const docs = new Uint32Array(n);
  let at = 0;
  for (const p of parts) {
    keys.set(p.keys, at);
    docs.set(p.docs, at);
    at += p.keys.length;
  }
  return { keys, docs };
}
