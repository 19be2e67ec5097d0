import { createRequire } from 'node:module';
import { validateDocs, type Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { openCorpusIndex, type OpenIndexOptions, type StoredCorpusIndex } from '../corpus/persistent.js';
import { parseRedisUrl } from '../corpus/redis.js';
import { redactCredentials } from '../corpus/store.js';

/**
 * Distributed ingest on BullMQ (an optional peer dependency, like ioredis): `enqueueIngest`
 * puts batches of documents on a queue in the index's own Redis, and any number of
 * `runWorker` processes, on any machines, fingerprint them and add them to the index. A job
 * whose worker dies is retried by another (BullMQ's stalled-job check); adding is idempotent,
 * so a retried job never adds a document twice.
 */

type Bull = typeof import('bullmq');
type Conn = object;

function loadBullmq(): Bull {
  try {
    return createRequire(import.meta.url)('bullmq') as Bull;
  } catch (e) {
    throw new WiretraceError('E_DEPENDENCY', 'wiretrace worker', `distributed ingest needs the bullmq and ioredis packages: npm install bullmq ioredis (${(e as Error).message.split('\n')[0]})`);
  }
}

export interface QueueTarget {
  /** The index's Redis: `redis://host:port`, or `redis://h1:p1,h2:p2` for a Cluster. */
  redis: string;
  /** The index's key prefix. Default `wiretrace`. */
  prefix?: string;
}

export interface IngestJob {
  docs: Doc[];
}

/** The queue's name and BullMQ key prefix: one hash tag, so that its scripts run on one node of a Cluster. */
function queueOf(t: QueueTarget): { name: string; prefix: string } {
  return { name: 'ingest', prefix: `{${t.prefix ?? 'wiretrace'}:queue}` };
}

/**
 * A BullMQ connection for the URL: options for a standalone Redis (BullMQ makes and closes the
 * clients), an ioredis Cluster for a cluster URL (BullMQ leaves a client it was given open:
 * the caller quits it, see `release`).
 */
function connection(url: string): Conn {
  const u = parseRedisUrl(url);
  const auth = { ...(u.username ? { username: u.username } : {}), ...(u.password ? { password: u.password } : {}) };
  if (!u.cluster) {
    const db = /^rediss?:\/\/[^/]*\/(\d+)/.exec(url)?.[1];
    return { host: u.hosts[0]!.host, port: u.hosts[0]!.port, ...auth, ...(db ? { db: Number(db) } : {}), ...(u.tls ? { tls: {} } : {}), maxRetriesPerRequest: null };
  }
  const { Cluster } = createRequire(import.meta.url)('ioredis') as { Cluster: new (seeds: object[], o: object) => Conn };
  return new Cluster(u.hosts, { redisOptions: { ...auth, ...(u.tls ? { tls: {} } : {}), maxRetriesPerRequest: null } });
}

/** Closes a connection made by `connection` if it is a client (a Cluster). */
async function release(c: Conn): Promise<void> {
  const client = c as { quit?: () => Promise<unknown>; disconnect?: () => void };
  if (typeof client.quit !== 'function') return;
  await client.quit().catch(() => client.disconnect?.());
}

/** Fails with E_STORE (credentials hidden) instead of an ioredis or BullMQ error. */
async function guarded<T>(what: string, url: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof WiretraceError) throw e;
    throw new WiretraceError('E_STORE', 'wiretrace queue', redactCredentials(`${what} at ${url} failed: ${(e as Error)?.message ?? String(e)}`));
  }
}

export interface EnqueueOptions extends Pick<OpenIndexOptions, 'shingleSize' | 'numPerm' | 'seed' | 'winnowWindow' | 'stem' | 'dropStopwords' | 'boilerplate' | 'threshold'> {
  /** Documents per job (each job is one atomic batch of the index). Default 500. */
  batch?: number;
  /** Attempts per job before it is marked failed. Default 5. */
  attempts?: number;
}

/**
 * Puts documents on the ingest queue, in jobs of `batch`. The index is opened first, so that
 * a new index gets the given fingerprint parameters and a mismatch fails here, not in every worker.
 */
