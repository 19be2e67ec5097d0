import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { clusterOk, startRedisCluster, waitFor, type RedisCluster } from '../bench/util.js';
import type { Cluster } from 'ioredis';
import { checkDraft, openCorpusIndex, WiretraceError, type Match, type StoredCorpusIndex, type StoredEntry } from '../src/index.js';
import { RedisStore } from '../src/corpus/redis.js';
import { ROOT } from './helpers.js';

// A real Redis Cluster: 3 masters and 3 replicas of Debian's redis-server on free loopback
// ports, joined by redis-cli --cluster create (installed by .ci/run). CI must run these tests;
// elsewhere, without redis-server, they show as skipped.
const has = (bin: string): boolean => spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim() !== '';
const available = has('redis-server') && has('redis-cli');
if (!available && process.env.CI) throw new Error('CI must provide redis-server and redis-cli (apt-get install redis-server redis-tools) for the Redis Cluster tests');
if (!available) console.warn('cluster.test: no redis-server/redis-cli found; skipping the Redis Cluster cases');

const WRITER = join(ROOT, 'test/fixtures/store-writer.ts');
const dir = mkdtempSync(join(tmpdir(), 'wiretrace-cluster-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const corpus = generateCorpus({ size: 240, seed: 77, words: 250, derivedShare: 0.4 });
const indexed = corpus.slice(0, 200);
const queries = corpus.slice(200).filter((d) => d.parent && Number(d.parent.slice(1)) < 200);
const summary = (ms: Match[]): string[] => ms.map((m) => `${m.id} ${m.jaccard.toFixed(6)} ${m.queryInDoc.toFixed(6)}`);

function writer(args: string[], onLine?: (out: string) => void, batchesPerCall = 1): Promise<{ out: string; code: number | null }> {
  return new Promise((res) => {
    const env = { ...process.env, WRITER_BATCHES_PER_CALL: String(batchesPerCall) };
    const p = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      onLine?.(out);
    });
    p.stderr.on('data', (b: Buffer) => (out += b.toString()));
    p.on('exit', (code) => res({ out, code }));
  });
}

/** A Cluster client of our own, for looking at the nodes. */
async function clusterClient(c: RedisCluster): Promise<Cluster> {
  const { Cluster } = await import('ioredis');
  const cl = new Cluster(c.ports.filter((p) => c.procs.get(p)!.exitCode === null).map((port) => ({ host: '127.0.0.1', port })));
  await new Promise<void>((res, rej) => cl.once('ready', res).once('error', rej));
  return cl;
}

