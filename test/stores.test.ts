import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { freePort, startRedis, type RedisServer } from '../bench/util.js';
import { checkDraft, CorpusIndex, openCorpusIndex, WiretraceError, type Match, type OpenIndexOptions, type StoredCorpusIndex } from '../src/index.js';
import { keepBandHit, minAgreement, sketchOf } from '../src/corpus/band-filter.js';
import { ROOT, runCli } from './helpers.js';

// Debian's redis-server (installed by .ci/run). CI must run these tests; on a machine without
// it the Redis cases are skipped with a message. Each test run starts its own servers on free
// loopback ports, so nothing outside the test is touched.
const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!redisBin && process.env.CI) throw new Error('CI must provide redis-server (apt-get install redis-server) for the store tests');
if (!redisBin) console.warn('stores.test: no redis-server found; skipping the Redis cases');

const WRITER = join(ROOT, 'test/fixtures/store-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'wiretrace-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer process to completion (or until it is killed); resolves with its output and exit signal. */
function writer(args: string[], killAfterLine?: RegExp): Promise<{ out: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (killAfterLine && killAfterLine.test(out)) p.kill('SIGKILL');
    });
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('exit', (code, signal) => res({ out: out + err, signal, code }));
  });
}

const corpus = generateCorpus({ size: 240, seed: 77, words: 250, derivedShare: 0.4 });
const indexed = corpus.slice(0, 200);
const queries = corpus.slice(200).filter((d) => d.parent && Number(d.parent.slice(1)) < 200);
const summary = (ms: Match[]): string[] => ms.map((m) => `${m.id} ${m.jaccard.toFixed(6)} ${m.queryInDoc.toFixed(6)}`);

let redis: RedisServer | undefined;
beforeAll(async () => {
  if (redisBin) redis = await startRedis(redisBin);
}, 20_000);
afterAll(() => redis?.stop());

let prefixes = 0;
/** The in-memory reference index's answer (the index made once). */
let reference: CorpusIndex | undefined;
function referenceQuery(q: (typeof queries)[number]): Match[] {
  if (!reference) (reference = new CorpusIndex()).add(indexed);
  return reference.query(q);
}
type StoreKind = 'memory' | 'sqlite' | 'redis';
// every store is listed: without redis-server the Redis cases show as skipped, not missing from the count
const stores: StoreKind[] = ['memory', 'sqlite', 'redis'];
const unavailable = (kind: StoreKind): boolean => kind.startsWith('redis') && !redisBin;
function optsFor(kind: StoreKind, name: string): OpenIndexOptions {
  if (kind === 'sqlite') return { sqlite: join(dir, `${name}.db`) };
  if (kind === 'redis') return { redis: redis!.url, prefix: `t${prefixes++}-${name}` };
  return {};
}

