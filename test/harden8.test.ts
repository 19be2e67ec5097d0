// Regression tests for harden8's items: each fails on the code before its fix.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketRuns, buildPostings, POSTING_BUCKETS, postingsOfBuckets, type SharedPostings } from '../src/compare/postings.js';
import { startRedis, type RedisServer } from '../bench/util.js';
import { openCorpusIndex, WiretraceError } from '../src/index.js';
import { ROOT, runCli, seedText } from './helpers.js';

const run = runCli;
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `wt-h8-${name}-`));
const P003 = seedText('003').split('\n').find((l) => l.startsWith('There are concerns that North Korea may be supplying'))!;

describe('1: check names the index it falls back to', () => {
  const NOTE = 'wiretrace: checking against ./wiretrace.db (the index in this folder; give --against, --db or --redis to choose)\n';

  it('says on stderr that ./wiretrace.db is used, once, with or without --quiet; stdout is the report of --db wiretrace.db', async () => {
    const dir = tmp('fallback');
    writeFileSync(join(dir, 'draft.txt'), `Analysts spoke to us on Wednesday.\n\n${P003}`);
    writeFileSync(join(dir, 'drafts.jsonl'), `${JSON.stringify({ id: 'a', text: P003 })}\n${JSON.stringify({ id: 'b', text: `Our own words.\n\n${P003}` })}\n`);
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--quiet'], dir)).code).toBe(0);
    const named = await run(['check', 'draft.txt', '--db', 'wiretrace.db', '--format', 'json'], dir);
    expect(named).toMatchObject({ code: 0, err: '' });
    for (const quiet of [[], ['--quiet']]) {
      const r = await run(['check', 'draft.txt', '--format', 'json', ...quiet], dir);
      expect(r.code).toBe(0);
      expect(r.err).toBe(NOTE);
      expect(r.out).toBe(named.out);
      expect((JSON.parse(r.out) as { sources: { id: string }[] }).sources[0]!.id).toMatch(/003_/);
    }
    // several drafts, text output: one note, not one a draft
    const many = await run(['check', 'drafts.jsonl'], dir);
    expect(many.code).toBe(0);
    expect(many.err).toBe(NOTE);
    expect(many.out).toBe((await run(['check', 'drafts.jsonl', '--db', 'wiretrace.db'], dir)).out);
  });

  it('says nothing when the sources are given', async () => {
    const dir = tmp('given');
    writeFileSync(join(dir, 'draft.txt'), P003);
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--quiet'], dir)).code).toBe(0);
    expect((await run(['check', 'draft.txt', '--against', join(ROOT, 'seeds'), '--format', 'json'], dir)).err).toBe('');
  });

  it('a wiretrace.db here that is not an index: the note comes before the error that names it', async () => {
    const dir = tmp('foreign');
    writeFileSync(join(dir, 'draft.txt'), P003);
    writeFileSync(join(dir, 'wiretrace.db'), '');
    const r = await run(['check', 'draft.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.startsWith(NOTE)).toBe(true);
    expect(r.err.slice(NOTE.length)).toMatch(/^wiretrace: --db wiretrace\.db: not a wiretrace index/);
  });
});

// Debian's redis-server (installed by .ci/run): CI must run these; elsewhere they show as skipped
const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!redisBin && process.env.CI) throw new Error('CI must provide redis-server (apt-get install redis-server) for the harden8 Redis tests');

describe('2: the library names a Redis prefix that holds no index, and its URL without the password', () => {
  const PASSWORD = 'h8-secret-Pa55word';
  let server: RedisServer | undefined;
  beforeAll(async () => {
    if (redisBin) server = await startRedis(redisBin, ['--requirepass', PASSWORD]);
  }, 20_000);
  afterAll(() => server?.stop());
  const hostPort = (): string => server!.url.replace('redis://', '');

  /** The E_NOT_FOUND a read-only open of `prefix` (none: the default) at `url` rejects with. */
  async function notFound(url: string, prefix?: string): Promise<WiretraceError> {
    const e = await openCorpusIndex({ redis: url, readOnly: true, ...(prefix !== undefined ? { prefix } : {}) }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(WiretraceError);
    expect((e as WiretraceError).code).toBe('E_NOT_FOUND');
    return e as WiretraceError;
  }

  it.skipIf(!redisBin)('a mistyped prefix beside a real index: the prefix and the URL are named, the password never', async () => {
    const url = `redis://:${PASSWORD}@${hostPort()}`;
    const real = await openCorpusIndex({ redis: url, prefix: 'wire' });
    await real.add([{ id: 'a', text: P003 }]);
    await real.close();
    const e = await notFound(url, 'wier');
    expect(e.message).toContain('"wier"');
    expect(e.message).toContain(`redis://***@${hostPort()}`);
    expect(e.message).not.toContain(PASSWORD);
    expect((await openCorpusIndex({ redis: url, prefix: 'wire', readOnly: true }).then((ix) => ix.close().then(() => 'opened')))).toBe('opened');
  });

  it.skipIf(!redisBin)('the default prefix is named too; a password given as ?password= is hidden as well', async () => {
    const e = await notFound(`redis://${hostPort()}/0?password=${PASSWORD}`);
    expect(e.message).toContain('"wiretrace"');
    expect(e.message).toContain(`redis://${hostPort()}/0?password=***`);
    expect(e.message).not.toContain(PASSWORD);
    // the CLI's own message (stderr is redacted as a whole) hides it too
    const r = await run(['index', 'stats', '--redis', `redis://${hostPort()}?password=${PASSWORD}`, '--prefix', 'typo']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"typo"');
    expect(r.err).not.toContain(PASSWORD);
  });
});

describe('3: the postings pass 1, one thread (buildPostings) and a bucket at a time (bucketRuns), against a plain oracle', () => {
  /** The postings by their definition: a Map of hash → sets, runs of 2..maxDf sets in hash order, the rest counted as stock. */
  function oracle(sets: readonly Uint32Array[], maxDf: number): SharedPostings {
    const holders = new Map<number, number[]>();
    sets.forEach((s, i) => s.forEach((h) => holders.set(h, [...(holders.get(h) ?? []), i])));
    const docs: number[] = [];
    const stock = new Array<number>(sets.length).fill(0);
    const entries = sets.map((): [number, number][] => []);
    for (const h of [...holders.keys()].sort((a, b) => a - b)) {
      const run = holders.get(h)!;
      if (run.length > maxDf) for (const i of run) stock[i]!++;
      if (run.length < 2 || run.length > maxDf) continue;
      const start = docs.length;
      docs.push(...run);
      run.slice(0, -1).forEach((i, k) => entries[i]!.push([start + k + 1, docs.length]));
    }
    const entryStart = [0];
    for (const e of entries) entryStart.push(entryStart[entryStart.length - 1]! + e.length);
    const flat = entries.flat();
    return { docs: Uint32Array.from(docs), entryStart: Uint32Array.from(entryStart), from: Uint32Array.from(flat, ([f]) => f), to: Uint32Array.from(flat, ([, t]) => t), stock: Uint32Array.from(stock) };
  }
  const plain = (p: SharedPostings): number[][] => [p.docs, p.entryStart, p.from, p.to, p.stock].map((a) => Array.from(a));
  const byBuckets = (sets: readonly Uint32Array[], maxDf: number): SharedPostings => postingsOfBuckets(sets.length, Array.from({ length: POSTING_BUCKETS }, (_, k) => bucketRuns(sets, maxDf, k)));

  // hashes near the buckets' bounds (k · 2^28 ± a little), few enough to repeat across sets
  const hash = fc.oneof(fc.nat({ max: 0xffffffff }), fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: -3, max: 3 })).map(([k, d]) => Math.min(0xffffffff, Math.max(0, k * 2 ** 28 + d))));
  const sets = fc.array(fc.uniqueArray(hash, { maxLength: 40 }), { maxLength: 60 }).map((xs) => xs.map((x) => Uint32Array.from(x).sort()));

  it('both give the oracle’s postings for any sets and maxDf', () => {
    fc.assert(
      fc.property(sets, fc.integer({ min: 1, max: 8 }), (s, maxDf) => {
        const want = plain(oracle(s, maxDf));
        expect(plain(buildPostings(s, maxDf))).toEqual(want);
        expect(plain(buildPostings(s, maxDf, true))).toEqual(want);
        expect(plain(byBuckets(s, maxDf))).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('both grow their run and stock lists past their first size (256) within one bucket', () => {
    // 600 hashes of one bucket, each in 3 of 40 sets (600 runs), and 300 more in all 40 (12,000 stock postings)
    const sets = Array.from({ length: 40 }, (_, i) => {
      const own = Array.from({ length: 600 }, (_, h) => h).filter((h) => [h % 40, (h + 1) % 40, (h + 7) % 40].includes(i));
      return Uint32Array.from([...own, ...Array.from({ length: 300 }, (_, h) => 1000 + h)].map((h) => 5 * 2 ** 28 + h)).sort();
    });
    const want = oracle(sets, 10);
    expect(want.docs.length).toBe(1800);
    expect(Array.from(want.stock)).toEqual(new Array(40).fill(300));
    expect(plain(buildPostings(sets, 10))).toEqual(plain(want));
    expect(plain(byBuckets(sets, 10))).toEqual(plain(want));
  });
});
