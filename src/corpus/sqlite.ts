import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import type { Doc } from '../doc.js';
import { shinglesOfText, type FingerprintParams } from '../sketch/fingerprint.js';
import { WiretraceError } from '../errors.js';
import { batchPostings, bucketBits, bucketOf, bucketsOf, concat, decode as decodePostings, docsOf, encode, inSlice, mergeAll, SLICES, without, type Postings } from './_postings.js';
import { keepBandHit, type BandFilter } from './band-filter.js';
import { batchShapeCounts, fingerprintAndShapes, SHAPE_CAP, SHAPES_VERSION } from './shapes.js';
import { bufferToU32, refuseExisting, u32ToBuffer, type CorpusStore, type StoredEntry, type StoreMeta } from './store.js';

// better-sqlite3 is an optional peer dependency: loaded on first use, never at import time.
export type Statement = { run(...a: unknown[]): { changes: number }; get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[]; pluck(on?: boolean): Statement; raw(on?: boolean): Statement };
export interface Database {
  pragma(s: string): unknown;
  exec(s: string): void;
  prepare(s: string): Statement;
  transaction<A extends unknown[]>(f: (...a: A) => void): { immediate: (...a: A) => void };
  close(): void;
}

type Driver = new (file: string, opts?: { timeout?: number; readonly?: boolean; fileMustExist?: boolean }) => Database;

function loadDriver(): Driver {
  try {
    const require = createRequire(import.meta.url);
    return require('better-sqlite3') as Driver;
  } catch (e) {
    throw new WiretraceError('E_DEPENDENCY', 'CorpusIndex (sqlite)', `the SQLite store needs the better-sqlite3 package: npm install better-sqlite3 (${(e as Error).message.split('\n')[0]})`);
  }
}

/**
 * Layout 2: postings packed in runs (see _postings.ts). A `post` row is one bucket of one
 * space of one run, keyed by postKey(run, space, bucket): space 0 the winnowed hashes, space
 * 1 + b the keys of LSH band b. A run's rows have consecutive keys, so a batch appends to the
 * table's end and fills its pages. `runs` records each run's tier, documents and bucket bits
 * per space. Documents keep their text and band keys only: shingles and winnowed hashes are
 * derived from the text again when a query verifies a candidate or a document is removed
 * (what was 3.4 KB a document). Layout 1 (a `bands` and a `winnow` table of one row per
 * posting, shingles stored) is refused with E_VERSION.
 */
