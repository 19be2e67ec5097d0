// The packed posting records of the Redis store: (document number, low bits of a key) in 5 or
// 6 bytes, appended to bucket strings. Part of the stored format: changing it needs a new index.
import { Buffer } from 'node:buffer';

/** Document numbers fit 26 bits: an index holds up to 67,108,863 documents. */
export const N_BITS = 26;
export const N_LIMIT = 2 ** N_BITS;

/**
 * Calls `found(n)` for each record of a packed posting bucket whose low bits are `low`, until it
 * returns false. A record is little-endian (n: 26 bits, then low), 5 or 6 bytes. Its last byte
 * (the top 8 bits of low) is looked for with Buffer.indexOf (memchr: a query scans MBs of
 * buckets for a few records; a loop over every record took twice as long), and a hit counts
 * where it is a record's last byte and the record's other low bits match. When hits that are no
 * record of ours come thick (DENSE_MISSES, more than one per DENSE_STRIDE records — a stock
 * phrase's bucket is one low value, so its middle bytes repeat in nearly every record, and a
 * wanted top byte equal to one of them made indexOf stop at each record, several times slower
 * than the loop), the rest of the bucket is read record by record.
 */
export function scanRecords(buf: Buffer, size: 5 | 6, low: number, found: (n: number) => boolean): void {
  const last = size - 1;
  const top = low >>> (size === 5 ? 6 : 14);
  const mid = (low >>> 6) & 255; // byte 4 of a 6-byte record
  const lo = (low & 63) << 2; // byte 3 but for the number's top 2 bits
  const ours = (o: number): boolean => (buf[o + 3]! & 252) === lo && (size === 5 || buf[o + 4] === mid);
  const number = (o: number): number => buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16) | ((buf[o + 3]! & 3) << 24);
  let misses = 0;
  let at = buf.indexOf(top, last);
  for (; at >= 0; at = buf.indexOf(top, at + 1)) {
    const o = at - last;
    if (o % size === 0 && ours(o)) {
      if (!found(number(o))) return;
    } else if (++misses > DENSE_MISSES && misses * DENSE_STRIDE * size > at) break;
  }
  if (at < 0) return;
  // dense: the records after the one `at` falls in, one by one
  for (let o = at - last - ((at - last) % size) + size; o + size <= buf.length; o += size) {
    if (buf[o + last] === top && ours(o) && !found(number(o))) return;
  }
}
/** Misses of indexOf after which their density is judged, and records per miss below which it is dense. */
const DENSE_MISSES = 64;
const DENSE_STRIDE = 16;

/** Calls `visit(bucket, low bits, document number)` for every posting of a write, in document-number order; called twice (count, then place). */
export type PostingSource = (visit: (bucket: number, low: number, n: number) => void) => void;

/**
 * A write's postings as `size`-byte records sorted by bucket (a counting sort, stable: numbers
 * stay ascending within a bucket), done now, straight from the source in two passes (count,
 * then place: no (bucket, low, n) arrays of every posting in between, ~100 MB a write group of
 * 32,768 articles); then, as they are taken, per group of buckets (bucket >>> groupShift), the
 * group's bucket keys and record runs. The sort is done before the writer sends anything (a sort
 * of millions of postings inside a window of commands in flight would hold their replies past
 * their timeout); the key strings of a write, hundreds of thousands, are made as the writer sends
 * each group's command, so they are never all alive at once and die young.
 */
export function packRecords(source: PostingSource, buckets: number, size: 5 | 6, groupShift: number, keyOf: (bucket: number) => string): Iterable<[string[], Buffer[]]> {
  if (buckets % (1 << groupShift) !== 0) throw new Error(`packRecords: ${buckets} buckets are not whole groups of ${1 << groupShift}`);
  const start = new Uint32Array(buckets + 1);
  source((b) => void start[b + 1]!++);
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  const at = start.slice(0, buckets);
  const buf = Buffer.allocUnsafe(start[buckets]! * size);
  source((b, low, n) => writeRecord(buf, at[b]!++ * size, size, low, n));
  return runsByGroup(start, buf, buckets, size, groupShift, keyOf);
}

