import { createHash } from 'node:crypto';
import pkg from '../../package.json';
import type { Attribution } from '../attribution/extract.js';
import type { PairAnalysis } from '../provenance/graph.js';
import type { PairReads, RecordedPair } from '../provenance/incremental.js';
import type { DocScan } from '../provenance/stages.js';
import type { FingerprintParams } from '../sketch/fingerprint.js';
import { storeError, type Database, type Statement } from './sqlite.js';
import { bufferToU32, u32ToBuffer } from './store.js';
import { sortedMinus } from '../sketch/sort.js';

/**
 * The analysis cache of `analyzeIndex`, in two tables of the index's own SQLite file:
 * - `ascan`: each document's scan (fingerprint, 3-grams, folded 3-grams, slot words) and
 *   attributions, with the hash of its text and of the options they were made with;
 * - `apair`: each aligned candidate pair's result (or none: no shared passage) with what it
 *   read of the corpus counts (see provenance/incremental.ts), the hashes of both texts and of
 *   the options;
 * - `averify`: each candidate pair's count of shared shingles (what exact verification needs),
 *   so that the shingles themselves (~2.4 KB a document) are not stored: they are made again
 *   from the text for the few candidates not verified before.
 * A row whose text or options hash differs from the current one is stale: it is made again and
 * replaced. Rows of documents no longer in the index are deleted by `prune`.
 * Bump CACHE_FORMAT whenever what a stage computes changes, so old rows are never reused (a new
 * wiretrace version invalidates them too).
 */
