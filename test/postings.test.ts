// The SQLite store's packed postings (src/corpus/_postings.ts) against plain-array oracles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketBits, bucketOf, bucketsOf, concat, decode, docsOf, encode, inSlice, mergeAll, sortByKey, without, type Postings } from '../src/corpus/_postings.js';

/** Postings given in document order (as a batch makes them): keys any u32, few distinct so that keys repeat. */
const batch = fc
  .array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.nat({ max: 0xffffffff })), fc.integer({ min: 1, max: 5 })), { maxLength: 6000 })
  .map((xs) => {
    let n = 0;
    const keys: number[] = [];
    const docs: number[] = [];
    for (const [k, step] of xs) {
      n += step;
      keys.push(k);
      docs.push(n);
    }
    return { keys: Uint32Array.from(keys), docs: Uint32Array.from(docs) };
  });

const pairs = (p: Postings): [number, number][] => Array.from(p.keys, (k, i) => [k, p.docs[i]!]);
const sorted = (xs: [number, number][]): [number, number][] => [...xs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('packed postings', () => {
  it('sortByKey sorts by (key, doc), by comparison under 4,096 postings and by radix above', () => {
    fc.assert(
      fc.property(batch, (p) => {
        expect(pairs(sortByKey(p.keys, p.docs))).toEqual(sorted(pairs(p)));
      }),
      { numRuns: 60 },
    );
  });

  it('mergeAll of sorted runs is the sorted union; buckets partition it in order and round-trip through a blob', () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 5 }), (runs) => {
        const merged = mergeAll(runs.map((r) => sortByKey(r.keys, r.docs)));
        expect(pairs(merged)).toEqual(sorted(runs.flatMap(pairs)));
        const bits = bucketBits(merged.keys.length);
        const parts = [...bucketsOf(merged, bits)];
        expect(parts.map(([b]) => b)).toEqual([...new Set(Array.from(merged.keys, (k) => bucketOf(k, bits)))]);
        for (const [b, part] of parts) for (const k of part.keys) expect(bucketOf(k, bits)).toBe(b);
        expect(pairs(concat(parts.map(([, part]) => decode(encode(part)))))).toEqual(pairs(merged));
        // the 16 slices (top 4 bits) cover it in order
        expect(pairs(concat(Array.from({ length: 16 }, (_, j) => inSlice(merged, j))))).toEqual(pairs(merged));
      }),
      { numRuns: 40 },
    );
  });

  it('docsOf finds every document of a key; without drops one document', () => {
    fc.assert(
      fc.property(batch, fc.nat({ max: 30 }), (p, pick) => {
        const s = sortByKey(p.keys, p.docs);
        const all = pairs(s);
        const key = all.length > 0 ? all[pick % all.length]![0] : 7;
        expect(Array.from(docsOf(s, key))).toEqual(all.filter(([k]) => k === key).map(([, d]) => d));
        const n = all.length > 0 ? all[pick % all.length]![1] : 1;
        expect(pairs(without(s, n))).toEqual(all.filter(([, d]) => d !== n));
      }),
      { numRuns: 60 },
    );
  });
});
