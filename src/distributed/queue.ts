import { validateDocs, type Doc } from '../doc.js';
import { openCorpusIndex, type OpenIndexOptions, type StoredCorpusIndex } from '../corpus/persistent.js';
import { redactCredentials } from '../corpus/store.js';
import type { PairAnalysis } from '../provenance/graph.js';
import { connection, guarded, keyValueClient, loadBullmq, queueOf, release, type QueueTarget } from './_bull.js';
import { AnalysisJobRunner, analysisQueueOf, type AnalysisJob } from './analyze.js';

export type { QueueTarget } from './_bull.js';

/**
 * Distributed ingest on BullMQ (an optional peer dependency, like ioredis): `enqueueIngest`
 * puts batches of documents on a queue in the index's own Redis, and any number of
 * `runWorker` processes, on any machines, fingerprint them and add them to the index. A job
 * whose worker dies is retried by another (BullMQ's stalled-job check); adding is idempotent,
 * so a retried job never adds a document twice.
 */

export interface IngestJob {
  docs: Doc[];
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
  /** Jobs at once in this process (per queue: ingest and analysis). Default 1. */
  concurrency?: number;
  /** A job whose worker is silent this long is given to another worker. Default 30000 ms. */
  lockMs?: number;
  /** Stop once both queues have nothing waiting, delayed or running. Default false: run until `stop()`. */
  exitWhenIdle?: boolean;
  /**
   * Called when a job starts and when it is done. Ingest jobs: documents, and added (new to the
   * index); analysis jobs (`kind: 'analysis'`): documents whose pairs it aligns, pairs sharing a passage.
   */
  onJob?: (e: { id: string; kind?: 'ingest' | 'analysis'; phase: 'start' | 'done' | 'failed'; documents: number; added?: number; pairs?: number; error?: string }) => void | Promise<void>;
}

export interface RunningWorker {
  /** Resolves when the worker has stopped (after `stop()`, or when idle with `exitWhenIdle`). */
  done: Promise<{ jobs: number; added: number; analysisJobs: number }>;
  /** Finishes the jobs in hand, then stops. */
  stop(): Promise<void>;
}

/**
 * Starts a worker that takes jobs from the queues of the index at `target`: ingest jobs
 * (`enqueueIngest`) and analysis jobs (`analyzeDistributed`).
 */
export async function runWorker(target: QueueTarget, opts: IngestWorkerOptions = {}): Promise<RunningWorker> {
  const { Worker, Queue } = loadBullmq();
  const url = redactCredentials(target.redis);
  const index = await openCorpusIndex({ redis: target.redis, ...(target.prefix ? { prefix: target.prefix } : {}), batchSize: 1_000_000 });
  const q = queueOf(target);
  const aq = analysisQueueOf(target);
  const lockMs = opts.lockMs ?? 30_000;
  const totals = { jobs: 0, added: 0, analysisJobs: 0 };
  const [conn, aconn, kv] = [connection(target.redis), connection(target.redis), keyValueClient(target.redis)];
  const workerOpts = { prefix: q.prefix, concurrency: opts.concurrency ?? 1, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 5 };
  const worker = new Worker<IngestJob>(q.name, async (job) => ingest(index, job.id ?? '?', job.data.docs, opts, totals), { ...workerOpts, connection: conn as never });
  const runner = new AnalysisJobRunner((key) => kv.get(key));
  const analysis = new Worker<AnalysisJob>(aq.name, async (job) => analyse(runner, job.id ?? '?', job.data, opts, totals), { ...workerOpts, connection: aconn as never });
  worker.on('failed', (job, err) => void opts.onJob?.({ id: job?.id ?? '?', kind: 'ingest', phase: 'failed', documents: job?.data.docs.length ?? 0, error: redactCredentials(err.message) }));
  analysis.on('failed', (job, err) => void opts.onJob?.({ id: job?.id ?? '?', kind: 'analysis', phase: 'failed', documents: job?.data.task.docs.length ?? 0, error: redactCredentials(err.message) }));
  for (const w of [worker, analysis]) w.on('error', () => undefined); // connection trouble: BullMQ reconnects; jobs are retried
  await guarded('starting the worker', url, () => Promise.all([worker.waitUntilReady(), analysis.waitUntilReady()]));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= Promise.all([worker.close(), analysis.close()])
      .then(() => Promise.all([index.close(), release(conn), release(aconn), release(kv)]))
      .then(() => undefined));
  const done = (async () => {
    if (opts.exitWhenIdle) {
      const watch = connection(target.redis);
      const queues = [new Queue(q.name, { connection: watch as never, prefix: q.prefix }), new Queue(aq.name, { connection: watch as never, prefix: aq.prefix })];
      for (const x of queues) x.on('error', () => undefined);
      await untilIdle(queues, () => stopping !== undefined).finally(() => release(watch));
    }
    if (!opts.exitWhenIdle) await new Promise<void>((res) => worker.once('closed', () => res()));
    await stop();
    return totals;
  })();
  return { done, stop };
}

/** One analysis job: the pair task, with the run's shared data (fetched once per run). */
async function analyse(runner: AnalysisJobRunner, id: string, job: AnalysisJob, opts: IngestWorkerOptions, totals: { analysisJobs: number }): Promise<PairAnalysis[]> {
  await opts.onJob?.({ id, kind: 'analysis', phase: 'start', documents: job.task.docs.length });
  const pairs = await runner.run(job);
  totals.analysisJobs++;
  await opts.onJob?.({ id, kind: 'analysis', phase: 'done', documents: job.task.docs.length, pairs: pairs.length });
  return pairs;
}

/** One job: the documents not yet in the index are added as one atomic batch (a retried job adds only what is missing). */
async function ingest(index: StoredCorpusIndex, id: string, docs: Doc[], opts: IngestWorkerOptions, totals: { jobs: number; added: number }): Promise<{ added: number }> {
  await opts.onJob?.({ id, kind: 'ingest', phase: 'start', documents: docs.length });
  const there = await Promise.all(docs.map((d) => index.has(d.id)));
  const fresh = docs.filter((_, i) => !there[i]);
  if (fresh.length > 0) await index.add(fresh);
  totals.jobs++;
  totals.added += fresh.length;
  await opts.onJob?.({ id, kind: 'ingest', phase: 'done', documents: docs.length, added: fresh.length });
  return { added: fresh.length };
}

/** Resolves once the queues have had nothing waiting, delayed or active for two looks in a row. */
async function untilIdle(queues: import('bullmq').Queue[], stopped: () => boolean): Promise<void> {
  try {
    let quiet = 0;
    while (!stopped() && quiet < 2) {
      await new Promise((r) => setTimeout(r, 500));
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
      quiet = counts.every((c) => Object.values(c).every((n) => n === 0)) ? quiet + 1 : 0;
    }
  } finally {
    await Promise.all(queues.map((q) => q.close()));
  }
}