export const CACHE_FORMAT = 4;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ascan (id TEXT PRIMARY KEY, hash BLOB NOT NULL, opts TEXT NOT NULL, arrays BLOB NOT NULL, extra TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS apair (a TEXT NOT NULL, b TEXT NOT NULL, hash BLOB NOT NULL, opts TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS apair_b ON apair (b);
CREATE TABLE IF NOT EXISTS averify (a TEXT NOT NULL, b TEXT NOT NULL, hash BLOB NOT NULL, opts TEXT NOT NULL, shared INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS averify_b ON averify (b);
`;

/** A document's cached stage-1 and stage-5 results (a stored scan's `fp.shingles` is empty: `shingleCount` says how many there are). */
export interface CachedScan {
  scan: DocScan;
  shingleCount: number;
  attributions: Attribution[];
}

/** The hash of a text (what makes a cached row of it valid), over its UTF-16 code units: UTF-8 would make every lone surrogate U+FFFD. */
export function textHash(text: string): Buffer {
  return createHash('sha1').update(Buffer.from(text, 'utf16le')).digest();
}

/**
 * A short hash of a JSON value (the options a row was made with), with the cache format and the
 * wiretrace version: an upgrade recomputes everything once rather than trust rows made by other code.
 */
export function optionsKey(v: unknown): string {
  return createHash('sha1').update(`${CACHE_FORMAT}:${pkg.version}:${JSON.stringify(v)}`).digest('hex');
}

export class AnalysisCache {
  private readonly st: Record<'getScan' | 'putScan' | 'getPair' | 'putPair' | 'getShared' | 'putShared', Statement>;

  constructor(
    private readonly db: Database,
    private readonly file: string,
  ) {
    this.guard('creating the analysis tables', () => db.exec(SCHEMA));
    const p = (sql: string): Statement => db.prepare(sql);
    this.st = {
      getScan: p(`SELECT hash, opts, arrays, extra FROM ascan WHERE id = ?`),
      putScan: p(`INSERT OR REPLACE INTO ascan (id, hash, opts, arrays, extra) VALUES (?, ?, ?, ?, ?)`),
      getPair: p(`SELECT hash, opts, data FROM apair WHERE a = ? AND b = ?`),
      putPair: p(`INSERT OR REPLACE INTO apair (a, b, hash, opts, data) VALUES (?, ?, ?, ?, ?)`),
      getShared: p(`SELECT hash, opts, shared FROM averify WHERE a = ? AND b = ?`),
      putShared: p(`INSERT OR REPLACE INTO averify (a, b, hash, opts, shared) VALUES (?, ?, ?, ?, ?)`),
    };
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw storeError(`${what} in ${this.file} failed`, e);
    }
  }

  /** The cached scan of a document, if made from this text with these options. */
  scan(id: string, hash: Buffer, opts: string, params: FingerprintParams): CachedScan | undefined {
    const row = this.guard('reading the analysis cache', () => this.st.getScan.get(id) as { hash: Buffer; opts: string; arrays: Buffer; extra: string } | undefined);
    if (!row || row.opts !== opts || !hash.equals(row.hash)) return undefined;
    return decodeScan(id, row.arrays, row.extra, params);
  }

  /** Stores scans (one transaction). */
  putScans(rows: readonly { id: string; hash: Buffer; cached: CachedScan }[], opts: string): void {
    this.guard('writing the analysis cache', () =>
      this.db.transaction(() => {
        for (const r of rows) this.st.putScan.run(r.id, r.hash, opts, encodeScan(r.cached.scan), JSON.stringify({ slots: r.cached.scan.slots ?? [], attributions: r.cached.attributions }));
      }).immediate(),
    );
  }

  /** The cached result of a pair, if made from these two texts with these options. */
  pair(a: string, b: string, hash: Buffer, opts: string): RecordedPair | undefined {
    const row = this.guard('reading the analysis cache', () => this.st.getPair.get(a, b) as { hash: Buffer; opts: string; data: string } | undefined);
    if (!row || row.opts !== opts || !hash.equals(row.hash)) return undefined;
    const d = JSON.parse(row.data) as { result: PairAnalysis | null; reads: EncodedReads };
    return { a, b, result: d.result, reads: decodeReads(d.reads) };
  }

  /** Stores pair results (one transaction); `hashOf` gives each pair's texts hash. */
  putPairs(rows: readonly RecordedPair[], hashOf: (p: RecordedPair) => Buffer, opts: string): void {
    this.guard('writing the analysis cache', () =>
      this.db.transaction(() => {
        for (const r of rows) this.st.putPair.run(r.a, r.b, hashOf(r), opts, JSON.stringify({ result: r.result, reads: encodeReads(r.reads) }));
      }).immediate(),
    );
  }

  /** The stored count of shingles two documents share, if counted from these two texts with these options. */
  shared(a: string, b: string, hash: Buffer, opts: string): number | undefined {
    const row = this.guard('reading the analysis cache', () => this.st.getShared.get(a, b) as { hash: Buffer; opts: string; shared: number } | undefined);
    return row && row.opts === opts && hash.equals(row.hash) ? row.shared : undefined;
  }

  /** Stores shared-shingle counts (one transaction). */
  putShared(rows: readonly { a: string; b: string; hash: Buffer; shared: number }[], opts: string): void {
    if (rows.length === 0) return;
    this.guard('writing the analysis cache', () =>
      this.db.transaction(() => {
        for (const r of rows) this.st.putShared.run(r.a, r.b, r.hash, opts, r.shared);
      }).immediate(),
    );
  }

  /** Deletes the rows of documents no longer in the index; returns how many scans and pairs went. */
  prune(): { scans: number; pairs: number } {
    return this.guard('pruning the analysis cache', () => {
      let out = { scans: 0, pairs: 0 };
      this.db.transaction(() => {
        const scans = this.db.prepare(`DELETE FROM ascan WHERE id NOT IN (SELECT id FROM docs)`).run().changes;
        const pairs = this.db.prepare(`DELETE FROM apair WHERE a NOT IN (SELECT id FROM docs) OR b NOT IN (SELECT id FROM docs)`).run().changes;
        this.db.prepare(`DELETE FROM averify WHERE a NOT IN (SELECT id FROM docs) OR b NOT IN (SELECT id FROM docs)`).run();
        out = { scans, pairs };
      }).immediate();
      return out;
    });
  }
}

/**
 * Deletes a removed document's stored scan and pairs, if the file has an analysis cache (called
 * by `remove`; rows a crash leaves behind are deleted by the next analysis's `prune`).
 */
export function forgetDocument(db: Database, id: string): void {
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'averify'`).pluck().get() === undefined) return;
  db.transaction(() => {
    db.prepare(`DELETE FROM ascan WHERE id = ?`).run(id);
    db.prepare(`DELETE FROM apair WHERE a = ?`).run(id);
    db.prepare(`DELETE FROM apair WHERE b = ?`).run(id);
    db.prepare(`DELETE FROM averify WHERE a = ?`).run(id);
    db.prepare(`DELETE FROM averify WHERE b = ?`).run(id);
  }).immediate();
}

