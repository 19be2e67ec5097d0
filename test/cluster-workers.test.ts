import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { startRedis, startRedisCluster, type RedisCluster, type RedisServer } from '../bench/util.js';
import { reportError, runCommand, type CliIO } from '../src/cli/run.js';
import { enqueueIngest, openCorpusIndex, type Match } from '../src/index.js';
import { ROOT } from './helpers.js';

// Distributed ingest: BullMQ workers in their own processes, on a standalone Redis and on a
// real Redis Cluster (3 masters + 3 replicas). CI must run these (redis-server and redis-cli
// from .ci/run); elsewhere, without them, they show as skipped.
const has = (bin: string): boolean => spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim() !== '';
const available = has('redis-server') && has('redis-cli');
if (!available && process.env.CI) throw new Error('CI must provide redis-server and redis-cli (apt-get install redis-server redis-tools) for the worker tests');
if (!available) console.warn('cluster-workers.test: no redis-server/redis-cli found; skipping the worker cases');

const WORKER = join(ROOT, 'test/fixtures/queue-worker.ts');
const docs = generateCorpus({ size: 200, seed: 91, words: 200, derivedShare: 0.4 });
const probes = docs.filter((d) => d.parent).slice(0, 6);
const summary = (ms: Match[]): string[] => ms.map((m) => `${m.id} ${m.jaccard.toFixed(6)}`);

/** Runs a worker process to its end (exit or SIGKILL). */
function worker(url: string, prefix: string, killAt: 'none' | 'start' | 'done', lockMs = 1000): Promise<{ out: string; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, ['--import', 'tsx', WORKER, url, prefix, killAt, String(lockMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr.on('data', (b: Buffer) => (out += b.toString()));
    p.on('exit', (code, signal) => res({ out, code, signal }));
  });
}

async function answers(url: string, prefix: string): Promise<{ ids: string[]; results: string[][] }> {
  const ix = await openCorpusIndex({ redis: url, prefix });
  const out = { ids: await ix.ids(), results: await Promise.all(probes.map(async (q) => summary(await ix.query({ ...q, id: `probe-${q.id}` })))) };
  await ix.close();
  return out;
}

describe.skipIf(!available)('distributed ingest with BullMQ workers', () => {
  let redis: RedisServer;
  let cluster: RedisCluster;
  beforeAll(async () => {
    [redis, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
  }, 60_000);
  afterAll(() => {
    redis?.stop();
    cluster?.stop();
  });

  it('workers killed mid-job (before adding, and after adding but before acknowledging) lose nothing: the jobs are retried', async () => {
    const q = await enqueueIngest({ redis: redis.url, prefix: 'killed' }, docs, { batch: 20 });
    expect(q).toEqual({ jobs: 10, documents: 200 });
    const a = await worker(redis.url, 'killed', 'start');
    expect(a.signal, a.out).toBe('SIGKILL');
    const b = await worker(redis.url, 'killed', 'done');
    expect(b.signal, b.out).toBe('SIGKILL');
    // a job was added but never acknowledged: its documents are in, and its retry must not fail on them
    const mid = await openCorpusIndex({ redis: redis.url, prefix: 'killed' });
    expect(await mid.size()).toBeLessThan(200);
    await mid.close();
    const c = await worker(redis.url, 'killed', 'none');
    expect(c.code, c.out).toBe(0);
    expect(c.out).not.toMatch(/^failed/m);
    expect(c.out).toMatch(/added 0\n/); // the job acknowledged by nobody: retried, nothing added twice
    const got = await answers(redis.url, 'killed');
    expect(got.ids).toEqual(docs.map((d) => d.id).sort());
    // the same index a single process makes
    const one = await openCorpusIndex({ redis: redis.url, prefix: 'single' });
    await one.add(docs);
    await one.close();
    expect(got).toEqual(await answers(redis.url, 'single'));
  }, 90_000);

  it('on a Redis Cluster, 1 worker and 3 workers at once make the same index', async () => {
    await enqueueIngest({ redis: cluster.url, prefix: 'one' }, docs, { batch: 25 });
    await enqueueIngest({ redis: cluster.url, prefix: 'three' }, docs, { batch: 25 });
    const [solo, ...trio] = await Promise.all([worker(cluster.url, 'one', 'none', 10_000), ...[1, 2, 3].map(() => worker(cluster.url, 'three', 'none', 10_000))]);
    for (const w of [solo!, ...trio]) {
      expect(w.code, w.out).toBe(0);
      expect(w.out).not.toMatch(/^failed/m);
    }
    // every job was done (at least once: a worker starved of CPU past its lock may see its job run again elsewhere)
    const jobs = trio.map((w) => (w.out.match(/^done /gm) ?? []).length);
    expect(jobs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(8);
    const a = await answers(cluster.url, 'one');
    expect(a.ids.length).toBe(200);
    expect(a.results.some((r) => r.length > 0)).toBe(true);
    expect(await answers(cluster.url, 'three')).toEqual(a);
  }, 90_000);

  it('wiretrace index add --queue enqueues, and wiretrace worker adds (CLI)', async () => {
    let out = '';
    let err = '';
    const io: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: ROOT, stderrIsTTY: false };
    const run = async (argv: string[]): Promise<number> => runCommand(argv, io).catch((e: unknown) => reportError(e, io));
    expect(await run(['index', 'add', 'seeds', '--redis', redis.url, '--prefix', 'cli', '--queue', '--batch', '2'])).toBe(0);
    expect(err).toMatch(/queued 5 documents in 3 jobs/);
    expect(await run(['worker', '--redis', redis.url, '--prefix', 'cli', '--exit-when-idle', '--lock-ms', '1000'])).toBe(0);
    expect(err).toMatch(/worker: 3 jobs done, 5 documents added/);
    expect(await run(['index', 'stats', '--redis', redis.url, '--prefix', 'cli', '--format', 'json'])).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ store: 'redis', documents: 5 });
    // mistakes are one-line errors
    err = '';
    expect(await run(['worker'])).toBe(2);
    expect(err).toMatch(/--redis URL/);
    expect(await run(['index', 'add', 'seeds', '--queue'])).toBe(2);
  }, 60_000);
});