describe('the same index on every store', () => {
  // the reference: the synchronous in-memory CorpusIndex
  const ref = new CorpusIndex();
  ref.add(indexed);
  const expected = queries.map((q) => summary(ref.query(q)));

  it('has derived queries to look for', () => {
    expect(queries.length).toBeGreaterThan(8);
    expect(expected.filter((e) => e.length > 0).length).toBe(queries.length);
  });

  it.for(stores)('%s: add, query, checkDraft, remove and reopen give the in-memory answers', async (kind, { skip }) => {
    if (unavailable(kind)) skip();
    const o = optsFor(kind, 'roundtrip');
    let ix: StoredCorpusIndex = await openCorpusIndex({ ...o, batchSize: 64 });
    expect(await ix.add(indexed)).toBe(indexed.length);
    expect(await ix.size()).toBe(indexed.length);
    expect(await ix.has(indexed[3]!.id)).toBe(true);
    expect(await ix.has('nope')).toBe(false);
    expect((await ix.get(indexed[5]!.id))?.text).toBe(indexed[5]!.text);
    for (let i = 0; i < queries.length; i++) expect(summary(await ix.query(queries[i]!))).toEqual(expected[i]);
    // the draft check gives what the in-memory check gives
    const q = queries[0]!;
    expect(JSON.stringify(await checkDraft(q.text, ix))).toBe(JSON.stringify(checkDraft(q.text, ref)));
    // remove: gone from has, size and results
    const gone = q.parent!;
    expect(await ix.remove(gone)).toBe(true);
    expect(await ix.remove(gone)).toBe(false);
    expect(await ix.has(gone)).toBe(false);
    expect(await ix.size()).toBe(indexed.length - 1);
    expect((await ix.query(q)).map((m) => m.id)).not.toContain(gone);
    if (kind === 'memory') return ix.close();
    // reopen after close: everything committed is there, parameters are kept
    await ix.close();
    ix = await openCorpusIndex(o);
    expect(await ix.size()).toBe(indexed.length - 1);
    expect(summary(await ix.query(queries[1]!))).toEqual(expected[1]);
    expect(ix.params.shingleSize).toBe(3);
    await ix.close();
    // a reopen with other parameters is a clear error
    await expect(openCorpusIndex({ ...o, shingleSize: 4 })).rejects.toMatchObject({ code: 'E_PARAMS' });
  });

  it.for(stores)('%s: skips stock fingerprints past maxDocFrequency exactly as the in-memory index does', async (kind, { skip }) => {
    if (unavailable(kind)) skip();
    const small = new CorpusIndex({ maxDocFrequency: 3 });
    small.add(indexed);
    const ix = await openCorpusIndex({ ...optsFor(kind, 'maxdf'), maxDocFrequency: 3 });
    await ix.add(indexed);
    const a = await Promise.all(queries.map((q) => ix.query(q)));
    expect(a.map(summary)).toEqual(queries.map((q) => summary(small.query(q))));
    // and the cap matters here: it changes the answers
    expect(a.map(summary)).not.toEqual(expected);
    await ix.close();
  });

  it.for(stores)('%s: refuses a batch holding an id already indexed, adding none of it', async (kind, { skip }) => {
    if (unavailable(kind)) skip();
    const ix = await openCorpusIndex(optsFor(kind, 'dupes'));
    await ix.add(indexed.slice(0, 10));
    const err = await ix.add([...indexed.slice(10, 15), indexed[2]!]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WiretraceError);
    expect((err as WiretraceError).code).toBe('E_INPUT');
    expect((err as Error).message).toContain(indexed[2]!.id);
    expect(await ix.size()).toBe(10);
    expect(await ix.has(indexed[10]!.id)).toBe(false);
    await ix.close();
  });
});