export const SQLITE_LAYOUT = 2;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (n INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, doc TEXT NOT NULL, bandkeys BLOB NOT NULL, sketch BLOB);
CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, tier INTEGER NOT NULL, docs INTEGER NOT NULL, bits BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS post (k INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS shapes (s INTEGER NOT NULL, v INTEGER NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (s, v)) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('layout', '${SQLITE_LAYOUT}');
`;
const TABLES = ['meta', 'docs', 'runs', 'post'];

/** Row key of a bucket: run < 2^20, space < 2^13, bucket < 2^20 (bucketBits is at most 20), within 2^53. */
const postKey = (run: number, space: number, bucket: number): number => (run * 8192 + space) * 1048576 + bucket;

/** Runs of one tier merged into one run of the next once there are this many. */
const FANOUT = 16;

/** The layout of an existing file, from its tables: 1 (one row per posting), 2, or undefined (not an index). */
function layoutOf(tables: readonly string[]): 1 | 2 | undefined {
  if (tables.includes('winnow') || tables.includes('bands')) return 1;
  return TABLES.every((t) => tables.includes(t)) ? 2 : undefined;
}

type Run = { run: number; bits: Uint8Array };

/**
 * A single-file SQLite store (WAL, one transaction per batch, 10 s busy timeout so that
 * several processes can write the same file in turn). Opened with `readOnly`, it never
 * creates, converts or writes the file (a read-only file works), and a file that is not a
 * wiretrace index is refused with E_NOT_FOUND, one of an older layout with E_VERSION.
 */
export class SqliteStore implements CorpusStore {
  readonly kind = 'sqlite' as const;
  /** Shingles are recomputed from the text (a query's verified candidates only). */
  readonly entryParts = { shingles: false } as const;
  private readonly db: Database;
  private readonly st: Record<string, Statement>;
  private closed = false;
  readonly readOnly: boolean;

  constructor(
    readonly file: string,
    opts: { readOnly?: boolean } = {},
  ) {
    const Driver = loadDriver();
    this.readOnly = opts.readOnly ?? false;
    try {
      this.db = this.readOnly ? new Driver(file, { timeout: 10_000, readonly: true, fileMustExist: true }) : new Driver(file, { timeout: 10_000 });
      this.db.pragma('cache_size = -65536');
    } catch (e) {
      throw storeError(`cannot open ${file}`, e);
    }
    this.checkLayout();
    if (!this.readOnly) {
      try {
        whileBusy(() => this.db.pragma('journal_mode = WAL'));
        this.db.pragma('synchronous = NORMAL');
        whileBusy(() => {
          this.db.exec(SCHEMA);
          // a file made before sketches (band-filter.ts): its documents keep none and are always verified
          if (!this.hasSketches()) this.db.exec('ALTER TABLE docs ADD COLUMN sketch BLOB');
          this.markShapes();
        });
      } catch (e) {
        this.db.close();
        throw storeError(`cannot open ${file}`, e);
      }
    }
    const p = (sql: string): Statement => this.db.prepare(sql);
    this.st = {
      getMeta: p(`SELECT value FROM meta WHERE key = 'meta'`).pluck(),
      putMeta: p(`INSERT OR IGNORE INTO meta (key, value) VALUES ('meta', ?)`),
      exists: p(`SELECT 1 FROM docs WHERE id = ?`).pluck(),
      getForRemove: p(`SELECT n, doc, bandkeys FROM docs WHERE id = ?`),
      delDoc: p(`DELETE FROM docs WHERE n = ?`),
      count: p(`SELECT count(*) FROM docs`).pluck(),
      ids: p(`SELECT id FROM docs ORDER BY id`).pluck(),
      runs: p(`SELECT run, bits FROM runs ORDER BY run`).raw(true),
      tierRuns: p(`SELECT run, docs FROM runs WHERE tier = ? ORDER BY run`).raw(true),
      runBits: p(`SELECT bits FROM runs WHERE run = ?`).pluck(),
      spaceBytes: p(`SELECT sum(length(data)) FROM post WHERE k >= ? AND k < ?`).pluck(),
      nextRun: p(`SELECT coalesce(max(run), 0) + 1 FROM runs`).pluck(),
      insRun: p(`INSERT INTO runs (run, tier, docs, bits) VALUES (?, ?, ?, ?)`),
      delRun: p(`DELETE FROM runs WHERE run = ?`),
      delRunPosts: p(`DELETE FROM post WHERE k >= ? AND k < ?`),
      bucket: p(`SELECT data FROM post WHERE k = ?`).pluck(),
      space: p(`SELECT data FROM post WHERE k >= ? AND k < ? ORDER BY k`).pluck(),
      putBucket: p(`UPDATE post SET data = ? WHERE k = ?`),
      delBucket: p(`DELETE FROM post WHERE k = ?`),
    };
  }

  /** Refuses a file of an older layout (E_VERSION), and on a read-only open one that is not an index at all (E_NOT_FOUND). */
  private checkLayout(): void {
    let tables: string[];
    try {
      tables = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    } catch (e) {
      this.db.close();
      throw storeError(`cannot read ${this.file}`, e);
    }
    const layout = layoutOf(tables);
    if (layout === 1) {
      this.db.close();
      throw new WiretraceError('E_VERSION', 'CorpusIndex (sqlite)', `${this.file} is a wiretrace index of SQLite layout 1 (one row per posting, made by wiretrace 0.1); this wiretrace reads layout ${SQLITE_LAYOUT}: index the same files into a new file (wiretrace index add)`);
    }
    if (this.readOnly && layout === undefined) {
      this.db.close();
      const ours = TABLES.filter((t) => tables.includes(t)).length;
      throw new WiretraceError('E_NOT_FOUND', 'CorpusIndex (sqlite)', `${this.file} is not a wiretrace index${ours === 0 ? '' : ' (some of its tables are missing)'}`);
    }
  }

  /** Whether the docs table has the sketch column (a file opened read-only may predate it). */
  private hasSketches(): boolean {
    return (this.db.prepare(`SELECT name FROM pragma_table_info('docs')`).pluck().all() as string[]).includes('sketch');
  }

  /** @internal The open database, for the tables of the analysis cache (analysis-cache.ts) kept in the same file. */
  database(): Database {
    if (this.closed) throw new WiretraceError('E_STORE', 'CorpusIndex (sqlite)', `${this.file} is closed`);
    return this.db;
  }

  private guard<T>(what: string, f: () => T): T {
    if (this.closed) throw new WiretraceError('E_STORE', 'CorpusIndex (sqlite)', `${this.file} is closed`);
    try {
      return f();
    } catch (e) {
      if (e instanceof WiretraceError) throw e;
      throw storeError(`${what} in ${this.file} failed`, e);
    }
  }

  async readMeta(): Promise<StoreMeta | undefined> {
    return this.guard('reading the metadata', () => {
      const v = this.st.getMeta!.get() as string | undefined;
      return v === undefined ? undefined : (JSON.parse(v) as StoreMeta);
    });
  }

  async initMeta(meta: StoreMeta): Promise<StoreMeta> {
    this.guard('writing the metadata', () => this.st.putMeta!.run(JSON.stringify(meta)));
    return (await this.readMeta())!;
  }

  async add(entries: readonly StoredEntry[]): Promise<void> {
    return this.addBatches([entries]);
  }

  /**
   * Documents given to addBatches at once: one transaction and one run of postings for all
   * their batches (a run per 500-document batch spent the time on sorting and writing 43 small
   * spaces, and on merging runs again). Each batch is still committed whole, in order.
   */
  readonly writeGroup = 8192;

  /**
   * Adds batches in one transaction: those before the first batch holding an id already there
   * (or in an earlier batch of the list) are committed together as one run, then that one is
   * refused with E_INPUT.
   */
  async addBatches(batches: readonly (readonly StoredEntry[])[]): Promise<void> {
    this.guard('adding documents', () => {
      let refused: string[] = [];
      // BEGIN IMMEDIATE: the write lock is taken before the existence check, so two writers cannot both pass it
      this.db
        .transaction(() => {
          const seen = new Set<string>();
          const ok: StoredEntry[] = [];
          for (const b of batches) {
            refused = b.filter((e) => seen.has(e.doc.id) || this.st.exists!.get(e.doc.id) !== undefined).map((e) => e.doc.id);
            if (refused.length > 0) break;
            for (const e of b) seen.add(e.doc.id), ok.push(e);
          }
          if (ok.length > 0) this.addRun(ok);
        })
        .immediate();
      refuseExisting(refused);
    });
  }

  /** Inserts documents and their postings as one new run, then merges runs as needed (inside the caller's transaction). */
  private addRun(list: readonly StoredEntry[]): void {
    // prepared here: a file opened read-only may predate the sketch column
    const insDoc = this.cached(`INSERT INTO docs (id, doc, bandkeys, sketch) VALUES (?, ?, ?, ?)`);
    const ns = list.map((e) => Number((insDoc.run(e.doc.id, JSON.stringify(e.doc), u32ToBuffer(e.bandKeys), e.sketch ? Buffer.from(e.sketch.buffer, e.sketch.byteOffset, e.sketch.byteLength) : null) as unknown as { lastInsertRowid: number | bigint }).lastInsertRowid));
    const bands = list[0]?.bandKeys.length ?? 0;
    this.writeRun(Number(this.st.nextRun!.get()), 0, list.length, 1 + bands, (s) => {
      const p = batchPostings(list, ns, s);
      return { total: p.keys.length, parts: [p] };
    });
    this.compact(bands);
    this.countShapes(list);
  }

  /**
   * Counts the batch's figure shapes in (shapes.ts: ShapeCounts's rules, in the batch's order): a
   * variant already counted gets its documents added, a new one is counted while its shape has
   * fewer than SHAPE_CAP.
   */
  private countShapes(list: readonly StoredEntry[]): void {
    if (!this.shapesCounted()) return;
    const counts = batchShapeCounts(list.map((e) => e.shapes));
    if (counts.size === 0) return;
    const known = this.cached(`SELECT v FROM shapes WHERE s = ?`).pluck();
    const bump = this.cached(`UPDATE shapes SET docs = docs + ? WHERE s = ? AND v = ?`);
    const insert = this.cached(`INSERT INTO shapes (s, v, docs) VALUES (?, ?, ?)`);
    for (const [shape, variants] of counts) {
      const have = new Set(known.all(shape) as number[]);
      for (const [v, n] of variants) {
        if (have.has(v)) bump.run(n, shape, v);
        else if (have.size < SHAPE_CAP) insert.run(shape, v, n), have.add(v);
      }
    }
  }

  /** Takes a document's counted shape variants back (its [shape, variant] pairs; inside the caller's transaction). */
  private uncountShapes(pairs: Uint32Array): void {
    if (!this.shapesCounted()) return;
    const drop = this.cached(`UPDATE shapes SET docs = docs - 1 WHERE s = ? AND v = ?`);
    const clear = this.cached(`DELETE FROM shapes WHERE s = ? AND v = ? AND docs <= 0`);
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      if (drop.run(pairs[k], pairs[k + 1]).changes > 0) clear.run(pairs[k], pairs[k + 1]);
    }
  }

  /**
   * Marks whether the shape counts cover every document (meta `shapes`: SHAPES_VERSION) or not
   * (`incomplete`): a file that held documents before it counted shapes, or counted them another
   * way. Incomplete counts are neither kept nor read: every shape answers 0, the rule is off.
   */
  private markShapes(): void {
    if (this.db.prepare(`SELECT value FROM meta WHERE key = 'shapes'`).pluck().get() !== undefined) return;
    const fresh = this.db.prepare(`SELECT (SELECT count(*) FROM docs) + (SELECT count(*) FROM shapes)`).pluck().get() === 0;
    this.db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('shapes', ?)`).run(fresh ? String(SHAPES_VERSION) : 'incomplete');
  }

  /** Whether the shape counts are complete and of this version (markShapes); a file made before them answers no (read once). */
  private shapesCounted(): boolean {
    this.countedShapes ??= (() => {
      if (!(this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'shapes'`).pluck().get() as string | undefined)) return false;
      return this.db.prepare(`SELECT value FROM meta WHERE key = 'shapes'`).pluck().get() === String(SHAPES_VERSION);
    })();
    return this.countedShapes;
  }
  private countedShapes: boolean | undefined;

  /** For each shape, how many variants are counted (0 for all when the counts are not complete: shapesCounted). */
  async shapeVariants(shapes: Uint32Array): Promise<Uint8Array> {
    return this.guard('reading shapes', () => {
      const out = new Uint8Array(shapes.length);
      if (!this.shapesCounted()) return out;
      const at = new Map<number, number>();
      shapes.forEach((x, i) => at.set(x, i));
      const all = [...at.keys()];
      for (let i = 0; i < all.length; i += 500) {
        const chunk = all.slice(i, i + 500);
        for (const [x, n] of this.cached(`SELECT s, count(*) FROM shapes WHERE s IN (${'?,'.repeat(chunk.length).slice(0, -1)}) GROUP BY s`).raw(true).all(...chunk) as [number, number][]) out[at.get(x)!] = n;
      }
      return out;
    });
  }

  /**
   * Writes one run: the postings of each space, bucket by bucket, appended in key order.
   * `partsOf(space)` gives the space's posting count and its postings as sorted, consecutive parts.
   */
  private writeRun(run: number, tier: number, docs: number, spaces: number, partsOf: (space: number) => { total: number; parts: Iterable<Postings> }): void {
    const bits = new Uint8Array(spaces);
    for (let s = 0; s < spaces; s++) {
      const { total, parts } = partsOf(s);
      bits[s] = bucketBits(total);
      // under 4 bits a bucket spans slices: the (small) space is bucketed whole
      for (const p of bits[s]! < 4 ? [concat([...parts])] : parts) this.insertRows([...bucketsOf(p, bits[s]!)].map(([b, part]) => [postKey(run, s, b), encode(part)]));
    }
    this.st.insRun!.run(run, tier, docs, Buffer.from(bits));
  }

  /** Tiered merging: FANOUT runs of a tier become one run of the next, so a query reads few runs. */
  private compact(bands: number): void {
    for (let tier = 0; ; tier++) {
      const runs = (this.st.tierRuns!.all(tier) as [number, number][]).map(([run, docs]) => ({ run, docs, bits: this.bitsOf(run) }));
      if (runs.length < FANOUT) return;
      const docs = runs.reduce((a, r) => a + r.docs, 0);
      this.writeRun(Number(this.st.nextRun!.get()), tier + 1, docs, 1 + bands, (s) => ({ total: runs.reduce((a, r) => a + this.spaceSize(r.run, s), 0), parts: this.mergedSlices(runs, s) }));
      for (const r of runs) {
        this.st.delRunPosts!.run(postKey(r.run, 0, 0), postKey(r.run + 1, 0, 0));
        this.st.delRun!.run(r.run);
      }
    }
  }

  /**
   * The merged postings of one space of some runs, a sixteenth of the key space at a time (by the
   * key's top 4 bits), so that merging runs of a million documents holds 1/16 of them in memory.
   */
  private *mergedSlices(runs: readonly Run[], space: number): Generator<Postings> {
    for (let j = 0; j < SLICES; j++) yield mergeAll(runs.map((r) => this.readSlice(r, space, j)));
  }

  /** Postings of slice j (keys whose top 4 bits are j) of one space of a run, sorted. */
  private readSlice(r: Run, space: number, j: number): Postings {
    const bits = r.bits[space] ?? 0;
    const shift = Math.max(0, bits - 4);
    const lo = bits >= 4 ? j << shift : 0;
    const hi = bits >= 4 ? (j + 1) << shift : 1 << bits;
    const p = concat((this.st.space!.all(postKey(r.run, space, lo), postKey(r.run, space, hi)) as Buffer[]).map(decodePostings));
    return bits >= 4 ? p : inSlice(p, j);
  }

  private bitsOf(run: number): Uint8Array {
    return new Uint8Array(this.st.runBits!.get(run) as Buffer);
  }

  private spaceSize(run: number, space: number): number {
    return Number(this.st.spaceBytes!.get(postKey(run, space, 0), postKey(run, space + 1, 0)) ?? 0) / 8;
  }

  private readonly statements = new Map<string, Statement>();
  /** A prepared statement, kept for the next call with the same SQL. */
  private cached(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** INSERT of post rows, up to 200 a statement: one call into SQLite instead of one per row. */
  private insertRows(rows: readonly unknown[][]): void {
    for (let i = 0; i < rows.length; i += 200) {
      const len = Math.min(200, rows.length - i);
      this.cached(`INSERT INTO post (k, data) VALUES ${'(?, ?),'.repeat(len).slice(0, -1)}`).run(...rows.slice(i, i + len).flat());
    }
  }

  private runs(): Run[] {
    return (this.st.runs!.all() as [number, Buffer][]).map(([run, bits]) => ({ run, bits: new Uint8Array(bits) }));
  }

  async remove(id: string): Promise<boolean> {
    return this.guard('removing a document', () => {
      let removed = false;
      this.db
        .transaction(() => {
          const row = this.st.getForRemove!.get(id) as { n: number; doc: string; bandkeys: Buffer } | undefined;
          if (!row) return;
          // one scan for the postings' winnowed hashes and the shape counts to take back
          const { fp, shapes } = fingerprintAndShapes(JSON.parse(row.doc) as Doc, this.fingerprintParams());
          const winnowed = fp.winnowed;
          const keys: [number, number][] = [...Array.from(winnowed, (h): [number, number] => [0, h]), ...Array.from(bufferToU32(row.bandkeys), (k, b): [number, number] => [1 + b, k])];
          for (const r of this.runs()) this.removeFromRun(r, keys, row.n);
          this.st.delDoc!.run(row.n);
          this.uncountShapes(shapes);
          removed = true;
        })
        .immediate();
      return removed;
    });
  }

  /** Rewrites the buckets of one run that may hold document n's postings, without them. */
  private removeFromRun(r: Run, keys: readonly [number, number][], n: number): void {
    const seen = new Set<string>();
    for (const [space, key] of keys) {
      const b = bucketOf(key, r.bits[space] ?? 0);
      if (seen.has(`${space}:${b}`)) continue;
      seen.add(`${space}:${b}`);
      const data = this.st.bucket!.get(postKey(r.run, space, b)) as Buffer | undefined;
      if (!data) continue;
      const p = decodePostings(data);
      const kept = without(p, n);
      if (kept.keys.length === p.keys.length) continue;
      if (kept.keys.length === 0) this.st.delBucket!.run(postKey(r.run, space, b));
      else this.st.putBucket!.run(encode(kept), postKey(r.run, space, b));
    }
  }

  async has(id: string): Promise<boolean> {
    return this.guard('reading', () => this.st.exists!.get(id) !== undefined);
  }

  async size(): Promise<number> {
    return this.guard('counting', () => Number(this.st.count!.get()));
  }

  async candidates(bandKeys: Uint32Array, winnowed: Uint32Array, maxDf: number, minShared = 1, filter?: BandFilter): Promise<{ band: Set<string>; winnow: Map<string, number> }> {
    return this.guard('querying', () => {
      const wanted: [number, number][] = [...Array.from(bandKeys, (k, b): [number, number] => [1 + b, k]), ...Array.from(winnowed, (h): [number, number] => [0, h])];
      const lookup = this.lookup(this.runs(), wanted);
      const bandNs = new Set<number>();
      bandKeys.forEach((k, b) => {
        for (const ns of lookup(1 + b, k)) for (const n of ns) bandNs.add(n);
      });
      // winnowed hashes: postings as document numbers first
      const perDoc = new Map<number, number>();
      for (const h of winnowed) {
        const lists = lookup(0, h);
        // a stock phrase's long posting list does not count
        if (lists.reduce((a, l) => a + l.length, 0) > maxDf) continue;
        for (const ns of lists) for (const n of ns) perDoc.set(n, (perDoc.get(n) ?? 0) + 1);
      }
      const band = new Set(this.bandHits([...bandNs], filter && ((n) => (perDoc.get(n) ?? 0) < minShared), filter));
      // ids only for the documents that can be candidates: thousands share one hash, few share minShared
      const counted = [...perDoc].filter(([, c]) => c >= minShared).map(([n]) => n);
      const winnow = new Map<string, number>();
      for (const [n, id] of this.docsWhereIn<[number, string]>('n, id', 'n', counted)) winnow.set(id, perDoc.get(n)!);
      return { band, winnow };
    });
  }

  /** Ids of band hits; with a filter, those of the numbers `filtered` picks only when their sketches pass it (read in the same statement). */
  private bandHits(ns: readonly number[], filtered: ((n: number) => boolean) | undefined, filter: BandFilter | undefined): string[] {
    this.sketchColumn ??= this.hasSketches();
    if (!filter || !filtered || !this.sketchColumn) return this.docsWhereIn<[string]>('id', 'n', ns).map(([id]) => id);
    return this.docsWhereIn<[number, string, Buffer | null]>('n, id, sketch', 'n', ns)
      .filter(([n, , s]) => !filtered(n) || keepBandHit(filter.sketch, s ?? undefined, filter.min))
      .map(([, id]) => id);
  }

  /** Reads the buckets of every run that can hold the wanted (space, key)s, 500 rows a statement, and looks keys up in them. */
  private lookup(runs: readonly Run[], wanted: readonly [number, number][]): (space: number, key: number) => Uint32Array[] {
    const rowKey = (r: Run, space: number, key: number): number => postKey(r.run, space, bucketOf(key, r.bits[space] ?? 0));
    const keys = new Set<number>();
    for (const r of runs) for (const [space, key] of wanted) keys.add(rowKey(r, space, key));
    const rows = new Map<number, Postings>();
    const all = [...keys];
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      for (const [k, data] of this.cached(`SELECT k, data FROM post WHERE k IN (${'?,'.repeat(chunk.length).slice(0, -1)})`).raw(true).all(...chunk) as [number, Buffer][]) rows.set(k, decodePostings(data));
    }
    const none = new Uint32Array(0);
    return (space, key) =>
      runs.map((r) => {
        const p = rows.get(rowKey(r, space, key));
        return p ? docsOf(p, key) : none;
      });
  }

  /** Shingles of indexed documents, from their texts (as they were made when the documents were added). */
  async shingles(ids: readonly string[]): Promise<Map<string, Uint32Array>> {
    const params = this.fingerprintParams();
    return this.guard('reading shingles', () => new Map(this.docsWhereIn<[string, string]>('id, doc', 'id', ids).map(([id, doc]) => [id, shinglesOfText((JSON.parse(doc) as Doc).text, params)])));
  }

  private sketchColumn: boolean | undefined;

  private params: FingerprintParams | undefined;
  /** The index's fingerprint parameters, from its metadata. */
  private fingerprintParams(): FingerprintParams {
    if (!this.params) {
      const v = this.st.getMeta!.get() as string | undefined;
      if (v === undefined) throw new WiretraceError('E_STORE', 'CorpusIndex (sqlite)', `${this.file} has no metadata`);
      this.params = (JSON.parse(v) as StoreMeta).params;
    }
    return this.params;
  }

  async docs(ids: readonly string[]): Promise<Map<string, Doc>> {
    return this.guard('reading documents', () => new Map(this.docsWhereIn<[string, string]>('id, doc', 'id', ids).map(([id, doc]) => [id, JSON.parse(doc) as Doc])));
  }

  /** Rows (as arrays) of `SELECT <cols> FROM docs WHERE <col> IN (values)`, 500 values a statement. */
  private docsWhereIn<R extends unknown[]>(cols: string, col: 'id' | 'n', values: readonly (string | number)[]): R[] {
    const out: R[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      out.push(...(this.cached(`SELECT ${cols} FROM docs WHERE ${col} IN (${'?,'.repeat(chunk.length).slice(0, -1)})`).raw(true).all(...chunk) as R[]));
    }
    return out;
  }

  async ids(): Promise<string[]> {
    return this.guard('listing', () => this.st.ids!.all() as string[]);
  }

  async byteSize(): Promise<number | undefined> {
    if (!this.readOnly) this.guard('checkpointing', () => this.db.pragma('wal_checkpoint(TRUNCATE)'));
    let n = 0;
    for (const f of [this.file, `${this.file}-wal`]) {
      try {
        n += statSync(f).size;
      } catch {
        // no WAL file: nothing to add
      }
    }
    return n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.readOnly) {
      // back to a rollback journal when no one else has the file open: a WAL file cannot be read
      // where its -shm cannot be created (a read-only file in a read-only folder); the next
      // writer turns WAL on again. With other connections open this fails and WAL stays.
      try {
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // busy: another process has the index open
      }
    }
    this.db.close();
  }
}

/** How long a store keeps trying a setup step another process holds the lock for (as the busy timeout). */
const BUSY_MS = 10_000;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs a step of opening a file again while another connection holds the lock it needs, for up
 * to BUSY_MS: SQLite does not call the busy handler for every lock (two processes opening one new
 * file at once, each switching it to WAL or creating the tables, got "database is locked" at once
 * in about one run of four).
 */
function whileBusy<T>(step: () => T): T {
  const until = Date.now() + BUSY_MS;
  for (;;) {
    try {
      return step();
    } catch (e) {
      const code = (e as { code?: string } | null)?.code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || Date.now() > until) throw e;
      Atomics.wait(sleepCell, 0, 0, 20 + Math.floor(Math.random() * 30));
    }
  }
}

export function storeError(what: string, e: unknown): WiretraceError {
  const msg = e instanceof Error ? e.message : String(e);
  return new WiretraceError('E_STORE', 'CorpusIndex', `${what}: ${msg}`);
}
