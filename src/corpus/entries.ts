// Store entries made from documents: fingerprint, band keys, sketch and, for a store that keeps
// its own record of a document (the Redis store: compressed JSON), that record — on the worker
// threads of `add` when there are some, so that the writing thread only writes. A task's
// entries come back packed in three transferred buffers (no per-document copies or clones).
import { brotliCompressSync, brotliDecompressSync, constants, inflateRawSync } from 'node:zlib';
import type { Doc } from '../doc.js';
import type { Fingerprint, FingerprintParams } from '../sketch/fingerprint.js';
import { LshIndex } from '../sketch/lsh.js';
import { sketchOf } from './band-filter.js';
import { fingerprintAndShapes } from './shapes.js';
import type { EntryParts, StoredEntry } from './store.js';

/**
 * The first byte of a document record compressed with Brotli: a raw deflate stream cannot start
 * with it (its first block would be of type 3, which is reserved), so the deflated records an
 * index written before holds still read as they are (documentOfRecord), and an older wiretrace
 * reading a new record fails on it ("invalid block type") instead of misreading it.
 */
const BROTLI_RECORD = 0xff;
/** Brotli at quality 0: measured on the bench's 600-word articles, ~28 µs of CPU a document against ~60 for deflate at level 1 (the fingerprinting threads' largest cost after tokenising), for 2,395 B against 2,165. */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_LGWIN]: 16, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };

/** documentRecord's UTF-8 of the JSON, reused (the compression reads it synchronously and keeps nothing of it). */
let jsonBytes = Buffer.allocUnsafe(0);

/** A document as the Redis store keeps it: its JSON, compressed with Brotli behind a marker byte (documentOfRecord reads it). */
export function documentRecord(doc: Doc): Buffer {
  const json = JSON.stringify(doc);
  // UTF-8 into a reused buffer (at most 3 bytes a UTF-16 unit): a new one a document was ~8% of the record's cost
  if (jsonBytes.length < 3 * json.length) jsonBytes = Buffer.allocUnsafe(Math.max(3 * json.length, 2 * jsonBytes.length));
  const packed = brotliCompressSync(jsonBytes.subarray(0, jsonBytes.write(json, 0, 'utf8')), BROTLI);
  const out = Buffer.allocUnsafe(packed.length + 1);
  out[0] = BROTLI_RECORD;
  packed.copy(out, 1);
  return out;
}

/** The document of a record: Brotli behind the marker byte, or raw deflate (the records written before Brotli, whatever the level). */
export function documentOfRecord(record: Buffer): Doc {
  const json = record[0] === BROTLI_RECORD ? brotliDecompressSync(record.subarray(1)) : inflateRawSync(record);
  return JSON.parse(json.toString('utf8')) as Doc;
}

const NO_SHINGLES = new Uint32Array(0);
/** Sizes per document in a packed task output (PackedEntries). */
const PACKED_SIZES = 4;

/** The entry of a document from its fingerprint and figure shapes (fingerprintAndShapes). */
export function entryOf(doc: Doc, { fp, shapes }: { fp: Fingerprint; shapes: Uint32Array }, lsh: LshIndex, parts: EntryParts): StoredEntry {
  const e: StoredEntry = { doc: { ...doc }, shingles: parts.shingles ? fp.shingles : NO_SHINGLES, winnowed: fp.winnowed, bandKeys: lsh.bandKeys(fp.signature), sketch: sketchOf(fp.signature), shapes };
  if (parts.record === 'compressed-json') e.record = documentRecord(doc);
  return e;
}

export interface EntriesTask {
  docs: Doc[];
}
export interface EntriesShared {
  params: FingerprintParams;
  /** The index's banding (LshIndex bands × rows of numPerm). */
  bands: number;
  rows: number;
  parts: EntryParts;
}

/**
 * A task's entries, packed: per document [shingles, winnowed, shapes, record bytes] in `sizes`;
 * its shingles (if kept), winnowed hashes, shapes and band keys in `words`; its sketch and record
 * in `bytes`.
 */
export interface PackedEntries {
  sizes: Uint32Array;
  words: Uint32Array;
  bytes: Uint8Array;
}

/** The banding of a run, made once per thread and run parameters. */
let lshOf: { key: string; lsh: LshIndex } | undefined;
function lshFor(s: EntriesShared): LshIndex {
  const key = `${s.params.numPerm}:${s.bands}:${s.rows}`;
  if (lshOf?.key !== key) lshOf = { key, lsh: new LshIndex({ numPerm: s.params.numPerm, bands: s.bands, rows: s.rows }) };
  return lshOf.lsh;
}

/** The worker task: entries of a few hundred documents, packed. */
export function runEntriesTask(t: EntriesTask, s: EntriesShared): PackedEntries {
  const lsh = lshFor(s);
  return packEntries(t.docs.map((d) => entryOf(d, fingerprintAndShapes(d, s.params), lsh, s.parts)));
}

/** Entries into three buffers (see PackedEntries). */
export function packEntries(es: readonly StoredEntry[]): PackedEntries {
  const sizes = new Uint32Array(PACKED_SIZES * es.length);
  let words = 0;
  let bytes = 0;
  es.forEach((e, i) => {
    const shapes = e.shapes ?? NO_SHINGLES;
    sizes[PACKED_SIZES * i] = e.shingles.length;
    sizes[PACKED_SIZES * i + 1] = e.winnowed.length;
    sizes[PACKED_SIZES * i + 2] = shapes.length;
    sizes[PACKED_SIZES * i + 3] = e.record?.length ?? 0;
    words += e.shingles.length + e.winnowed.length + shapes.length + e.bandKeys.length;
    bytes += (e.sketch?.length ?? 0) + (e.record?.length ?? 0);
  });
  const out: PackedEntries = { sizes, words: new Uint32Array(words), bytes: new Uint8Array(bytes) };
  let w = 0;
  let b = 0;
  for (const e of es) {
    for (const a of [e.shingles, e.winnowed, e.shapes ?? NO_SHINGLES, e.bandKeys]) out.words.set(a, w), (w += a.length);
    for (const a of [e.sketch, e.record]) if (a) out.bytes.set(a, b), (b += a.length);
  }
  return out;
}

/** The buffers to move (not copy) to the receiving thread. */
export function entriesTransfer(p: PackedEntries): ArrayBuffer[] {
  return [p.sizes.buffer as ArrayBuffer, p.words.buffer as ArrayBuffer, p.bytes.buffer as ArrayBuffer];
}

/** The entries of `docs` from their packed task output: views into its buffers. */
export function unpackEntries(docs: readonly Doc[], p: PackedEntries, bands: number, sketchSize: number): StoredEntry[] {
  let w = 0;
  let b = 0;
  const words = (n: number): Uint32Array => p.words.subarray(w, (w += n));
  return docs.map((d, i) => {
    const shingles = words(p.sizes[PACKED_SIZES * i]!);
    const winnowed = words(p.sizes[PACKED_SIZES * i + 1]!);
    const shapes = words(p.sizes[PACKED_SIZES * i + 2]!);
    const e: StoredEntry = { doc: { ...d }, shingles: shingles.length ? shingles : NO_SHINGLES, winnowed, shapes, bandKeys: words(bands), sketch: p.bytes.subarray(b, (b += sketchSize)) };
    const r = p.sizes[PACKED_SIZES * i + 3]!;
    if (r > 0) e.record = Buffer.from(p.bytes.buffer, p.bytes.byteOffset + b, r);
    b += r;
    return e;
  });
}