/** Per group of sorted buckets (see packRecords): the keys of its non-empty buckets and their record runs. */
function* runsByGroup(start: Uint32Array, buf: Buffer, buckets: number, size: number, groupShift: number, keyOf: (bucket: number) => string): Generator<[string[], Buffer[]]> {
  for (let g = 0; g < buckets >>> groupShift; g++) {
    const keys: string[] = [];
    const runs: Buffer[] = [];
    for (let b = g << groupShift; b < (g + 1) << groupShift; b++) {
      if (start[b] === start[b + 1]) continue;
      keys.push(keyOf(b));
      runs.push(buf.subarray(start[b]! * size, start[b + 1]! * size));
    }
    if (keys.length > 0) yield [keys, runs];
  }
}

/** A record, little-endian: the number's 26 bits, then the low bits of the key (scanRecords reads it). */
function writeRecord(buf: Buffer, o: number, size: 5 | 6, low: number, n: number): void {
  buf[o] = n & 255;
  buf[o + 1] = (n >>> 8) & 255;
  buf[o + 2] = (n >>> 16) & 255;
  buf[o + 3] = ((n >>> 24) & 3) | ((low & 63) << 2);
  buf[o + 4] = (low >>> 6) & 255;
  if (size === 6) buf[o + 5] = (low >>> 14) & 255;
}


// Figure shapes (shapes.ts). A shape's counts live in the hash of its top 14 bits (16,384 of
// them: about 230 shapes each at 3,700,000 shapes, about what the generated corpus would hold at
// 1,000,000 articles, so they stay listpack-encoded under Redis's default limits, 512 entries of
// 64 bytes; 65,536 hashes cost ~65 B an article at 100,000 in their own overhead, 16,384 a
// quarter of that), under the field of its low 18 bits (3 bytes, little-endian); the value is
// its counted variants, in the order they were counted, each 8 bytes: the variant (u32) and the
// documents holding it (u32), both little-endian. At most SHAPE_CAP variants, so a value is at
// most 64 bytes, and HSTRLEN / 8 is the number of variants. Part of the stored format.
/** Bits of a shape that name its hash; the rest is its field. */
export const SHAPE_SHIFT = 18;
/** The field bits of a shape. */
export const SHAPE_LOW = (1 << SHAPE_SHIFT) - 1;
/** Bytes of a count record a writer sends: field (3), variant (4), count (4). */
export const SHAPE_RECORD = 11;

/** A shape's field: its low 18 bits, 3 bytes little-endian. */
export function shapeField(s: number): Buffer {
  const b = Buffer.allocUnsafe(3);
  b.writeUIntLE(s & SHAPE_LOW, 0, 3);
  return b;
}

/**
 * Counts per shape and variant (`counts`, as batchShapeCounts makes them: variants in the order
 * the documents first hold them) as the write script's arguments: per call of at most `perCall`
 * hashes, their keys and per hash one buffer of SHAPE_RECORD-byte records, a shape's records
 * together, its variants in their order (the cap keeps the first ones, as counting document by
 * document would). Shapes in ascending order, so the output is the same for the same counts.
 */
export function packShapeCounts(counts: ReadonlyMap<number, ReadonlyMap<number, number>>, keyOf: (hash: number) => string, perCall: number): [string[], Buffer[]][] {
  const shapes = [...counts.keys()].sort((a, b) => a - b);
  const out: [string[], Buffer[]][] = [];
  for (let i = 0; i < shapes.length; ) {
    const hash = shapes[i]! >>> SHAPE_SHIFT;
    let j = i;
    let records = 0;
    for (; j < shapes.length && shapes[j]! >>> SHAPE_SHIFT === hash; j++) records += counts.get(shapes[j]!)!.size;
    const buf = Buffer.allocUnsafe(records * SHAPE_RECORD);
    let o = 0;
    for (let k = i; k < j; k++) {
      for (const [v, c] of counts.get(shapes[k]!)!) {
        buf.writeUIntLE(shapes[k]! & SHAPE_LOW, o, 3);
        buf.writeUInt32LE(v, o + 3);
        buf.writeUInt32LE(c, o + 7);
        o += SHAPE_RECORD;
      }
    }
    if (out.length === 0 || out[out.length - 1]![0].length >= perCall) out.push([[], []]);
    out[out.length - 1]![0].push(keyOf(hash));
    out[out.length - 1]![1].push(buf);
    i = j;
  }
  return out;
}
