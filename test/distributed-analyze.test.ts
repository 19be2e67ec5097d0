import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { startRedis, startRedisCluster, type RedisCluster, type RedisServer } from '../bench/util.js';
import { analyzeDistributed } from '../src/distributed/analyze.js';
import { analyze, openCorpusIndex, type Analysis, type Doc } from '../src/index.js';
import { ROOT, runCli } from './helpers.js';

// Distributed analyze: pair tasks on BullMQ, done by worker processes of their own, on a
// standalone Redis and on a Redis Cluster (3 masters + 3 replicas). CI must run these
// (redis-server and redis-cli from .ci/run); elsewhere, without them, they show as skipped.
const has = (bin: string): boolean => spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim() !== '';
const available = has('redis-server');
const clusterAvailable = available && has('redis-cli');
if (!clusterAvailable && process.env.CI) throw new Error('CI must provide redis-server and redis-cli (apt-get install redis-server redis-tools) for the distributed analysis tests');
if (!available) console.warn('distributed-analyze.test: no redis-server found; skipping');
else if (!clusterAvailable) console.warn('distributed-analyze.test: no redis-cli found; skipping the Redis Cluster cases');

const WORKER = join(ROOT, 'test/fixtures/analysis-worker.ts');
const docs = generateCorpus({ size: 420, seed: 23, words: 200, derivedShare: 0.4 });

interface Running {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ready: Promise<void>;
}

// every worker started, killed after the tests: a failed test must not leave one running
const started: ChildProcess[] = [];
afterAll(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

function startWorker(url: string, prefix: string, killAt: 'none' | 'start', lockMs = 1000): Running {
  const proc = spawn(process.execPath, ['--import', 'tsx', WORKER, url, prefix, killAt, String(lockMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(proc);
  let out = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((res) => (onReady = res));
  proc.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.includes('ready\n')) onReady();
  });
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  return { proc, out: () => out, exited, ready };
}

async function stopAll(ws: Running[]): Promise<void> {
  for (const w of ws) w.proc.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.exited));
}

const jobsDone = (w: Running): number => (w.out().match(/^analysis done /gm) ?? []).length;

/** The index's documents as it gives them back, in id order (what analyze of the index sees), and their single-process analysis as JSON. */
async function indexAndAnalyse(url: string): Promise<string> {
  const index = await openCorpusIndex({ redis: url, prefix: 'news' });
  await index.add(docs);
  const stored = (await Promise.all((await index.ids()).sort().map((id) => index.get(id)))).map((d) => d!);
  await index.close();
  return JSON.stringify(analyze(stored));
}

/**
 * The cases a standalone Redis and a Cluster share: 1 and 3 worker processes give the single
 * process's analysis, every job done once; a worker killed mid-job loses nothing.
 */
function distributedCases(server: () => { url: string }, local: () => string, threeWorkerPool: number): void {
  it('gives the analysis of a single process, with 1 worker process and with 3', async () => {
    const url = server().url;
    expect(JSON.parse(local()).pairs.length).toBeGreaterThan(150);
    const one = [startWorker(url, 'news', 'none', 30_000)];
    await Promise.all(one.map((w) => w.ready));
    const a1: Analysis = await analyzeDistributed({ redis: url, prefix: 'news' }, { workers: 1 });
    await stopAll(one);
    const three = [1, 2, 3].map(() => startWorker(url, 'news', 'none', 30_000));
    await Promise.all(three.map((w) => w.ready));
    const a3 = await analyzeDistributed({ redis: url, prefix: 'news' }, { workers: threeWorkerPool });
    await stopAll(three);
    expect(JSON.stringify(a1.graph.edges)).toBe(JSON.stringify(a3.graph.edges));
    expect(JSON.stringify(a1)).toBe(local());
    expect(JSON.stringify(a3)).toBe(local());
    expect(jobsDone(one[0]!)).toBeGreaterThan(1);
    // every job done once (a lock of 30 s: no job is taken for stalled and done twice)
    expect(three.map(jobsDone).reduce((a, b) => a + b, 0)).toBe(jobsDone(one[0]!));
  }, 180_000);

  it('loses nothing when a worker is killed mid-job: the job is retried by another', async () => {
    const url = server().url;
    const doomed = startWorker(url, 'news', 'start', 1000);
    await doomed.ready;
    const result = analyzeDistributed({ redis: url, prefix: 'news' }, { workers: 1 });
    expect((await doomed.exited).signal).toBe('SIGKILL');
    const rescuer = startWorker(url, 'news', 'none', 1000);
    const a = await result;
    await stopAll([rescuer]);
    expect(jobsDone(rescuer)).toBeGreaterThan(0);
    expect(JSON.stringify(a)).toBe(local());
  }, 180_000);
}

describe.skipIf(!available)('analyze --distributed: pair tasks on BullMQ workers', () => {
  let redis: RedisServer;
  let local: string;
  beforeAll(async () => {
    redis = await startRedis();
    local = await indexAndAnalyse(redis.url);
  }, 60_000);
  afterAll(() => redis?.stop());

  distributedCases(() => redis, () => local, 2);

  it('runs from the CLI: wiretrace analyze --redis URL --distributed', async () => {
    const w = startWorker(redis.url, 'news', 'none');
    await w.ready;
    const r = await runCli(['analyze', '--redis', redis.url, '--prefix', 'news', '--distributed', '--format', 'json', '--workers', '1']);
    await stopAll([w]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.stringify(JSON.parse(r.out))).toBe(local);
    // a first run with no worker would wait in silence: the coordinator says where the work goes
    expect(r.err).toContain(`the pairs go to the Redis queue, where wiretrace worker --redis ${redis.url} --prefix news processes take them`);
    const bad = await runCli(['analyze', 'seeds', '--distributed']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^wiretrace: analyze --distributed: /);
  }, 180_000);
});

describe.skipIf(!clusterAvailable)('analyze --distributed on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let local: string;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    local = await indexAndAnalyse(cluster.url);
  }, 90_000);
  afterAll(() => cluster?.stop());

  distributedCases(() => cluster, () => local, 1);
});