describe.skipIf(!available)('a real Redis Cluster (3 masters, 3 replicas)', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());

  let sqlite: StoredCorpusIndex;
  beforeAll(async () => {
    sqlite = await openCorpusIndex({ sqlite: join(dir, 'reference.db') });
    await sqlite.add(indexed);
  });
  afterAll(() => sqlite?.close());

  it('add, query, checkDraft, remove and reopen give the answers SQLite gives', async () => {
    let ix = await openCorpusIndex({ redis: cluster.url, prefix: 'same', batchSize: 64 });
    expect(await ix.add(indexed)).toBe(indexed.length);
    expect(await ix.size()).toBe(indexed.length);
    expect(await ix.ids()).toEqual(await sqlite.ids());
    for (const q of queries) expect(summary(await ix.query(q))).toEqual(summary(await sqlite.query(q)));
    expect(queries.filter((q) => q.parent).length).toBeGreaterThan(8);
    const q = queries[0]!;
    expect(JSON.stringify(await checkDraft(q.text, ix))).toBe(JSON.stringify(await checkDraft(q.text, sqlite)));
    expect(await ix.remove(q.parent!)).toBe(true);
    expect(await ix.remove(q.parent!)).toBe(false);
    expect(await ix.has(q.parent!)).toBe(false);
    expect((await ix.query(q)).map((m) => m.id)).not.toContain(q.parent);
    await ix.close();
    ix = await openCorpusIndex({ redis: cluster.url, prefix: 'same' });
    expect(await ix.size()).toBe(indexed.length - 1);
    expect(ix.params.shingleSize).toBe(3);
    await ix.close();
  }, 60_000);

  it('takes a connected ioredis Cluster client (before: "Converting circular structure to JSON" on the first add)', async () => {
    const cl = await clusterClient(cluster);
    const ix = await openCorpusIndex({ redis: cl, prefix: 'client' });
    await ix.add(indexed.slice(0, 20));
    expect((await ix.query({ id: 'probe', text: indexed[7]!.text }))[0]).toMatchObject({ id: indexed[7]!.id, jaccard: 1 });
    await ix.close();
    const meta = JSON.parse((await cl.get('client:meta'))!) as { params: object };
    expect(Object.keys(meta.params)).not.toContain('redis');
    await cl.quit();
  }, 30_000);

  it('spreads its keys over every master, with hash tags only on the posting buckets appended together', async () => {
    const cl = await clusterClient(cluster);
    const masters = cl.nodes('master');
    expect(masters.length).toBe(3);
    const counts = await Promise.all(masters.map((m) => m.dbsize()));
    const total = counts.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1000);
    for (const c of counts) expect(c / total).toBeGreaterThan(0.2);
    for (const m of masters) {
      const [, keys] = await m.scan('0', 'MATCH', 'same:*', 'COUNT', 1000);
      expect(keys.length).toBeGreaterThan(0);
      // documents and id maps: no tag; postings: a tag per group of buckets (one script call appends a group)
      expect(keys.filter((k) => k.includes('{') && !/^same:(b\{b\d+\.\d+\}|w\{w\d+\}):\d+$/.test(k))).toEqual([]);
      expect(keys.filter((k) => /^same:d:\d+$/.test(k)).length).toBeGreaterThan(0);
      expect(keys.filter((k) => k.startsWith('same:w{')).length).toBeGreaterThan(0);
    }
    await cl.quit();
  }, 30_000);

  it('two writer processes at once lose nothing', async () => {
    const [a, b] = await Promise.all([writer(['redis', cluster.url, 'conc', '0', '80', '10']), writer(['redis', cluster.url, 'conc', '80', '160', '10'])]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const ix = await openCorpusIndex({ redis: cluster.url, prefix: 'conc' });
    expect(await ix.size()).toBe(160);
    expect((await ix.ids()).length).toBe(160);
    await ix.close();
  }, 60_000);

  // last: it leaves the cluster with one master fewer replica
  it('a master killed mid-run loses no committed document; the writer retries the batch in flight', async () => {
    const cl = await clusterClient(cluster);
    // the master holding the commit bitmap: the worst one to lose
    const slot = Number(await cl.call('CLUSTER', 'KEYSLOT', 'failover:live'));
    const victim = Number(cl.slots[slot]![0]!.split(':')[1]);
    await cl.quit();
    let killed = false;
    // two batches of 10 an add call: written together, committed one by one, retried together
    const run = await writer(
      ['redis', cluster.url, 'failover', '0', '240', '10'],
      (out) => {
        if (!killed && /committed 60\n/.test(out)) {
          killed = true;
          cluster.kill(victim);
        }
      },
      2,
    );
    expect(killed).toBe(true);
    expect(run.code, run.out).toBe(0);
    await waitFor(() => cluster.ports.filter((p) => p !== victim).every((p) => clusterOk('redis-cli', p)), 20_000, 'no failover');
    const ix = await openCorpusIndex({ redis: cluster.url, prefix: 'failover' });
    const all = generateCorpus({ size: 240, seed: 77, words: 250, derivedShare: 0.4 });
    // every committed document is there, whole: its text, and its postings (it finds itself)
    expect(await ix.size()).toBe(240);
    expect(await ix.ids()).toEqual(all.map((d) => d.id).sort());
    for (const d of all) {
      expect((await ix.get(d.id))?.text, d.id).toBe(d.text);
      expect((await ix.query({ id: 'probe', text: d.text }))[0], d.id).toMatchObject({ id: d.id, jaccard: 1 });
    }
    await ix.close();
  }, 90_000);

  // after the failover test: the promoted master has no replica left, so killing it takes its slots down for good
  it('a cluster that does not recover: add gives up after retryFor with a clear E_STORE error', async () => {
    const cl = await clusterClient(cluster);
    const slot = Number(await cl.call('CLUSTER', 'KEYSLOT', 'failover:live'));
    const promoted = Number(cl.slots[slot]![0]!.split(':')[1]);
    await cl.quit();
    const store = new RedisStore({ redis: cluster.url, prefix: 'down', retryFor: 3000 });
    const entry = (id: string): StoredEntry => ({ doc: { id, text: id }, shingles: Uint32Array.of(1, 2), winnowed: Uint32Array.of(1, 2), bandKeys: new Uint32Array(8) });
    await store.add([entry('before')]);
    cluster.kill(promoted);
    const t0 = Date.now();
    const err = (await store.add([entry('after')]).catch((e: unknown) => e)) as WiretraceError;
    await store.close();
    expect(err).toBeInstanceOf(WiretraceError);
    expect(err.code).toBe('E_STORE');
    // retried for retryFor, or refused at once when the client has given up on the cluster
    expect(err.message).toMatch(/adding a batch failed for 3 s|cluster_state:ok/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 60_000);
});