/** The hash that makes a pair row valid: both texts' hashes, in order. */
export function pairHash(a: Buffer, b: Buffer): Buffer {
  return Buffer.concat([a, b]);
}

// ---- encoding ----------------------------------------------------------------------------

/**
 * A scan's arrays as little-endian u32: tokenCount, the number of shingles (not the shingles:
 * see `averify`), the lengths, then signature, winnowed, grams, and the folded 3-grams as their
 * difference from the plain ones (the 3-grams they drop, those they add): the two differ only
 * where a 3-gram holds a figure, so this stores a few hundred bytes instead of ~2.4 KB.
 * @internal exported for tests.
 */
export function encodeScan(s: DocScan): Buffer {
  const grams = s.grams ?? new Uint32Array(0);
  const folded = s.folded ?? new Uint32Array(0);
  const parts = [s.fp.signature, s.fp.winnowed, grams, sortedMinus(grams, folded), sortedMinus(folded, grams)];
  const head = Uint32Array.of(s.fp.tokenCount, s.fp.shingles.length, ...parts.map((p) => p.length));
  const all = new Uint32Array(head.length + parts.reduce((n, p) => n + p.length, 0));
  all.set(head, 0);
  let at = head.length;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return u32ToBuffer(all);
}

/** @internal exported for tests. */
export function decodeScan(id: string, arrays: Buffer, extra: string, params: FingerprintParams): CachedScan {
  const all = bufferToU32(arrays);
  let at = 7;
  const take = (n: number): Uint32Array => all.subarray(at, (at += n));
  const [signature, winnowed, grams, dropped, added] = [2, 3, 4, 5, 6].map((k) => take(all[k]!)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const folded = union(sortedMinus(grams, dropped), added);
  const x = JSON.parse(extra) as { slots: string[]; attributions: Attribution[] };
  return { scan: { fp: { id, params, tokenCount: all[0]!, shingles: new Uint32Array(0), signature, winnowed }, grams, folded, slots: x.slots }, shingleCount: all[1]!, attributions: x.attributions };
}

/** The union of two sorted unique arrays with no value in common, sorted. */
function union(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out.sort();
}

interface EncodedReads {
  rules: number;
  passages: { grams: number; looked: string; common: boolean }[];
  common: string;
  commonIn: string;
  stock: string;
  stockIn: string;
  slots: string[];
  slotsIn: string;
}

const b64 = (a: Uint32Array | Uint8Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const u8Of = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

function encodeReads(r: PairReads): EncodedReads {
  return { rules: r.rules, passages: r.passages.map((x) => ({ grams: x.grams, looked: b64(x.looked), common: x.common })), common: b64(r.common), commonIn: b64(r.commonIn), stock: b64(r.stock), stockIn: b64(r.stockIn), slots: r.slots, slotsIn: b64(r.slotsIn) };
}

function decodeReads(e: EncodedReads): PairReads {
  const u32 = (s: string): Uint32Array => bufferToU32(Buffer.from(s, 'base64'));
  return { rules: e.rules, passages: e.passages.map((x) => ({ grams: x.grams, looked: u32(x.looked), common: x.common })), common: u32(e.common), commonIn: u8Of(e.commonIn), stock: u32(e.stock), stockIn: u8Of(e.stockIn), slots: e.slots, slotsIn: u8Of(e.slotsIn) };
}