describe('the SQLite layout', () => {
  it('gives the in-memory answers across merged runs (add calls of 3: 67 runs, merged in tiers of 16), and after removes', async () => {
    const file = join(dir, 'tiers.db');
    const ix = await openCorpusIndex({ sqlite: file, batchSize: 3 });
    for (let i = 0; i < indexed.length; i += 3) await ix.add(indexed.slice(i, i + 3));
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const tiers = db.prepare('SELECT tier, count(*) AS c FROM runs GROUP BY tier ORDER BY tier').all();
    db.close();
    expect(tiers).toEqual([{ tier: 0, c: 3 }, { tier: 1, c: 4 }]);
    const ref = new CorpusIndex();
    ref.add(indexed);
    for (const q of queries) expect(summary(await ix.query(q))).toEqual(summary(ref.query(q)));
    for (const q of queries.slice(0, 4)) {
      expect(await ix.remove(q.parent!)).toBe(true);
      ref.remove(q.parent!);
    }
    for (const q of queries) expect(summary(await ix.query(q))).toEqual(summary(ref.query(q)));
    await ix.close();
  });

  it('refuses an index of layout 1 with E_VERSION and the version numbers, read-only or not', async () => {
    const file = join(dir, 'layout1.db');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE docs (n INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, doc TEXT NOT NULL, shingles BLOB NOT NULL, winnowed BLOB NOT NULL, bandkeys BLOB NOT NULL);
      CREATE TABLE bands (k INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (k, n)) WITHOUT ROWID; CREATE TABLE winnow (h INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (h, n)) WITHOUT ROWID;`);
    db.close();
    for (const readOnly of [true, false]) {
      const err = await openCorpusIndex({ sqlite: file, readOnly }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'E_VERSION' });
      expect((err as Error).message).toMatch(/layout 1 .*reads layout 2/);
    }
    const r = await runCli(['index', 'stats', '--db', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^wiretrace: .*layout 1.*wiretrace index add/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('the band filter: band hits whose signatures rule out the threshold are not verified', () => {
  // at threshold 0.25 some band hits of this corpus share a few scattered shingles with a query
  // (enough to verify at minContainment 0.02) but agree on too few signature values
  const threshold = 0.25;
  const all = corpus.slice(200);
  const mem = new CorpusIndex({ threshold });
  mem.add(indexed);
  const filtered = all.map((q) => summary(mem.query(q, { limit: 1000 })));
  const unfiltered = all.map((q) => summary(mem.query(q, { limit: 1000, allBandHits: true })));

  it('the rule: 15 agreeing values of 128 at threshold 0.3 (4.5 standard errors), a sketch is the low bytes', () => {
    expect(minAgreement(0.3, 128)).toBe(15);
    expect(minAgreement(0.25, 128)).toBe(Math.floor(128 * (0.25 - 4.5 * Math.sqrt((0.25 * 0.75) / 128))));
    expect([...sketchOf(Uint32Array.of(0x1234_56ff, 7, 256))]).toEqual([255, 7, 0]);
    expect(keepBandHit(Uint8Array.of(1, 2, 3), undefined, 3)).toBe(true);
    expect(keepBandHit(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4), 3)).toBe(false);
    expect(keepBandHit(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3), 3)).toBe(true);
  });

  it('drops only matches below the threshold, which a query with allBandHits keeps', () => {
    let lost = 0;
    all.forEach((q, i) => {
      const kept = new Set(filtered[i]);
      for (const m of mem.query(q, { limit: 1000, allBandHits: true })) {
        if (kept.has(summary([m])[0]!)) continue;
        lost++;
        expect(m.jaccard).toBeLessThan(threshold);
      }
    });
    // the filter does something here (else this test could not fail)
    expect(lost).toBeGreaterThan(0);
    expect(filtered).not.toEqual(unfiltered);
  });

  it.for(stores)('%s: the in-memory answers with and without the filter', async (kind, { skip }) => {
    if (unavailable(kind)) skip();
    const ix = await openCorpusIndex({ ...optsFor(kind, 'filter'), threshold, batchSize: 50 });
    await ix.add(indexed);
    for (let i = 0; i < all.length; i++) {
      expect(summary(await ix.query(all[i]!, { limit: 1000 }))).toEqual(filtered[i]);
      expect(summary(await ix.query(all[i]!, { limit: 1000, allBandHits: true }))).toEqual(unfiltered[i]);
    }
    await ix.close();
  });

  it('sqlite: a file made before sketches gets the column; its documents (no sketch) are always verified', async () => {
    const file = join(dir, 'before-sketches.db');
    let ix = await openCorpusIndex({ sqlite: file, threshold });
    await ix.add(indexed);
    await ix.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.exec('ALTER TABLE docs DROP COLUMN sketch');
    db.close();
    // read-only: the column stays missing, nothing is filtered
    ix = await openCorpusIndex({ sqlite: file, readOnly: true });
    for (let i = 0; i < all.length; i++) expect(summary(await ix.query(all[i]!, { limit: 1000 }))).toEqual(unfiltered[i]);
    await ix.close();
    ix = await openCorpusIndex({ sqlite: file });
    for (let i = 0; i < all.length; i++) expect(summary(await ix.query(all[i]!, { limit: 1000 }))).toEqual(unfiltered[i]);
    await ix.close();
  });

  it.skipIf(!redisBin)('redis: documents written without sketches are always verified', async () => {
    const o = optsFor('redis', 'nosketch');
    const ix = await openCorpusIndex({ ...o, threshold });
    await ix.add(indexed);
    const { Redis } = await import('ioredis');
    const r = new Redis(redis!.url);
    const keys = await r.keys(`${o.prefix}:s:*`);
    expect(keys.length).toBeGreaterThan(0);
    await r.del(...keys);
    await r.quit();
    const again = await openCorpusIndex(o);
    for (let i = 0; i < all.length; i++) expect(summary(await again.query(all[i]!, { limit: 1000 }))).toEqual(unfiltered[i]);
    await again.close();
    await ix.close();
  });
});

describe('one add call of many batches', () => {
  it.for(stores)('%s: a batch holding an id already there is refused after the batches before it are committed', async (kind, { skip }) => {
    if (unavailable(kind)) skip();
    const ix = await openCorpusIndex({ ...optsFor(kind, 'batches'), batchSize: 10 });
    await ix.add([indexed[25]!]);
    const err = await ix.add(indexed.slice(0, 40)).catch((e: unknown) => e);
    expect((err as WiretraceError).code).toBe('E_INPUT');
    expect((err as Error).message).toContain(indexed[25]!.id);
    // batches 0–9 and 10–19 are in, 20–29 (holding the known id) and what follows are not
    expect(await ix.size()).toBe(21);
    expect(await ix.has(indexed[19]!.id)).toBe(true);
    expect(await ix.has(indexed[20]!.id)).toBe(false);
    expect(await ix.has(indexed[30]!.id)).toBe(false);
    await ix.close();
  });

  it('sqlite: the batches of one add call are one transaction and one run of postings', async () => {
    const file = join(dir, 'one-run.db');
    const ix = await openCorpusIndex({ sqlite: file, batchSize: 3 });
    await ix.add(indexed);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    db.close();
    for (const q of queries) expect(summary(await ix.query(q))).toEqual(summary(referenceQuery(q)));
    await ix.close();
  });

  it.for(['sqlite', 'redis'] as const)('%s: fingerprinting on worker threads gives the same index', async (kind, { skip }) => {
    if (unavailable(kind)) skip();
    const ix = await openCorpusIndex({ ...optsFor(kind, 'workers'), batchSize: 16, workers: 2 });
    expect(await ix.add(indexed)).toBe(indexed.length);
    for (let i = 0; i < 5; i++) expect(summary(await ix.query(queries[i]!))).toEqual(summary(referenceQuery(queries[i]!)));
    // the documents as stored (Redis: deflated on the worker threads) read back whole
    for (const d of [indexed[0]!, indexed[99]!, indexed[100]!, indexed[199]!]) expect(await ix.get(d.id)).toEqual(d);
    await ix.close();
  });
});

describe('persistence under concurrency and crashes', () => {
  const n = 160;

  it('sqlite: two processes creating the same new file at the same moment both open it', async () => {
    // SQLite does not wait on its busy timeout for every lock: switching a new file to WAL or
    // creating its tables from two processes at once failed with "database is locked" about one
    // time in four before the store retried those steps
    const opener = join(ROOT, 'test', 'fixtures', 'store-opener.ts');
    const open = (file: string, at: number): Promise<string> =>
      new Promise((res) => {
        const p = spawn(process.execPath, ['--import', 'tsx', opener, file, String(at)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        p.stdout.on('data', (b: Buffer) => (out += b.toString()));
        p.stderr.on('data', (b: Buffer) => (out += b.toString()));
        p.on('exit', () => res(out.trim()));
      });
    const results: string[] = [];
    for (let round = 0; round < 8; round++) {
      const at = Date.now() + 1500; // both started and loaded by then
      results.push(...(await Promise.all([open(join(dir, `race${round}.db`), at), open(join(dir, `race${round}.db`), at)])));
    }
    expect(results.filter((r) => r !== 'ok')).toEqual([]);
  }, 60_000);

  it('sqlite: two processes adding to the same file at once lose nothing', async () => {
    const file = join(dir, 'concurrent.db');
    const [a, b] = await Promise.all([writer(['sqlite', file, '0', '80', '10']), writer(['sqlite', file, '80', String(n), '10'])]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const ix = await openCorpusIndex({ sqlite: file });
    expect(await ix.size()).toBe(n);
    expect((await ix.ids()).length).toBe(n);
    await ix.close();
  }, 60_000);

  it('sqlite: a writer killed mid-run leaves whole batches only, with no orphaned postings', async () => {
    const file = join(dir, 'crash.db');
    const r = await writer(['sqlite', file, '0', String(n), '8'], /committed 80\n/);
    expect(r.signal).toBe('SIGKILL');
    const ix = await openCorpusIndex({ sqlite: file });
    const size = await ix.size();
    expect(size).toBeGreaterThanOrEqual(80); // everything committed before the kill is there
    expect(size % 8).toBe(0); // and only whole batches
    // every committed document is complete: it finds itself with Jaccard 1
    const all = generateCorpus({ size: n, seed: 77, words: 250, derivedShare: 0.4 });
    for (const id of (await ix.ids()).slice(-8)) {
      const d = all.find((x) => x.id === id)!;
      expect((await ix.query({ id: 'probe', text: d.text }))[0]).toMatchObject({ id, jaccard: 1 });
    }
    await ix.close();
    // no posting points at a document that is not there
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS c FROM post WHERE k / 8589934592 NOT IN (SELECT run FROM runs)').get()).toEqual({ c: 0 });
    const live = new Set(db.prepare('SELECT n FROM docs').pluck().all() as number[]);
    let postings = 0;
    for (const data of db.prepare('SELECT data FROM post').pluck().all() as Buffer[]) {
      const all = new Uint32Array(new Uint8Array(data).buffer);
      for (const n of all.subarray(all.length / 2)) {
        expect(live.has(n)).toBe(true);
        postings++;
      }
    }
    expect(postings).toBeGreaterThan(live.size);
    db.close();
  }, 60_000);

  it.skipIf(!redisBin)('redis: two processes adding to the same index at once lose nothing', async () => {
    const [a, b] = await Promise.all([writer(['redis', redis!.url, 'conc', '0', '80', '10']), writer(['redis', redis!.url, 'conc', '80', String(n), '10'])]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const ix = await openCorpusIndex({ redis: redis!.url, prefix: 'conc' });
    expect(await ix.size()).toBe(n);
    await ix.close();
  }, 60_000);

  it.skipIf(!redisBin)('redis: a writer killed between writing a batch and committing it leaves that batch invisible', async () => {
    const r = await writer(['redis', redis!.url, 'crash', '0', '40', '10', 'crash-at-commit']);
    expect(r.signal).toBe('SIGKILL');
    expect(r.out).toContain('committed 10');
    expect(r.out).not.toContain('committed 20');
    const ix = await openCorpusIndex({ redis: redis!.url, prefix: 'crash' });
    expect(await ix.size()).toBe(10);
    const all = generateCorpus({ size: 40, seed: 77, words: 250, derivedShare: 0.4 });
    // the half-written batch (documents 10–19) is not found, although its postings were written
    for (const d of all.slice(10, 20)) {
      expect(await ix.has(d.id)).toBe(false);
      expect(await ix.get(d.id)).toBeUndefined();
      expect((await ix.query({ id: 'probe', text: d.text })).map((m) => m.id)).not.toContain(d.id);
    }
    // the committed batch is whole
    expect((await ix.query({ id: 'probe', text: all[3]!.text }))[0]).toMatchObject({ id: all[3]!.id, jaccard: 1 });
    // and adding the lost batch again works
    await ix.add(all.slice(10, 20));
    expect(await ix.size()).toBe(20);
    await ix.close();
  }, 60_000);

  it.skipIf(!redisBin)('redis: a server that goes away mid-session gives a clear E_STORE error, not a hang', async () => {
    const own = await startRedis(redisBin);
    const ix = await openCorpusIndex({ redis: own.url, prefix: 'gone' });
    await ix.add(indexed.slice(0, 20));
    own.stop();
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const err = await ix.query(queries[0]!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WiretraceError);
    expect((err as WiretraceError).code).toBe('E_STORE');
    expect((err as Error).message).toMatch(/redis/i);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await ix.close();
  }, 30_000);
});

describe('store errors', () => {
  it('refuses sqlite and redis together, and a bad redis URL', async () => {
    await expect(openCorpusIndex({ sqlite: join(dir, 'x.db'), redis: 'redis://127.0.0.1:1' })).rejects.toMatchObject({ code: 'E_OPTIONS' });
    await expect(openCorpusIndex({ redis: 'localhost:6379' })).rejects.toMatchObject({ code: 'E_OPTIONS' });
  });

  it('reports an unreachable Redis as E_STORE', async () => {
    const port = await freePort();
    await expect(openCorpusIndex({ redis: `redis://127.0.0.1:${port}` })).rejects.toMatchObject({ code: 'E_STORE' });
  }, 20_000);

  it('reports an unusable SQLite path as E_STORE', async () => {
    await expect(openCorpusIndex({ sqlite: join(dir, 'no-such-dir', 'x.db') })).rejects.toMatchObject({ code: 'E_STORE' });
  });
});