export async function enqueueIngest(target: QueueTarget, docs: readonly Doc[], opts: EnqueueOptions = {}): Promise<{ jobs: number; documents: number }> {
  validateDocs(docs, 'enqueueIngest');
  const { batch = 500, attempts = 5 } = opts;
  const fp: OpenIndexOptions = {};
  for (const k of ['shingleSize', 'numPerm', 'seed', 'winnowWindow', 'stem', 'dropStopwords', 'boilerplate', 'threshold'] as const) if (opts[k] !== undefined) (fp as Record<string, unknown>)[k] = opts[k];
  const index = await openCorpusIndex({ ...fp, redis: target.redis, ...(target.prefix ? { prefix: target.prefix } : {}) });
  await index.close();
  const { Queue } = loadBullmq();
  const q = queueOf(target);
  const conn = connection(target.redis);
  const queue = new Queue<IngestJob>(q.name, { connection: conn as never, prefix: q.prefix });
  queue.on('error', () => undefined); // reported by the failing call instead (credentials hidden)
  try {
    const jobs: { name: string; data: IngestJob; opts: object }[] = [];
    for (let i = 0; i < docs.length; i += batch) {
      jobs.push({ name: 'ingest', data: { docs: docs.slice(i, i + batch).map((d) => ({ ...d })) }, opts: { attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 } });
    }
    for (let i = 0; i < jobs.length; i += 100) await guarded('queueing', redactCredentials(target.redis), () => queue.addBulk(jobs.slice(i, i + 100) as never));
    return { jobs: jobs.length, documents: docs.length };
  } finally {
    await queue.close();
    await release(conn);
  }
}

export interface IngestWorkerOptions {
  /** Jobs at once in this process. Default 1. */
  concurrency?: number;
  /** A job whose worker is silent this long is given to another worker. Default 30000 ms. */
  lockMs?: number;
  /** Stop once the queue has nothing waiting, delayed or running. Default false: run until `stop()`. */
  exitWhenIdle?: boolean;
  /** Called when a job starts and when it is done (added: documents new to the index). */
  onJob?: (e: { id: string; phase: 'start' | 'done' | 'failed'; documents: number; added?: number; error?: string }) => void | Promise<void>;
}

export interface RunningWorker {
  /** Resolves when the worker has stopped (after `stop()`, or when idle with `exitWhenIdle`). */
  done: Promise<{ jobs: number; added: number }>;
  /** Finishes the jobs in hand, then stops. */
  stop(): Promise<void>;
}

/** Starts a worker that takes ingest jobs from the queue of the index at `target`. */
export async function runWorker(target: QueueTarget, opts: IngestWorkerOptions = {}): Promise<RunningWorker> {
  const { Worker, Queue } = loadBullmq();
  const url = redactCredentials(target.redis);
  const index = await openCorpusIndex({ redis: target.redis, ...(target.prefix ? { prefix: target.prefix } : {}), batchSize: 1_000_000 });
  const q = queueOf(target);
  const lockMs = opts.lockMs ?? 30_000;
  const totals = { jobs: 0, added: 0 };
  const conn = connection(target.redis);
  const worker = new Worker<IngestJob>(q.name, async (job) => ingest(index, job.id ?? '?', job.data.docs, opts, totals), {
    connection: conn as never,
    prefix: q.prefix,
    concurrency: opts.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 5,
  });
  worker.on('failed', (job, err) => void opts.onJob?.({ id: job?.id ?? '?', phase: 'failed', documents: job?.data.docs.length ?? 0, error: redactCredentials(err.message) }));
  worker.on('error', () => undefined); // connection trouble: BullMQ reconnects; jobs are retried
  await guarded('starting the worker', url, () => worker.waitUntilReady());
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= worker.close().then(() => Promise.all([index.close(), release(conn)])).then(() => undefined));
  const done = (async () => {
    if (opts.exitWhenIdle) {
      const watch = connection(target.redis);
      const queue = new Queue(q.name, { connection: watch as never, prefix: q.prefix });
      queue.on('error', () => undefined);
      await untilIdle(queue, () => stopping !== undefined).finally(() => release(watch));
    }
    if (!opts.exitWhenIdle) await new Promise<void>((res) => worker.once('closed', () => res()));
    await stop();
    return totals;
  })();
  return { done, stop };
}

/** One job: the documents not yet in the index are added as one atomic batch (a retried job adds only what is missing). */
async function ingest(index: StoredCorpusIndex, id: string, docs: Doc[], opts: IngestWorkerOptions, totals: { jobs: number; added: number }): Promise<{ added: number }> {
  await opts.onJob?.({ id, phase: 'start', documents: docs.length });
  const there = await Promise.all(docs.map((d) => index.has(d.id)));
  const fresh = docs.filter((_, i) => !there[i]);
  if (fresh.length > 0) await index.add(fresh);
  totals.jobs++;
  totals.added += fresh.length;
  await opts.onJob?.({ id, phase: 'done', documents: docs.length, added: fresh.length });
  return { added: fresh.length };
}

/** Resolves once the queue has had nothing waiting, delayed or active for two looks in a row. */
async function untilIdle(queue: import('bullmq').Queue, stopped: () => boolean): Promise<void> {
  try {
    let quiet = 0;
    while (!stopped() && quiet < 2) {
      await new Promise((r) => setTimeout(r, 500));
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      quiet = Object.values(c).every((n) => n === 0) ? quiet + 1 : 0;
    }
  } finally {
    await queue.close();
  }
}
