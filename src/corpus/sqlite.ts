import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import type { Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { bufferToU32, refuseExisting, u32ToBuffer, type CorpusStore, type StoredEntry, type StoreMeta } from './store.js';

// better-sqlite3 is an optional peer dependency: loaded on first use, never at import time.
type Statement = { run(...a: unknown[]): { changes: number }; get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[]; pluck(on?: boolean): Statement; raw(on?: boolean): Statement };
interface Database {
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (n INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, doc TEXT NOT NULL, shingles BLOB NOT NULL, winnowed BLOB NOT NULL, bandkeys BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands (k INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (k, n)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS winnow (h INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (h, n)) WITHOUT ROWID;
`;

const byKey = (x: [number, number], y: [number, number]): number => x[0] - y[0] || x[1] - y[1];

/** Band b's key k as one 64-bit-safe integer. */
const bandInt = (b: number, k: number): number => b * 4294967296 + k;

/**
 * A single-file SQLite store (WAL, one transaction per batch, 10 s busy timeout so that
 * several processes can write the same file in turn). Opened with `readOnly`, it never
 * creates, converts or writes the file (a read-only file works), and a file that is not a
 * wiretrace index is refused with E_NOT_FOUND.
 */
export class SqliteStore implements CorpusStore {
  readonly kind = 'sqlite' as const;
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
      if (this.readOnly) {
        this.db = new Driver(file, { timeout: 10_000, readonly: true, fileMustExist: true });
        this.db.pragma('cache_size = -65536');
      } else {
        this.db = new Driver(file, { timeout: 10_000 });
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        // postings are inserted at random keys: a 64 MiB page cache keeps the B-tree pages in memory
        this.db.pragma('cache_size = -65536');
        this.db.exec(SCHEMA);
      }
    } catch (e) {
      throw storeError(`cannot open ${file}`, e);
    }
    if (this.readOnly) this.refuseForeign();
    const p = (s: string): Statement => this.db.prepare(s);
    this.st = {
      getMeta: p(`SELECT value FROM meta WHERE key = 'meta'`).pluck(),
      putMeta: p(`INSERT OR IGNORE INTO meta (key, value) VALUES ('meta', ?)`),
      exists: p(`SELECT 1 FROM docs WHERE id = ?`).pluck(),
      insDoc: p(`INSERT INTO docs (id, doc, shingles, winnowed, bandkeys) VALUES (?, ?, ?, ?, ?)`),
      getForRemove: p(`SELECT n, winnowed, bandkeys FROM docs WHERE id = ?`),
      delDoc: p(`DELETE FROM docs WHERE n = ?`),
      delBand: p(`DELETE FROM bands WHERE k = ? AND n = ?`),
      delWin: p(`DELETE FROM winnow WHERE h = ? AND n = ?`),
      count: p(`SELECT count(*) FROM docs`).pluck(),
      postings: p(`SELECT n FROM winnow WHERE h = ? LIMIT ?`).pluck(),
      ids: p(`SELECT id FROM docs ORDER BY id`).pluck(),
    };
  }

  /** A read-only open of a file without wiretrace's four tables: not an index (an empty file, another program's database). */
  private refuseForeign(): void {
    let tables: string[];
    try {
      tables = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'docs', 'bands', 'winnow')`).pluck().all() as string[];
    } catch (e) {
      this.db.close();
      throw storeError(`cannot read ${this.file}`, e);
    }
    if (tables.length !== 4) {
      this.db.close();
      throw new WiretraceError('E_NOT_FOUND', 'CorpusIndex (sqlite)', `${this.file} is not a wiretrace index${tables.length === 0 ? '' : ' (some of its tables are missing)'}`);
    }
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
    this.guard('adding documents', () => {
      // BEGIN IMMEDIATE: the write lock is taken before the existence check, so two writers cannot both pass it
      this.db
        .transaction((list: readonly StoredEntry[]) => {
          refuseExisting(list.filter((e) => this.st.exists!.get(e.doc.id) !== undefined).map((e) => e.doc.id));
          const bands: [number, number][] = [];
          const wins: [number, number][] = [];
          for (const e of list) {
            const { lastInsertRowid } = this.st.insDoc!.run(e.doc.id, JSON.stringify(e.doc), u32ToBuffer(e.shingles), u32ToBuffer(e.winnowed), u32ToBuffer(e.bandKeys)) as unknown as { lastInsertRowid: number | bigint };
            const n = Number(lastInsertRowid);
            e.bandKeys.forEach((k, b) => bands.push([bandInt(b, k), n]));
            for (const h of e.winnowed) wins.push([h, n]);
          }
          // postings in key order: each B-tree page is visited once per batch, not once per row
          this.insertPairs('bands', bands.sort(byKey));
          this.insertPairs('winnow', wins.sort(byKey));
        })
        .immediate(entries);
    });
  }

  private readonly statements = new Map<string, Statement>();
  /** A prepared statement, kept for the next call with the same SQL. */
  private cached(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** INSERT of (key, n) rows, up to 200 rows a statement: one call into SQLite instead of one per row. */
  private insertPairs(table: 'bands' | 'winnow', rows: readonly [number, number][]): void {
    const col = table === 'bands' ? 'k' : 'h';
    for (let i = 0; i < rows.length; i += 200) {
      const len = Math.min(200, rows.length - i);
      const st = this.cached(`INSERT INTO ${table} (${col}, n) VALUES ${'(?, ?),'.repeat(len).slice(0, -1)}`);
      const params: number[] = [];
      for (let j = i; j < i + len; j++) params.push(rows[j]![0], rows[j]![1]);
      st.run(...params);
    }
  }

  async remove(id: string): Promise<boolean> {
    return this.guard('removing a document', () => {
      let removed = false;
      this.db
        .transaction(() => {
          const row = this.st.getForRemove!.get(id) as { n: number; winnowed: Buffer; bandkeys: Buffer } | undefined;
          if (!row) return;
          bufferToU32(row.bandkeys).forEach((k, b) => this.st.delBand!.run(bandInt(b, k), row.n));
          for (const h of bufferToU32(row.winnowed)) this.st.delWin!.run(h, row.n);
          this.st.delDoc!.run(row.n);
          removed = true;
        })
        .immediate();
      return removed;
    });
  }

  async has(id: string): Promise<boolean> {
    return this.guard('reading', () => this.st.exists!.get(id) !== undefined);
  }

  async size(): Promise<number> {
    return this.guard('counting', () => Number(this.st.count!.get()));
  }

  async candidates(bandKeys: Uint32Array, winnowed: Uint32Array, maxDf: number): Promise<{ band: Set<string>; winnow: Map<string, number> }> {
    return this.guard('querying', () => {
      const band = new Set<string>();
      const keys = Array.from(bandKeys, (k, b) => bandInt(b, k));
      if (keys.length > 0) {
        const rows = this.cached(`SELECT DISTINCT d.id FROM bands b JOIN docs d ON d.n = b.n WHERE b.k IN (${'?,'.repeat(keys.length).slice(0, -1)})`).pluck().all(...keys) as string[];
        for (const id of rows) band.add(id);
      }
      // winnowed hashes: postings as document numbers first, ids only for the documents that count
      const perDoc = new Map<number, number>();
      // one bounded seek per hash: a stock phrase's long posting list is cut at maxDf + 1 rows
      const limit = Math.min(maxDf, 1_000_000) + 1;
      for (const h of winnowed) {
        const ns = this.st.postings!.all(h, limit) as number[];
        if (ns.length > maxDf) continue;
        for (const n of ns) perDoc.set(n, (perDoc.get(n) ?? 0) + 1);
      }
      const winnow = new Map<string, number>();
      for (const [n, id] of this.docsWhereIn<[number, string]>('n, id', 'n', [...perDoc.keys()])) winnow.set(id, perDoc.get(n)!);
      return { band, winnow };
    });
  }

  async shingles(ids: readonly string[]): Promise<Map<string, Uint32Array>> {
    return this.guard('reading shingles', () => new Map(this.docsWhereIn<[string, Buffer]>('id, shingles', 'id', ids).map(([id, b]) => [id, bufferToU32(b)])));
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

export function storeError(what: string, e: unknown): WiretraceError {
  const msg = e instanceof Error ? e.message : String(e);
  return new WiretraceError('E_STORE', 'CorpusIndex', `${what}: ${msg}`);
}