describe('no secret in the stored metadata or in a message', () => {
  const PASSWORD = 'Hunter2-s3cret';
  const FINGERPRINT_KEYS = ['boilerplate', 'dropStopwords', 'numPerm', 'seed', 'shingleSize', 'stem', 'version', 'winnowWindow'];
  const cliRun = (argv: string[]): ReturnType<typeof runCli> => runCli(argv, dir);

  const expectOnlyParams = (raw: string): void => {
    const meta = JSON.parse(raw) as { params: Record<string, unknown> };
    expect(Object.keys(meta).sort()).toEqual(['bands', 'format', 'params', 'rows', 'threshold', 'version']);
    expect(Object.keys(meta.params).sort()).toEqual(FINGERPRINT_KEYS);
  };

  it('sqlite: the meta row holds the fingerprint parameters only, not the file path', async () => {
    const file = join(dir, 'meta-only.db');
    const ix = await openCorpusIndex({ sqlite: file, batchSize: 7 });
    await ix.add(indexed.slice(0, 3));
    expect(Object.keys((await ix.stats()).params).sort()).toEqual(FINGERPRINT_KEYS);
    await ix.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    const raw = (db.prepare(`SELECT value FROM meta WHERE key = 'meta'`).get() as { value: string }).value;
    db.close();
    expect(raw).not.toContain(dir);
    expectOnlyParams(raw);
  });

  let locked: RedisServer | undefined;
  beforeAll(async () => {
    if (redisBin) locked = await startRedis(redisBin, ['--requirepass', PASSWORD]);
  }, 20_000);
  afterAll(() => locked?.stop());
  const withPassword = (): string => locked!.url.replace('redis://', `redis://:${PASSWORD}@`);

  it.skipIf(!redisBin)('redis: a password in the URL is never written to the meta key nor printed by index stats', async () => {
    const ix = await openCorpusIndex({ redis: withPassword(), prefix: 'secret-url' });
    await ix.add(indexed.slice(0, 3));
    expect(JSON.stringify(await ix.stats())).not.toContain(PASSWORD);
    await ix.close();
    const { Redis } = await import('ioredis');
    const raw = new Redis(withPassword());
    const meta = (await raw.get('secret-url:meta'))!;
    await raw.quit();
    expect(meta).not.toContain(PASSWORD);
    expectOnlyParams(meta);
    const r = await cliRun(['index', 'stats', '--redis', withPassword(), '--prefix', 'secret-url', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ store: 'redis', documents: 3 });
    expect(r.out + r.err).not.toContain(PASSWORD);
  });

  it.skipIf(!redisBin)('redis: an ioredis client given in place of a URL leaves none of its options in the meta', async () => {
    const { Redis } = await import('ioredis');
    const client = new Redis(withPassword());
    const ix = await openCorpusIndex({ redis: client, prefix: 'secret-client' });
    await ix.add(indexed.slice(0, 3));
    expect((await ix.query({ id: 'probe', text: indexed[1]!.text }))[0]).toMatchObject({ id: indexed[1]!.id, jaccard: 1 });
    await ix.close();
    const meta = (await client.get('secret-client:meta'))!;
    await client.quit();
    expect(meta).not.toContain(PASSWORD);
    expectOnlyParams(meta);
  });

  it.skipIf(!redisBin)('redis: errors name the server without its credentials', async () => {
    const wrong = locked!.url.replace('redis://', 'redis://someone:Wr0ng-pa55@');
    const err = (await openCorpusIndex({ redis: wrong }).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(WiretraceError);
    expect(err.message).not.toContain('Wr0ng-pa55');
    expect(err.message).toContain('127.0.0.1');
    const r = await cliRun(['index', 'stats', '--redis', wrong]);
    expect(r.code).toBe(1);
    expect(r.err).not.toContain('Wr0ng-pa55');
  }, 20_000);

  it('a mistyped Redis URL is refused without echoing its password', async () => {
    const err = (await openCorpusIndex({ redis: 'someone:Wr0ng-pa55@127.0.0.1:6379' }).catch((e: unknown) => e)) as WiretraceError;
    expect(err.code).toBe('E_OPTIONS');
    expect(err.message).not.toContain('Wr0ng-pa55');
    const r = await cliRun(['index', 'add', join(ROOT, 'seeds'), '--redis', 'redis//:Wr0ng-pa55@127.0.0.1:1', '-q']);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('Wr0ng-pa55');
  });
});
